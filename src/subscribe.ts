/** The Subscribe page's links for this build: the content, and notify.yaml's public join links. */
import { getStatusData } from './data.ts';
import { loadNotifyConfig } from './lib/load.ts';
import { contentDir } from 'virtual:statusmark/config';
import { subscribeOptions } from './lib/subscribe.ts';
import { perBuild } from './per-build.ts';

export const getSubscribeOptions = perBuild(() => subscribeOptions(getStatusData().content, loadNotifyConfig(contentDir).value));
