/**
 * The history's schema: the private tables sync writes, and the public views
 * (one per data type, named as the type) that `oura sql`, export and the MCP
 * tools read. Views expose the document as Oura sent it (`doc`, JSON text)
 * plus typed columns for the fields people ask about, so queries need no JSON
 * paths.
 *
 * The file must read in any SQLite people have (3.37 and later: Debian 12's
 * sqlite3, Python's module, macOS's, Datasette), not only the one this package
 * bundles. So documents are stored as JSON text, never SQLite's JSONB (3.45+),
 * and the typed columns are extracted once, when a document is written, into
 * columns of `documents` (f1, f2, …): the views of documents select and name
 * plain columns and call no JSON function at all.
 *
 * This file is the table of typed columns and how a document's values fill
 * them; `layout.ts` builds the table and views from it, `migrations.ts` holds
 * the versioned steps.
 */
import { DATA_TYPES, type DataType } from '../oura/data-types.js';

/** SQLite column affinity of a view column, for `oura sql --schema` and Parquet. */
export type ColumnType = 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN';

export interface ViewColumn {
  name: string;
  type: ColumnType;
  /** JSON path inside `doc`; defaults to `$.name`. */
  path?: string;
}

const t = (name: string, path?: string): ViewColumn => ({
  name,
  type: 'TEXT',
  ...(path ? { path } : {}),
});
const i = (name: string, path?: string): ViewColumn => ({
  name,
  type: 'INTEGER',
  ...(path ? { path } : {}),
});
const r = (name: string, path?: string): ViewColumn => ({
  name,
  type: 'REAL',
  ...(path ? { path } : {}),
});
const b = (name: string): ViewColumn => ({ name, type: 'BOOLEAN' });

/** Typed columns of each view besides `id`, `day` and `doc` (heartrate is built separately). */
export const TYPED_COLUMNS: { readonly [T in DataType]: readonly ViewColumn[] } = {
  daily_activity: [
    i('score'),
    i('steps'),
    i('active_calories'),
    i('total_calories'),
    i('equivalent_walking_distance'),
    i('high_activity_time'),
    i('medium_activity_time'),
    i('low_activity_time'),
    i('sedentary_time'),
    i('resting_time'),
    i('non_wear_time'),
    r('average_met_minutes'),
    t('timestamp'),
  ],
  daily_cardiovascular_age: [i('vascular_age'), r('pulse_wave_velocity')],
  daily_readiness: [
    i('score'),
    r('temperature_deviation'),
    r('temperature_trend_deviation'),
    i('hrv_balance', '$.contributors.hrv_balance'),
    i('resting_heart_rate_contributor', '$.contributors.resting_heart_rate'),
    t('timestamp'),
  ],
  daily_resilience: [t('level')],
  daily_sleep: [
    i('score'),
    i('deep_sleep', '$.contributors.deep_sleep'),
    i('efficiency', '$.contributors.efficiency'),
    i('rem_sleep', '$.contributors.rem_sleep'),
    i('total_sleep', '$.contributors.total_sleep'),
    t('timestamp'),
  ],
  daily_spo2: [r('spo2_average', '$.spo2_percentage.average'), r('breathing_disturbance_index')],
  daily_stress: [i('stress_high'), i('recovery_high'), t('day_summary')],
  enhanced_tag: [
    t('tag_type_code'),
    t('start_time'),
    t('end_time'),
    t('start_day'),
    t('end_day'),
    t('comment'),
    t('custom_name'),
  ],
  heartrate: [],
  personal_info: [i('age'), r('weight'), r('height'), t('biological_sex'), t('email')],
  rest_mode_period: [t('start_day'), t('end_day'), t('start_time'), t('end_time')],
  ring_battery_level: [t('timestamp'), i('level'), b('charging'), b('in_charger')],
  ring_configuration: [
    t('color'),
    t('design'),
    t('firmware_version'),
    t('hardware_type'),
    t('set_up_at'),
    i('size'),
  ],
  session: [t('type'), t('start_datetime'), t('end_datetime'), t('mood')],
  sleep: [
    t('type'),
    t('bedtime_start'),
    t('bedtime_end'),
    i('total_sleep_duration'),
    i('time_in_bed'),
    i('deep_sleep_duration'),
    i('rem_sleep_duration'),
    i('light_sleep_duration'),
    i('awake_time'),
    i('latency'),
    i('efficiency'),
    r('average_heart_rate'),
    i('lowest_heart_rate'),
    r('average_hrv'),
    r('average_breath'),
  ],
  sleep_time: [t('status'), t('recommendation')],
  tag: [t('text'), t('timestamp'), t('tags')],
  vO2_max: [r('vo2_max'), t('timestamp')],
  workout: [
    t('activity'),
    t('intensity'),
    r('calories'),
    r('distance'),
    t('start_datetime'),
    t('end_datetime'),
    t('label'),
    t('source'),
  ],
};

