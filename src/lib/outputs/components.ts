/**
 * The components a site may replace (`statusmark({ components })`), and the module that
 * gives the layout each one: the site's own file when it names one, else the default.
 */
import { resolve } from 'node:path';

/** The replaceable components, by name, and the file of each one's default under src/astro/components/. Stable: see the manual, "Customising". */
export const COMPONENTS = {
  Header: 'Header.astro',
  Footer: 'Footer.astro',
  ServiceListIntro: 'ServiceListIntro.astro',
} as const;
export type ComponentName = keyof typeof COMPONENTS;

/**
 * The source of `virtual:statusmark/components`. `given` maps names to paths from the
 * project `root`; `defaults` is the folder of the default components. Throws, naming the
 * option, on a name that cannot be replaced or a file that does not exist.
 */
export function componentsModule(
  root: string,
  given: Partial<Record<string, string>>,
  defaults: string,
  exists: (file: string) => boolean,
): string {
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(COMPONENTS, name));
  if (unknown.length) {
    throw new Error(
      `statusmark({ components }) in astro.config.mjs: ${unknown.join(', ')} cannot be replaced; the components a site may replace are ${Object.keys(COMPONENTS).join(', ')}`,
    );
  }
  return Object.entries(COMPONENTS)
    .map(([name, fallback]) => {
      const own = given[name];
      const file = own === undefined ? resolve(defaults, fallback) : resolve(root, own);
      if (own !== undefined && !exists(file))
        throw new Error(`statusmark({ components: { ${name}: ${JSON.stringify(own)} } }) in astro.config.mjs: ${file} does not exist`);
      return `export { default as ${name} } from ${JSON.stringify(file)};`;
    })
    .join('\n');
}
