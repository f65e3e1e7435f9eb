/** The Subscribe page's links for this build, per language: the content, and notify.yaml's public join links. */
import { loadNotifyConfig } from '../lib/content/load.ts';
import { contentDir } from 'virtual:statusmark/config';
import { languagePrefix } from '../lib/languages/languages.ts';
import { subscribeOptions, type SubscribeOptions } from '../lib/outputs/subscribe.ts';
import type { PageContext } from './page.ts';
import { perBuild } from './per-build.ts';

const notifyConfig = perBuild(() => loadNotifyConfig(contentDir).value);

/** The ways to follow the page, in the page's language, with that language's feeds. */
export function getSubscribeOptions({ lang, t, content }: Pick<PageContext, 'lang' | 't' | 'content'>): SubscribeOptions {
  return subscribeOptions(content, notifyConfig(), t, languagePrefix(content.site.languages, lang));
}
