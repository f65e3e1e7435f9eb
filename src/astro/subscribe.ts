/** The Subscribe page's links for this build, per language: the content, and notify.yaml's public join links. */
import { getStatusData } from './data.ts';
import { subscribeOptions, type SubscribeOptions } from '../lib/outputs/subscribe.ts';
import type { PageContext } from './page.ts';

/** The ways to follow the page, in the page's language, with that language's feeds. */
export function getSubscribeOptions({ t, content, language }: Pick<PageContext, 't' | 'content' | 'language'>): SubscribeOptions {
  // notify.yaml as the build's content load checked it, with site.yaml and services.yaml.
  return subscribeOptions(content, getStatusData().notify, t, language.prefix);
}
