/** The module the integration writes for the pages: where this site's content folder is. */
declare module 'virtual:statusmark/config' {
  /** The absolute path of the content folder. */
  export const contentDir: string;
}

/** The components a site may replace (statusmark({ components })), each the site's own or the default. */
declare module 'virtual:statusmark/components' {
  export const Header: typeof import('./components/Header.astro').default;
  export const Footer: typeof import('./components/Footer.astro').default;
  export const ServiceListIntro: typeof import('./components/ServiceListIntro.astro').default;
}

/** What the middleware (route-data.ts) hands every page, component and endpoint of a request. */
declare namespace App {
  interface Locals {
    /** The route data: the page's language, vocabulary, base paths and content in that language. */
    statusmark: import('./page.ts').PageContext;
    /**
     * Where the page's forms may post, for its security policy (policy.ts): set while it renders by
     * the component that puts a form on it (SubscribeForm.astro); none, `form-action 'none'`, otherwise.
     */
    formActions?: readonly string[];
  }
}
