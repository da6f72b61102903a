import type { Scope } from './scopes.js';

/**
 * The one table of data types the emulator serves, mirroring the `paths` of
 * Oura's OpenAPI document (revision 1.37): route kind, the scope a token needs,
 * and which routes exist.
 */

/** How a list route takes its range. */
export type EndpointKind =
  /** `start_date`/`end_date` over the documents' local `day`. */
  | 'date'
  /** `start_datetime`/`end_datetime` over UTC sample timestamps, plus `latest`. */
  | 'series'
  /** No range: `ring_configuration`. */
  | 'config'
  /** A single object, not a list: `personal_info`. */
  | 'single';

export interface EndpointSpec {
  type: string;
  kind: EndpointKind;
  /**
   * Scope needed. `ring_battery_level` is not in Oura's scope list; it is
   * ring hardware state, so the emulator asks for `ring_configuration`.
   * `sleep`, `sleep_time` and `rest_mode_period` are summaries of the night,
   * covered by `daily` as on Oura's consent screen.
   */
  scope: Scope;
  /** Has `GET /{type}/{document_id}`. */
  documentRoute: boolean;
  /** Honours `fields` (the spec says `tag`/`enhanced_tag` accept but ignore it). */
  projection: boolean;
  /** Exists under `/v2/sandbox/usercollection/`. */
  sandbox: boolean;
}

const date = (type: string, scope: Scope, projection = true): EndpointSpec => ({
  type,
  kind: 'date',
  scope,
  documentRoute: true,
  projection,
  sandbox: true,
});

/** Every data type, keyed by the path segment (note `vO2_max`). */
export const ENDPOINTS: Readonly<Record<string, EndpointSpec>> = Object.fromEntries(
  (
    [
      date('daily_activity', 'daily'),
      date('daily_cardiovascular_age', 'heart_health'),
      date('daily_readiness', 'daily'),
      date('daily_resilience', 'stress'),
      date('daily_sleep', 'daily'),
      date('daily_spo2', 'spo2'),
      date('daily_stress', 'stress'),
      date('enhanced_tag', 'tag', false),
      date('rest_mode_period', 'daily'),
      date('session', 'session'),
      date('sleep', 'daily'),
      date('sleep_time', 'daily'),
      date('tag', 'tag', false),
      date('vO2_max', 'heart_health'),
      date('workout', 'workout'),
      {
        type: 'heartrate',
        kind: 'series',
        scope: 'heartrate',
        documentRoute: false,
        projection: true,
        sandbox: true,
      },
      {
        type: 'ring_battery_level',
        kind: 'series',
        scope: 'ring_configuration',
        documentRoute: false,
        projection: true,
        sandbox: true,
      },
      {
        type: 'ring_configuration',
        kind: 'config',
        scope: 'ring_configuration',
        documentRoute: true,
        projection: true,
        sandbox: true,
      },
      {
        type: 'personal_info',
        kind: 'single',
        scope: 'personal',
        documentRoute: false,
        projection: false,
        sandbox: false,
      },
    ] satisfies EndpointSpec[]
  ).map((spec): [string, EndpointSpec] => [spec.type, spec]),
);

/** Query parameters each route kind accepts (list routes; document routes take none). */
export const QUERY_PARAMS: Readonly<Record<EndpointKind, readonly string[]>> = {
  date: ['start_date', 'end_date', 'next_token', 'fields'],
  series: ['start_datetime', 'end_datetime', 'next_token', 'latest', 'fields'],
  config: ['next_token', 'fields'],
  single: [],
};
