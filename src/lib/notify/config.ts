/**
 * `content/notify.yaml`: where `statusmark notify` announces updates. Secrets never sit
 * in the file: a channel names the environment variable that holds its webhook URL,
 * signing secret or SMTP password, and validation refuses a value that looks like a
 * secret written out (a Slack or Discord webhook URL, a token, a signed URL).
 */
import { declaredLanguage, undeclaredLanguage } from '../languages/languages.ts';
import { z } from 'zod';
import { IMPACTS, type Impact } from '../content/model.ts';
import { impactRow } from '../status/statuses.ts';
import type { Problem } from '../content/problems.ts';
import { validate } from '../content/schema.ts';
import { parseYaml } from '../content/yaml-source.ts';

export const CHANNEL_TYPES = ['webhook', 'slack', 'discord', 'teams', 'mattermost', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const ENTRY_KINDS = ['incidents', 'maintenance', 'notices'] as const;

/** The name of an environment variable: `SLACK_WEBHOOK_URL`. */
const envName = z
  .string()
  .regex(
    /^[A-Z_][A-Z0-9_]*$/,
    'must be the NAME of an environment variable, e.g. SLACK_WEBHOOK_URL (the value stays out of the repository)',
  );

/** A channel's name: used in the summary and as its key in the sent-state file. */
const channelName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be lowercase letters, digits and hyphens, e.g. ops-slack');

/** Where a visitor joins: an http(s) URL or a mailto: address, shown on the Subscribe page. */
const joinLink = z.string().refine((s) => (/^https?:\/\//i.test(s) && URL.canParse(s)) || /^mailto:[^\s@]+@[^\s@]+$/i.test(s), {
  message: 'must be an http(s) URL or a mailto: address',
});

const common = {
  /** The channel's name in the summary and the sent-state file. */
  name: channelName,
  type: z.enum(CHANNEL_TYPES),
  /** Only what touches one of these service ids (notices, which touch none, always pass). */
  services: z.array(z.string(), 'must be a list of service ids').optional(),
  /** Only incidents at least this bad (maintenance and notices always pass). */
  min_impact: z.enum(IMPACTS).default('none'),
  /** Which kinds of entry to announce. */
  include: z
    .array(z.enum(ENTRY_KINDS))
    .min(1, 'must list at least one of incidents, maintenance, notices')
    .default([...ENTRY_KINDS]),
  /** How a visitor joins this channel, shown on the Subscribe page: a chat invite or a list's page. */
  join: joinLink.optional(),
  /** Seconds before a request is given up (default 10). */
  timeout: z.number().positive().max(120).default(10),
  /** The language its messages are written in, one of site.yaml's `languages` (default: the first, the site's default). */
  language: z.string('must be a language tag of site.yaml, e.g. en').optional(),
};

/**
 * Chat webhooks: their URL is the secret, so it always comes from the environment; so does
 * every other channel's URL (`refuseUrl`).
 */
const chatSchema = z.strictObject({ ...common, type: z.enum(['slack', 'discord', 'teams', 'mattermost']), url_env: envName });

const webhookSchema = z.strictObject({
  ...common,
  type: z.literal('webhook'),
  /** The variable holding the receiver's URL. */
  url_env: envName,
  /** The variable holding the HMAC-SHA256 signing secret; without it requests are not signed. */
  secret_env: envName.optional(),
});

const emailSchema = z.strictObject({
  ...common,
  type: z.literal('email'),
  smtp: z.strictObject({
    host: z.string().min(1, 'must not be empty'),
    port: z.int('must be a whole number').min(1).max(65535).default(587),
    /** true for implicit TLS (port 465); otherwise STARTTLS, which the server must offer (see `tls`). */
    secure: z.boolean('must be true or false').default(false),
    /**
     * `required` (the default): TLS, implicit or STARTTLS, before credentials or mail are
     * sent; a server without it is refused. Only a loopback relay (127.0.0.1, ::1,
     * localhost) given no credentials is spoken to without it. `none-trusted-relay`: plain
     * SMTP to a relay you trust on your own network, credentials included.
     */
    tls: z.enum(['required', 'none-trusted-relay']).default('required'),
    user_env: envName.optional(),
    password_env: envName.optional(),
  }),
  /** The sender: `Nimbus status <status@nimbus.example>`. */
  from: z.string().min(3, 'must be an address'),
  /** The list address the team already runs; its members receive every announcement. */
  to: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be one address, the mailing list'),
  /** Where to leave the list: mailto: or https:, sent as List-Unsubscribe. */
  unsubscribe: joinLink,
});

export type ChatChannel = z.output<typeof chatSchema>;
export type WebhookChannel = z.output<typeof webhookSchema>;
export type EmailChannel = z.output<typeof emailSchema>;
export type Channel = ChatChannel | WebhookChannel | EmailChannel;

export interface NotifyConfig {
  channels: Channel[];
}

const fileSchema = z.strictObject({
  /** Each channel is checked on its own, so one bad channel does not hide the others. */
  channels: z.array(z.unknown(), 'must be a list of channels'),
});

const SCHEMAS: Record<ChannelType, z.ZodType> = {
  webhook: webhookSchema,
  slack: chatSchema,
  discord: chatSchema,
  teams: chatSchema,
  mattermost: chatSchema,
  email: emailSchema,
};

/**
 * Web addresses whose path or query is the credential (a capability URL): whoever has the
 * URL can post. Checked anywhere in the file, `join:` links too.
 */
const CAPABILITY_URLS = [
  /hooks\.slack\.com\//i, // Slack incoming webhooks and workflows
  /discord(?:app)?\.com\/api\/webhooks\//i,
  /webhook\.office\.com\/|outlook\.office(?:365)?\.com\/webhook/i, // Office 365 connectors
  /\.logic\.azure\.com|environment\.api\.powerplatform\.com/i, // Power Automate (Teams workflows)
  /\/hooks\/[A-Za-z0-9]{16,}/, // Mattermost incoming webhooks
  /hooks\.zapier\.com\/hooks\//i,
  /maker\.ifttt\.com\/trigger\//i,
  /hook\.(?:[a-z0-9-]+\.)?(?:make|integromat)\.com\//i, // Make
  /\/webhook(?:-test)?\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, // n8n
  /api\.telegram\.org\/bot\d+:/i, // Telegram bot token
  /events\.pagerduty\.com\/|\/integration\/[0-9a-f]{32}\//i, // PagerDuty integration keys
];

/**
 * True for a value that looks like a credential written out: a capability URL (its path
 * is the secret), a URL with a password or a signature, a token with a known prefix, or a
 * long random-looking string.
 */
export function looksSecret(value: string): boolean {
  const v = value.trim();
  if (CAPABILITY_URLS.some((shape) => shape.test(v))) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(v)) return true; // user:password@host
  if (/[?&](sig|signature|token|key|secret|password|code|access_token|apikey|api_key)=/i.test(v)) return true;
  if (/\b(xox[abposr]-|ghp_|github_pat_|sk_live_|sk-|AKIA[0-9A-Z]{12}|SG\.)[A-Za-z0-9_-]{8,}/.test(v)) return true;
  if (/^-----BEGIN /.test(v)) return true;
  // A long word mixing letters and digits with no spaces: a key, not prose.
  return /^[A-Za-z0-9+/_=-]{32,}$/.test(v) && /[0-9]/.test(v) && /[A-Za-z]/.test(v);
}

