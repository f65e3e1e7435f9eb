/** The Subscribe page's links for this build: the content, and notify.yaml's public join links. */
import { getStatusData } from './data.ts';
import { contentDir, loadNotifyConfig } from './lib/load.ts';
import { subscribeOptions } from './lib/subscribe.ts';
import { perBuild } from './per-build.ts';

export const getSubscribeOptions = perBuild(() => subscribeOptions(getStatusData().content, loadNotifyConfig(contentDir(process.env, process.cwd())).value));
