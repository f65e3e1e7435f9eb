/** The module the integration writes for the pages: where this site's content folder is. */
declare module 'virtual:statusmark/config' {
  /** The absolute path of the content folder. */
  export const contentDir: string;
}