/** Every type but heart rate is stored as documents. */
export type DocumentType = Exclude<DataType, 'heartrate'>;

export const DOCUMENT_TYPES = DATA_TYPES.filter(
  (type): type is DocumentType => type !== 'heartrate',
);

/** The columns of a view, in order, as `oura sql --schema` prints them. */
export function viewColumns(type: DataType): ViewColumn[] {
  if (type === 'heartrate') {
    return [t('id'), t('day'), t('timestamp'), i('bpm'), t('source'), t('doc')];
  }
  return [t('id'), t('day'), t('doc'), ...TYPED_COLUMNS[type]];
}

/** An SQL identifier, quoted. */
export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The column of `documents` holding `type`'s typed column `name`: the n-th
 * typed column of every type is stored in `f<n>`. Columns by position, not by
 * name, keep the table narrow (15 columns, not the 77 names of all types): a
 * NULL still costs each row a byte, and most rows are ring battery levels.
 */
export function storedColumn(type: DocumentType, name: string): string {
  const index = TYPED_COLUMNS[type].findIndex((column) => column.name === name);
  if (index < 0) throw new Error(`${type} has no typed column ${name}`);
  return `f${index + 1}`;
}

/** The typed-column slots of `documents`, in table order: as many as the type with the most. */
export function storedColumns(): string[] {
  const most = Math.max(...DOCUMENT_TYPES.map((type) => TYPED_COLUMNS[type].length));
  return Array.from({ length: most }, (_, index) => `f${index + 1}`);
}

/**
 * `type`'s stored columns and the SQL that extracts each from the JSON in
 * `doc` (an SQL expression), with SQLite's json_extract: how the views read
 * the typed columns before they were stored, and how a file is laid out anew.
 */
export function storedFields(type: DocumentType, doc: string): { column: string; value: string }[] {
  return TYPED_COLUMNS[type].map((c) => ({
    column: quote(storedColumn(type, c.name)),
    value: `json_extract(${doc}, '${pathOf(c)}')`,
  }));
}

const pathOf = (column: ViewColumn) => column.path ?? `$.${column.name}`;

/**
 * `type`'s typed values from the parsed document, in column order, exactly as
 * json_extract reads them from its JSON text (`JSON.stringify(doc)`, which is
 * what is stored): the writer gets them without SQLite parsing the document
 * again. Strings as they are; integers as integers (BigInt binds them so),
 * other numbers as reals; true and false as 1 and 0; objects and arrays as
 * their JSON text; a missing field as null. The paths are plain `$.a.b`.
 * test/history-portable.test.ts holds them to json_extract, odd values too.
 */
export function storedValues(type: DocumentType, doc: unknown): unknown[] {
  let paths = keyPaths.get(type);
  if (!paths) {
    paths = TYPED_COLUMNS[type].map((column) => pathOf(column).slice(2).split('.'));
    keyPaths.set(type, paths);
  }
  return paths.map((keys) => {
    let value: unknown = doc;
    for (const key of keys) {
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    return sqlValue(value);
  });
}
const keyPaths = new Map<DocumentType, string[][]>();

function sqlValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return BigInt(value);
    if (!Number.isInteger(value) || Math.abs(value) >= 1e21) return value;
    // What JSON.stringify wrote is an integer literal of the shortest digits
    // (2^62 as 4611686018427388000): json_extract reads that literal, as
    // INTEGER while it fits 64 bits, else as REAL (the number itself).
    const literal = BigInt(JSON.stringify(value));
    return literal >= -(2n ** 63n) && literal < 2n ** 63n ? literal : value;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