/** Every string in `data` with its path, to look for secrets. */
function strings(data: unknown, path: (string | number)[] = []): [(string | number)[], string][] {
  if (typeof data === 'string') return [[path, data]];
  if (Array.isArray(data)) return data.flatMap((v, i) => strings(v, [...path, i]));
  if (data && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

/**
 * Parses and checks notify.yaml. `serviceIds` are the known services (from services.yaml),
 * `languages` the site's (site.yaml; undefined when it could not be read, which is reported
 * on its own); every problem names the file, the line and the field.
 */
export function parseNotifyConfig(
  file: string,
  text: string,
  serviceIds: ReadonlySet<string>,
  languages?: readonly string[],
): { value?: NotifyConfig; problems: Problem[] } {
  const yaml = parseYaml(text, file);
  if (yaml.problems.length) return { problems: yaml.problems };
  const problems: Problem[] = [];
  for (const [path, value] of strings(yaml.data)) {
    // A channel's url: is refused below whatever it holds.
    const isUrl = path.length === 3 && path[0] === 'channels' && path[2] === 'url';
    if (!isUrl && looksSecret(value)) {
      problems.push({
        file,
        line: yaml.lineOf(path),
        field: path.join('.'),
        message:
          'looks like a secret (a webhook URL, token or password); put it in an environment variable and name the variable here (url_env, secret_env, password_env)',
      });
    }
  }
  const result = validate(fileSchema, yaml.data, file, yaml.lineOf);
  if (!result.ok) return { problems: [...problems, ...result.problems] };
  const channels: Channel[] = [];
  const names = new Map<string, number>();
  result.value.channels.forEach((item, i) => {
    // A receiver's URL is the key to post there: never in a file teams commit, whatever the channel.
    if (item && typeof item === 'object' && 'url' in item) {
      const env = `${String((item as { name?: unknown }).name ?? 'channel')
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')}_URL`;
      problems.push({
        file,
        line: yaml.lineOf(['channels', i, 'url']),
        field: `channels.${i}.url`,
        message: `a receiver's URL is never written in notify.yaml (teams commit it, often publicly, and the URL alone lets anyone post); put it in an environment variable (a CI secret) and name it: url_env: ${env}`,
      });
      return;
    }
    const typed = validate(z.looseObject({ type: z.enum(CHANNEL_TYPES) }), item, file, yaml.lineOf, ['channels', i]);
    if (!typed.ok) {
      problems.push(...typed.problems);
      return;
    }
    const checked = validate(SCHEMAS[typed.value.type], item, file, yaml.lineOf, ['channels', i]);
    if (!checked.ok) {
      problems.push(...checked.problems);
      return;
    }
    const channel = checked.value as Channel;
    const at = (field: string) => yaml.lineOf(['channels', i, field]);
    const first = names.get(channel.name);
    if (first !== undefined)
      problems.push({ file, line: at('name'), field: `channels.${i}.name`, message: `"${channel.name}" is already used at line ${first}` });
    names.set(channel.name, at('name'));
    (channel.services ?? []).forEach((id, j) => {
      if (!serviceIds.has(id))
        problems.push({
          file,
          line: yaml.lineOf(['channels', i, 'services', j]),
          field: `channels.${i}.services.${j}`,
          message: `"${id}" is not a service in services.yaml; known: ${[...serviceIds].join(', ')}`,
        });
    });
    if (channel.language !== undefined && languages) {
      // The site's own spelling of the tag (`en-gb` is `en-GB`), so messages and links match its pages.
      const known = declaredLanguage(channel.language, languages);
      if (known) channel.language = known;
      else
        problems.push({
          file,
          line: at('language'),
          field: `channels.${i}.language`,
          message: undeclaredLanguage(channel.language, languages),
        });
    }
    channels.push(channel);
  });
  return problems.length ? { problems } : { value: { channels }, problems };
}

/** Whether a channel's filters let an entry through. */
export function channelWants(
  channel: Pick<Channel, 'services' | 'min_impact' | 'include'>,
  entry: { kind: 'incident' | 'maintenance' | 'notice'; impact?: Impact; services: { id: string }[] },
): boolean {
  const kind = entry.kind === 'incident' ? 'incidents' : entry.kind === 'maintenance' ? 'maintenance' : 'notices';
  if (!channel.include.includes(kind)) return false;
  if (entry.kind === 'incident' && impactRow(entry.impact ?? 'none').rank < impactRow(channel.min_impact).rank) return false;
  if (channel.services && entry.kind !== 'notice' && !entry.services.some((s) => channel.services!.includes(s.id))) return false;
  return true;
}

/** The names of the environment variables a channel reads; each must be set when it sends. */
export function channelEnv(channel: Channel): string[] {
  if (channel.type === 'email') return [channel.smtp.user_env, channel.smtp.password_env].filter((n): n is string => n !== undefined);
  if (channel.type === 'webhook') return [channel.url_env, channel.secret_env].filter((n): n is string => n !== undefined);
  return [channel.url_env];
}
