/**
 * The one table of Oura V2 data types: route, query parameters, scope and
 * webhook name of each. Facts about Oura, not about our client: the client,
 * the CLI's checks and `oura types`, the MCP tools and the emulator all read
 * it, and a test checks it against Oura's OpenAPI document route by route.
 *
 * Scopes follow Oura's authentication docs
 * (https://cloud.ouraring.com/v2/docs#section/Authentication), where the spec
 * names `spo2Daily`; integrations report the working names `spo2`, `stress`
 * (daily stress and resilience), `heart_health` (cardiovascular age, VO2 max)
 * and `ring_configuration`.
 */

/** Every OAuth scope, bare (the `oura` auth server spells them with `extapi:`). */
export const SCOPES = [
  'email',
  'personal',
  'daily',
  'heartrate',
  'workout',
  'tag',
  'session',
  'spo2',
  'ring_configuration',
  'stress',
  'heart_health',
] as const;

export type Scope = (typeof SCOPES)[number];

/** How the current (moi) server spells every scope: `extapi:daily`. */
export const SCOPE_PREFIX = 'extapi:';

/** Other names of a scope: `spo2Daily` is the spec's name for `spo2`, the one Oura grants. */
export const SCOPE_ALIASES: Readonly<Record<string, Scope>> = { spo2Daily: 'spo2' };

/** How a list route is bounded: local days, instants, or not at all. */
export type ParamKind = 'date' | 'datetime' | 'none';

/** A query parameter a list route accepts. */
export type QueryParam =
  | 'start_date'
  | 'end_date'
  | 'start_datetime'
  | 'end_datetime'
  | 'next_token'
  | 'fields'
  | 'latest';

/** Every data type of `/v2/usercollection`, spelled as in the API. */
export const DATA_TYPES = [
  'daily_activity',
  'daily_cardiovascular_age',
  'daily_readiness',
  'daily_resilience',
  'daily_sleep',
  'daily_spo2',
  'daily_stress',
  'enhanced_tag',
  'heartrate',
  'personal_info',
  'rest_mode_period',
  'ring_battery_level',
  'ring_configuration',
  'session',
  'sleep',
  'sleep_time',
  'tag',
  'vO2_max',
  'workout',
] as const;

export type DataType = (typeof DATA_TYPES)[number];

export interface Endpoint {
  type: DataType;
  /** Path of the list route (or the single object for `personal_info`). */
  path: string;
  kind: ParamKind;
  /** False only for `personal_info`, which answers one object, not `{data, next_token}`. */
  paginated: boolean;
  scope: Scope;
  /** Whether `GET {path}/{document_id}` exists. */
  documentRoute: boolean;
  /** Query parameters of the live list route, exactly as the spec lists them. */
  query: readonly QueryParam[];
  /** Query parameters of the sandbox list route; null when there is no sandbox route. */
  sandboxQuery: readonly QueryParam[] | null;
  /**
   * The spec lists `fields` but says the route does not honour it yet; the
   * client then projects the documents itself.
   */
  fieldsIgnoredByServer: boolean;
  /**
   * The document's local-day field used to keep only the asked days, or the
   * UTC instant of a series sample; null when documents have no day.
   */
  dayKey: 'day' | 'start_day' | 'timestamp' | null;
  /**
   * The `data_type` of Oura's webhook events for this type (`vo2_max` for the
   * REST path `vO2_max`); null when Oura sends no webhooks for it.
   */
  webhook: string | null;
  description: string;
}

const DATE_Q = ['start_date', 'end_date', 'next_token', 'fields'] as const;
const DATE_SANDBOX_Q = ['start_date', 'end_date', 'next_token'] as const;
const SERIES_Q = ['start_datetime', 'end_datetime', 'next_token', 'latest', 'fields'] as const;
const SERIES_SANDBOX_Q = ['start_datetime', 'end_datetime', 'next_token'] as const;

function dated<T extends DataType>(
  type: T,
  scope: Scope,
  description: string,
  extra: Partial<Omit<Endpoint, 'type'>> = {},
): Endpoint & { type: T } {
  return {
    type,
    path: `/v2/usercollection/${type}`,
    kind: 'date',
    paginated: true,
    scope,
    documentRoute: true,
    query: DATE_Q,
    sandboxQuery: DATE_SANDBOX_Q,
    fieldsIgnoredByServer: false,
    dayKey: 'day',
    webhook: type === 'vO2_max' ? 'vo2_max' : type,
    description,
    ...extra,
  };
}

