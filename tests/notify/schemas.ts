/**
 * JSON Schemas of what each receiver accepts, written from each service's documentation:
 * Statuspage's webhook payload, Slack's Block Kit (incoming webhooks), Discord's
 * execute-webhook body with embeds, a Teams workflow message with an Adaptive Card 1.4,
 * and Mattermost's incoming webhook. The limits are the documented ones.
 */
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { anyOf: [dateTime, { type: 'null' }] } as const;
const componentStatus = { enum: ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

const statuspageUpdate = {
  type: 'object',
  required: ['id', 'incident_id', 'status', 'body', 'created_at', 'updated_at', 'display_at'],
  properties: {
    id: { type: 'string', minLength: 1 },
    incident_id: { type: 'string', minLength: 1 },
    status: {
      enum: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem', 'scheduled', 'in_progress', 'verifying', 'completed'],
    },
    body: { type: 'string' },
    created_at: dateTime,
    updated_at: dateTime,
    display_at: dateTime,
    affected_components: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name', 'old_status', 'new_status'],
        properties: { code: { type: 'string' }, name: { type: 'string' }, old_status: componentStatus, new_status: componentStatus },
      },
    },
  },
} as const;

export const statuspageWebhook = {
  type: 'object',
  required: ['meta', 'page'],
  properties: {
    meta: { type: 'object', required: ['unsubscribe', 'documentation'] },
    page: {
      type: 'object',
      required: ['id', 'status_indicator', 'status_description'],
      properties: {
        id: { type: 'string', minLength: 1 },
        status_indicator: { enum: ['none', 'minor', 'major', 'critical'] },
        status_description: { type: 'string' },
      },
    },
    incident: {
      type: 'object',
      required: [
        'id',
        'name',
        'status',
        'impact',
        'created_at',
        'updated_at',
        'monitoring_at',
        'resolved_at',
        'shortlink',
        'incident_updates',
      ],
      properties: {
        id: { type: 'string', minLength: 1 },
        name: { type: 'string', minLength: 1 },
        status: statuspageUpdate.properties.status,
        impact: { enum: ['none', 'minor', 'major', 'critical', 'maintenance'] },
        created_at: dateTime,
        updated_at: dateTime,
        monitoring_at: nullableDateTime,
        resolved_at: nullableDateTime,
        scheduled_for: nullableDateTime,
        scheduled_until: nullableDateTime,
        shortlink: { type: 'string', format: 'uri' },
        incident_updates: { type: 'array', minItems: 1, items: statuspageUpdate },
      },
    },
    notice: { type: 'object', required: ['id', 'name', 'body', 'created_at', 'shortlink'] },
  },
  oneOf: [{ required: ['incident'] }, { required: ['notice'] }],
} as const;

const plainText = (max: number) =>
  ({
    type: 'object',
    required: ['type', 'text'],
    properties: { type: { const: 'plain_text' }, text: text(max), emoji: { type: 'boolean' } },
    additionalProperties: false,
  }) as const;
const mrkdwn = (max: number) =>
  ({
    type: 'object',
    required: ['type', 'text'],
    properties: { type: { const: 'mrkdwn' }, text: text(max) },
    additionalProperties: false,
  }) as const;

export const slackMessage = {
  type: 'object',
  required: ['text', 'blocks'],
  properties: {
    text: { type: 'string', maxLength: 40_000 },
    blocks: {
      type: 'array',
      maxItems: 50,
      items: {
        oneOf: [
          {
            type: 'object',
            required: ['type', 'text'],
            properties: { type: { const: 'header' }, text: plainText(150) },
            additionalProperties: false,
          },
          {
            type: 'object',
            required: ['type', 'text'],
            properties: { type: { const: 'section' }, text: mrkdwn(3000) },
            additionalProperties: false,
          },
          {
            type: 'object',
            required: ['type', 'fields'],
            properties: { type: { const: 'section' }, fields: { type: 'array', minItems: 1, maxItems: 10, items: mrkdwn(2000) } },
            additionalProperties: false,
          },
          {
            type: 'object',
            required: ['type', 'elements'],
            properties: { type: { const: 'context' }, elements: { type: 'array', minItems: 1, maxItems: 10, items: mrkdwn(3000) } },
            additionalProperties: false,
          },
        ],
      },
    },
  },
} as const;

export const discordMessage = {
  type: 'object',
  required: ['embeds'],
  properties: {
    content: { type: 'string', maxLength: 2000 },
    allowed_mentions: { type: 'object', properties: { parse: { type: 'array', items: { enum: ['roles', 'users', 'everyone'] } } } },
    embeds: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: {
        type: 'object',
        properties: {
          title: { type: 'string', maxLength: 256 },
          description: { type: 'string', maxLength: 4096 },
          url: { type: 'string', format: 'uri' },
          timestamp: dateTime,
          color: { type: 'integer', minimum: 0, maximum: 0xffffff },
          footer: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 2048 } } },
          fields: {
            type: 'array',
            maxItems: 25,
            items: {
              type: 'object',
              required: ['name', 'value'],
              properties: { name: text(256), value: text(1024), inline: { type: 'boolean' } },
              additionalProperties: false,
            },
          },
        },
      },
    },
  },
} as const;

export const teamsMessage = {
  type: 'object',
  required: ['type', 'attachments'],
  properties: {
    type: { const: 'message' },
    attachments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['contentType', 'content'],
        properties: {
          contentType: { const: 'application/vnd.microsoft.card.adaptive' },
          content: {
            type: 'object',
            required: ['type', 'version', 'body'],
            properties: {
              type: { const: 'AdaptiveCard' },
              version: { enum: ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'] },
              body: {
                type: 'array',
                items: {
                  oneOf: [
                    { type: 'object', required: ['type', 'text'], properties: { type: { const: 'TextBlock' }, text: { type: 'string' } } },
                    {
                      type: 'object',
                      required: ['type', 'facts'],
                      properties: {
                        type: { const: 'FactSet' },
                        facts: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['title', 'value'],
                            properties: { title: { type: 'string' }, value: { type: 'string' } },
                          },
                        },
                      },
                    },
                  ],
                },
              },
              actions: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['type', 'title', 'url'],
                  properties: { type: { const: 'Action.OpenUrl' }, url: { type: 'string', format: 'uri' } },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const mattermostMessage = {
  type: 'object',
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1, maxLength: 16_383 } },
} as const;
