import { describe, expect, it } from 'vitest';
import { componentsModule } from './components.ts';

const exists = (files: string[]) => (file: string) => files.includes(file);

describe('componentsModule', () => {
  it('gives every default when the site replaces nothing', () => {
    expect(componentsModule('/site', {}, '/pkg/src/components', exists([]))).toBe(
      [
        'export { default as Header } from "/pkg/src/components/Header.astro";',
        'export { default as Footer } from "/pkg/src/components/Footer.astro";',
        'export { default as ServiceListIntro } from "/pkg/src/components/ServiceListIntro.astro";',
      ].join('\n'),
    );
  });
  it("takes the site's own file, from the project root", () => {
    const source = componentsModule(
      '/site',
      { Header: './src/MyHeader.astro' },
      '/pkg/src/components',
      exists(['/site/src/MyHeader.astro']),
    );
    expect(source.split('\n')[0]).toBe('export { default as Header } from "/site/src/MyHeader.astro";');
    expect(source.split('\n')[1]).toBe('export { default as Footer } from "/pkg/src/components/Footer.astro";');
  });
  it('refuses a missing file and a name that cannot be replaced, naming the option', () => {
    expect(() => componentsModule('/site', { Footer: './src/Gone.astro' }, '/pkg', exists([]))).toThrow(
      'statusmark({ components: { Footer: "./src/Gone.astro" } }) in astro.config.mjs: /site/src/Gone.astro does not exist',
    );
    expect(() =>
      componentsModule('/site', { Banner: './b.astro', toString: './t.astro' }, '/pkg', exists(['/site/b.astro', '/site/t.astro'])),
    ).toThrow(
      'statusmark({ components }) in astro.config.mjs: Banner, toString cannot be replaced; the components a site may replace are Header, Footer, ServiceListIntro',
    );
  });
});