function series<T extends DataType>(
  type: T,
  scope: Scope,
  description: string,
): Endpoint & { type: T } {
  return {
    type,
    path: `/v2/usercollection/${type}`,
    kind: 'datetime',
    paginated: true,
    scope,
    documentRoute: false,
    query: SERIES_Q,
    sandboxQuery: SERIES_SANDBOX_Q,
    fieldsIgnoredByServer: false,
    dayKey: 'timestamp',
    webhook: null,
    description,
  };
}

/** The table, keyed by data type. */
export const ENDPOINTS: { readonly [T in DataType]: Endpoint & { type: T } } = {
  daily_activity: dated(
    'daily_activity',
    'daily',
    'Activity score, steps, calories and time per activity level, per day',
  ),
  daily_cardiovascular_age: dated(
    'daily_cardiovascular_age',
    'heart_health',
    'Estimated vascular age and pulse wave velocity, per day',
  ),
  daily_readiness: dated(
    'daily_readiness',
    'daily',
    'Readiness score, its contributors and temperature deviation, per day',
  ),
  daily_resilience: dated(
    'daily_resilience',
    'stress',
    'Resilience level and its contributors, per day',
    { fieldsIgnoredByServer: true },
  ),
  daily_sleep: dated('daily_sleep', 'daily', 'Sleep score and its contributors, per day'),
  daily_spo2: dated(
    'daily_spo2',
    'spo2',
    'Average blood oxygen during sleep and breathing disturbance index, per day',
  ),
  daily_stress: dated(
    'daily_stress',
    'stress',
    'Time in high stress and high recovery, and the day summary',
  ),
  enhanced_tag: dated(
    'enhanced_tag',
    'tag',
    'Tags entered in the app, with type, time span and comment',
    { dayKey: 'start_day', fieldsIgnoredByServer: true },
  ),
  heartrate: series(
    'heartrate',
    'heartrate',
    'Heart rate samples (every 5 minutes, every few seconds during workouts) with their source',
  ),
  personal_info: {
    type: 'personal_info',
    path: '/v2/usercollection/personal_info',
    kind: 'none',
    paginated: false,
    scope: 'personal',
    documentRoute: false,
    query: [],
    sandboxQuery: null,
    fieldsIgnoredByServer: false,
    dayKey: null,
    webhook: null,
    description: 'Age, weight, height, biological sex and email (email needs the email scope)',
  },
  rest_mode_period: dated('rest_mode_period', 'daily', 'Rest mode periods with their episodes', {
    dayKey: 'start_day',
  }),
  ring_battery_level: series(
    'ring_battery_level',
    'ring_configuration',
    'Ring battery level samples and charging state',
  ),
  ring_configuration: {
    type: 'ring_configuration',
    path: '/v2/usercollection/ring_configuration',
    kind: 'none',
    paginated: true,
    scope: 'ring_configuration',
    documentRoute: true,
    query: ['fields', 'next_token'],
    sandboxQuery: ['next_token'],
    fieldsIgnoredByServer: false,
    dayKey: null,
    webhook: 'ring_configuration',
    description: 'Rings on the account: color, design, size, firmware, set-up time',
  },
  session: dated(
    'session',
    'session',
    'Guided and unguided sessions (meditation, breathing, rest) with heart rate',
  ),
  sleep: dated('sleep', 'daily', 'Sleep periods: stages, durations, heart rate, HRV, breathing'),
  sleep_time: dated('sleep_time', 'daily', 'Recommended bedtime window and its status, per day'),
  tag: dated('tag', 'tag', 'Tags and notes (older tag model), per day', {
    fieldsIgnoredByServer: true,
  }),
  vO2_max: dated('vO2_max', 'heart_health', 'Estimated VO2 max, per day'),
  workout: dated(
    'workout',
    'workout',
    'Workouts: activity, intensity, calories, distance, start and end',
  ),
};

/** True if `name` is a data type of the table (case-sensitive, as in the API). */
export function isDataType(name: string): name is DataType {
  return Object.hasOwn(ENDPOINTS, name);
}

/** The table entry of a type. */
export function endpointOf<T extends DataType>(type: T): Endpoint & { type: T } {
  return ENDPOINTS[type];
}

/** The query parameters the spec lists for a type's list route, live or sandbox. */
export function queryParamsOf(type: DataType, sandbox = false): readonly QueryParam[] {
  const entry = ENDPOINTS[type];
  return (sandbox ? entry.sandboxQuery : entry.query) ?? [];
}

/** Data types Oura sends webhooks for, in table order. */
export function webhookTypes(): DataType[] {
  return DATA_TYPES.filter((type) => ENDPOINTS[type].webhook !== null);
}

/** The data type a webhook name (`vo2_max`, `daily_sleep`, …) stands for, if we know it. */
export function typeOfWebhook(name: string): DataType | undefined {
  return DATA_TYPES.find((type) => ENDPOINTS[type].webhook === name);
}
