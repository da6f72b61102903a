/**
 * What a person wants to see per data type in `--format table`: the day, the
 * score, the main contributors, durations as `7h 32m`. Everything else is one
 * `--format json` away.
 */

import type { DataType } from '../../oura/data-types.js';
import { formatDuration } from '../../text/duration.js';

/** A column: its header and how to read it from a document. */
export interface Column {
  header: string;
  get: (doc: Record<string, unknown>) => string;
  /** Right-align (numbers). */
  right?: boolean;
}

/** Reads a dotted path. */
export function pick(doc: unknown, path: string): unknown {
  let node = doc;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Seconds as `7h 32m` (or `45m`); empty when the document has no number there. */
export function duration(seconds: unknown): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? formatDuration(seconds) : '';
}

/** Local clock time `HH:MM` of an ISO instant, as written by the server (its own offset). */
export function clock(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /T(\d{2}:\d{2})/.exec(value);
  return m?.[1] ?? value;
}

/** An ISO instant shown in the machine's zone as `YYYY-MM-DD HH:MM`. */
export function localTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}`;
}

/** Any value as cell text. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const col = (header: string, path: string, right = true): Column => ({
  header,
  get: (doc) => text(pick(doc, path)),
  right,
});
const dur = (header: string, path: string): Column => ({
  header,
  get: (doc) => duration(pick(doc, path)),
  right: true,
});
const at = (header: string, path: string): Column => ({
  header,
  get: (doc) => clock(pick(doc, path)),
});
const day = (path = 'day'): Column => col('day', path, false);
const label = (header: string, path: string): Column => col(header, path, false);

/** Columns per type; heartrate is summarised per hour instead (see table.ts). */
export const TABLE_COLUMNS: { readonly [T in DataType]?: readonly Column[] } = {
  daily_activity: [
    day(),
    col('score', 'score'),
    col('steps', 'steps'),
    col('active kcal', 'active_calories'),
    col('total kcal', 'total_calories'),
    dur('high', 'high_activity_time'),
    dur('medium', 'medium_activity_time'),
    dur('low', 'low_activity_time'),
    dur('sedentary', 'sedentary_time'),
    col('walk m', 'equivalent_walking_distance'),
  ],
  daily_readiness: [
    day(),
    col('score', 'score'),
    col('temp dev', 'temperature_deviation'),
    col('HRV bal', 'contributors.hrv_balance'),
    col('rest HR', 'contributors.resting_heart_rate'),
    col('recovery', 'contributors.recovery_index'),
    col('sleep bal', 'contributors.sleep_balance'),
    col('prev night', 'contributors.previous_night'),
    col('activity bal', 'contributors.activity_balance'),
  ],
  // daily_sleep holds no durations, only the score and its contributors (each 1-100):
  // the headers say "score" so that "total sleep 85" is not read as a time (see `sleep` for durations).
  daily_sleep: [
    day(),
    col('score', 'score'),
    col('total sleep score', 'contributors.total_sleep'),
    col('efficiency score', 'contributors.efficiency'),
    col('restful score', 'contributors.restfulness'),
    col('REM score', 'contributors.rem_sleep'),
    col('deep score', 'contributors.deep_sleep'),
    col('latency score', 'contributors.latency'),
    col('timing score', 'contributors.timing'),
  ],
  sleep: [
    day(),
    label('type', 'type'),
    at('bed', 'bedtime_start'),
    at('up', 'bedtime_end'),
    dur('asleep', 'total_sleep_duration'),
    dur('deep', 'deep_sleep_duration'),
    dur('REM', 'rem_sleep_duration'),
    dur('light', 'light_sleep_duration'),
    dur('awake', 'awake_time'),
    col('eff %', 'efficiency'),
    col('avg HR', 'average_heart_rate'),
    col('low HR', 'lowest_heart_rate'),
    col('avg HRV', 'average_hrv'),
  ],
  daily_spo2: [
    day(),
    col('SpO2 %', 'spo2_percentage.average'),
    col('BDI', 'breathing_disturbance_index'),
  ],
  daily_stress: [
    day(),
    label('summary', 'day_summary'),
    dur('stressed', 'stress_high'),
    dur('restored', 'recovery_high'),
  ],
  daily_resilience: [
    day(),
    label('level', 'level'),
    col('sleep recovery', 'contributors.sleep_recovery'),
    col('daytime recovery', 'contributors.daytime_recovery'),
    col('stress', 'contributors.stress'),
  ],
  daily_cardiovascular_age: [
    day(),
    col('vascular age', 'vascular_age'),
    col('PWV m/s', 'pulse_wave_velocity'),
  ],
  vO2_max: [day(), col('VO2 max', 'vo2_max')],
  workout: [
    day(),
    label('activity', 'activity'),
    label('intensity', 'intensity'),
    at('start', 'start_datetime'),
    at('end', 'end_datetime'),
    {
      header: 'duration',
      get: (doc) => duration(spanSeconds(doc.start_datetime, doc.end_datetime)),
      right: true,
    },
    col('kcal', 'calories'),
    col('distance m', 'distance'),
    label('source', 'source'),
  ],
  session: [
    day(),
    label('type', 'type'),
    at('start', 'start_datetime'),
    at('end', 'end_datetime'),
    {
      header: 'duration',
      get: (doc) => duration(spanSeconds(doc.start_datetime, doc.end_datetime)),
      right: true,
    },
    label('mood', 'mood'),
  ],
  tag: [day(), label('tags', 'tags'), label('text', 'text')],
  enhanced_tag: [
    day('start_day'),
    label('tag', 'tag_type_code'),
    label('custom', 'custom_name'),
    at('start', 'start_time'),
    at('end', 'end_time'),
    label('comment', 'comment'),
  ],
  sleep_time: [
    day(),
    label('status', 'status'),
    label('recommendation', 'recommendation'),
    {
      header: 'bedtime from',
      get: (doc) => offsetClock(pick(doc, 'optimal_bedtime.start_offset')),
    },
    { header: 'bedtime to', get: (doc) => offsetClock(pick(doc, 'optimal_bedtime.end_offset')) },
  ],
  rest_mode_period: [
    day('start_day'),
    label('end day', 'end_day'),
    {
      header: 'episodes',
      get: (doc) => (Array.isArray(doc.episodes) ? String(doc.episodes.length) : ''),
      right: true,
    },
  ],
  ring_configuration: [
    label('hardware', 'hardware_type'),
    label('color', 'color'),
    label('design', 'design'),
    col('size', 'size'),
    label('firmware', 'firmware_version'),
    { header: 'set up', get: (doc) => localTime(doc.set_up_at) },
  ],
  ring_battery_level: [
    { header: 'time', get: (doc) => localTime(doc.timestamp) },
    col('level %', 'level'),
    label('charging', 'charging'),
    label('in charger', 'in_charger'),
  ],
};

function spanSeconds(start: unknown, end: unknown): number | undefined {
  if (typeof start !== 'string' || typeof end !== 'string') return undefined;
  const s = Date.parse(start);
  const e = Date.parse(end);
  return Number.isNaN(s) || Number.isNaN(e) ? undefined : (e - s) / 1000;
}

/** Seconds from midnight (negative: the evening before) as `HH:MM`. */
function offsetClock(value: unknown): string {
  if (typeof value !== 'number') return '';
  const minutes = ((Math.round(value / 60) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
