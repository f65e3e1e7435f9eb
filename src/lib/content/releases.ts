/**
 * The releases that changed the content format, as validation names them: a field a
 * release changed says so in its error (`changedIn`), and `statusmark migrate`
 * (migrations.ts) rewrites it. No rule of the format itself here, so the schema can
 * name a release without loading the migrations or the templates they reuse.
 */

/** The release that stopped accepting a path in site.yaml's `url` (the path goes in `base`). */
export const URL_PATH_RELEASE = '0.2.0';

/** The words validation adds to a field a release changed. */
export function changedIn(release: string): string {
  return `(changed in ${release}: run npx statusmark migrate)`;
}
