/**
 * JSON Schemas of the Statuspage v2 public API documents, written from its documentation
 * (the field names, types and enums its clients rely on). Extra fields are allowed, as
 * clients ignore what they do not know; missing or mistyped ones are not.
 */
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { anyOf: [dateTime, { type: 'null' }] } as const;
const componentStatus = { enum: ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] } as const;

export const page = {
  type: 'object',
  required: ['id', 'name', 'url', 'updated_at'],
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string' },
    url: { type: 'string', format: 'uri' },
    time_zone: { type: 'string' },
    updated_at: dateTime,
  },
} as const;

export const status = {
  type: 'object',
  required: ['indicator', 'description'],
  properties: { indicator: { enum: ['none', 'minor', 'major', 'critical'] }, description: { type: 'string' } },
  additionalProperties: false,
} as const;

export const component = {
  type: 'object',
  required: [
    'id',
    'name',
    'status',
    'created_at',
    'updated_at',
    'position',
    'description',
    'showcase',
    'start_date',
    'group_id',
    'page_id',
    'group',
    'only_show_if_degraded',
  ],
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string' },
    status: componentStatus,
    created_at: dateTime,
    updated_at: dateTime,
    position: { type: 'integer' },
    description: { type: ['string', 'null'] },
    showcase: { type: 'boolean' },
    start_date: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
    group_id: { type: ['string', 'null'] },
    page_id: { type: 'string' },
    group: { type: 'boolean' },
    only_show_if_degraded: { type: 'boolean' },
    components: { type: 'array', items: { type: 'string' } },
  },
} as const;

const incidentUpdate = (statuses: readonly string[]) =>
  ({
    type: 'object',
    required: ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at', 'affected_components'],
    properties: {
      id: { type: 'string' },
      status: { enum: statuses },
      body: { type: 'string' },
      incident_id: { type: 'string' },
      created_at: dateTime,
      updated_at: dateTime,
      display_at: dateTime,
      affected_components: {
        anyOf: [
          { type: 'null' },
          {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'name', 'old_status', 'new_status'],
              properties: { code: { type: 'string' }, name: { type: 'string' }, old_status: componentStatus, new_status: componentStatus },
            },
          },
        ],
      },
    },
  }) as const;

const incidentStates = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
const maintenanceStates = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;

export const incident = {
  type: 'object',
  required: [
    'id',
    'name',
    'status',
    'created_at',
    'updated_at',
    'monitoring_at',
    'resolved_at',
    'impact',
    'shortlink',
    'started_at',
    'page_id',
    'incident_updates',
    'components',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { enum: incidentStates },
    created_at: dateTime,
    updated_at: dateTime,
    monitoring_at: nullableDateTime,
    resolved_at: nullableDateTime,
    impact: { enum: ['none', 'minor', 'major', 'critical'] },
    shortlink: { type: 'string', format: 'uri' },
    started_at: dateTime,
    page_id: { type: 'string' },
    incident_updates: { type: 'array', minItems: 1, items: incidentUpdate(incidentStates) },
    components: { type: 'array', items: component },
  },
} as const;

export const scheduledMaintenance = {
  type: 'object',
  required: [...incident.required, 'scheduled_for', 'scheduled_until'],
  properties: {
    ...incident.properties,
    status: { enum: maintenanceStates },
    impact: { enum: ['maintenance', 'none', 'minor', 'major', 'critical'] },
    incident_updates: { type: 'array', minItems: 1, items: incidentUpdate(maintenanceStates) },
    scheduled_for: dateTime,
    scheduled_until: dateTime,
  },
} as const;

const doc = (extra: Record<string, object>, required: string[]) => ({
  type: 'object',
  required: ['page', ...required],
  properties: { page, ...extra },
});

/** The schema of each file below /api/v2/. */
export const documents: Record<string, object> = {
  'summary.json': doc(
    {
      components: { type: 'array', items: component },
      incidents: { type: 'array', items: incident },
      scheduled_maintenances: { type: 'array', items: scheduledMaintenance },
      status,
    },
    ['components', 'incidents', 'scheduled_maintenances', 'status'],
  ),
  'status.json': doc({ status }, ['status']),
  'components.json': doc({ components: { type: 'array', items: component } }, ['components']),
  'incidents.json': doc({ incidents: { type: 'array', maxItems: 50, items: incident } }, ['incidents']),
  'incidents/unresolved.json': doc({ incidents: { type: 'array', items: incident } }, ['incidents']),
  'scheduled-maintenances.json': doc({ scheduled_maintenances: { type: 'array', maxItems: 50, items: scheduledMaintenance } }, [
    'scheduled_maintenances',
  ]),
  'scheduled-maintenances/upcoming.json': doc({ scheduled_maintenances: { type: 'array', items: scheduledMaintenance } }, [
    'scheduled_maintenances',
  ]),
  'scheduled-maintenances/active.json': doc({ scheduled_maintenances: { type: 'array', items: scheduledMaintenance } }, [
    'scheduled_maintenances',
  ]),
};
