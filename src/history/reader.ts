/**
 * Reading the history the way the live API answers: the same documents, in
 * the same order, for the same local days. Used by `oura get --local`,
 * export and the MCP tools; it never imports sync.
 */
import { addDays, type DayRange, startOfLocalDay } from '../calendar/days.js';
import type { DataType, Endpoint } from '../oura/data-types.js';
import type { Db } from './database.js';
import { decodeSample, type SampleRow } from './heartrate-codec.js';
import { prepared } from './statements.js';

export interface LocalListOptions {
  fields?: readonly string[] | undefined;
  latest?: boolean | undefined;
}

/** What the history covers for a type: first and last committed day, and when it was last synced. */
export interface Coverage {
  start: string;
  through: string;
  syncedAt: string | null;
}

export function coverageOf(db: Db, type: DataType): Coverage | undefined {
  const row = prepared(
    db,
    'SELECT start_day, through_day, synced_at FROM sync_state WHERE type = ?',
  ).get(type) as { start_day: string; through_day: string; synced_at: string | null } | undefined;
  if (!row?.start_day || !row.through_day) return undefined;
  return { start: row.start_day, through: row.through_day, syncedAt: row.synced_at };
}

/** The account's first day with data, as the first sync found it (nothing at Oura is older). */
export function accountFirstDay(db: Db): string | undefined {
  const row = prepared(db, "SELECT value FROM meta WHERE key = 'first_day'").get() as
    | { value: string }
    | undefined;
  return row?.value;
}

/** meta key holding the instant (ISO 8601) a webhook last changed the history. */
export const CHANGED_AT_KEY = 'webhook_changed_at';

/** The later of the last completed sync and the last change a webhook made; null if neither. */
export function historyChangedAt(db: Db): string | null {
  const rows = db
    .prepare("SELECT value FROM meta WHERE key IN ('synced_at', ?)")
    .all(CHANGED_AT_KEY) as { value: string }[];
  const times = rows.map((row) => row.value).sort();
  return times.at(-1) ?? null;
}

/** When the last complete sync finished (ISO 8601), if any. */
export function lastSyncedAt(db: Db): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'synced_at'").get() as
    | { value: string }
    | undefined;
  return row?.value;
}

/**
 * The documents of `type` in `range` (or all, for undated types), as a live
 * `list` yields them: date types by day, in Oura's order within a day; series
 * by instant, from the first instant of `range.start` to the first instant of
 * the day after `range.end`, local time.
 */
export function* listLocal(
  db: Db,
  endpoint: Endpoint,
  range: DayRange | undefined,
  options: LocalListOptions = {},
): Generator<unknown> {
  const project = projector(endpoint, options.fields);
  const fromMs = range ? startOfLocalDay(range.start).getTime() : Number.MIN_SAFE_INTEGER;
  const toMs = range ? startOfLocalDay(addDays(range.end, 1)).getTime() : Number.MAX_SAFE_INTEGER;

  if (endpoint.type === 'heartrate') {
    const sql = options.latest
      ? 'SELECT * FROM heartrate_samples ORDER BY ts DESC LIMIT 1'
      : 'SELECT * FROM heartrate_samples WHERE ts >= ? AND ts < ? ORDER BY ts, source';
    const params = options.latest ? [] : [Math.ceil(fromMs / 1000), Math.ceil(toMs / 1000)];
    for (const row of db.prepare(sql).iterate(...params))
      yield project(decodeSample(row as SampleRow));
    return;
  }
  // With fields, SQLite projects the document (in C, keeping Oura's key order) and
  // JavaScript parses only what is kept: a year of daily_activity is ~3 MB of JSON.
  const keep = keptFields(endpoint, options.fields);
  const column = keep
    ? '(SELECT json_group_object(key, value) FROM json_each(doc) WHERE key IN (SELECT value FROM json_each(?)))'
    : DOC_TEXT;
  const keepParam = keep ? [JSON.stringify(keep)] : [];
  let sql: string;
  let params: unknown[];
  if (endpoint.kind === 'datetime') {
    sql = options.latest
      ? `SELECT ${column} FROM documents WHERE type = ? ORDER BY ts DESC LIMIT 1`
      : `SELECT ${column} FROM documents WHERE type = ? AND ts >= ? AND ts < ? ORDER BY ts`;
    params = options.latest ? [endpoint.type] : [endpoint.type, fromMs, toMs];
  } else if (endpoint.kind === 'date' && range) {
    sql = `SELECT ${column} FROM documents WHERE type = ? AND day BETWEEN ? AND ? ORDER BY day, ord`;
    params = [endpoint.type, range.start, range.end];
  } else {
    sql = `SELECT ${column} FROM documents WHERE type = ? ORDER BY day, ord`;
    params = [endpoint.type];
  }
  const statement = db.prepare(sql).pluck();
  for (const doc of statement.iterate(...keepParam, ...params)) yield JSON.parse(doc as string);
}

/**
 * A document's JSON text. Documents are text since schema 3; a file of an
 * earlier version holds JSONB until a command that writes (`oura sync`)
 * converts it, and reading commands must not fail on it meanwhile.
 */
const DOC_TEXT = "CASE typeof(doc) WHEN 'blob' THEN json(doc) ELSE doc END";

/** One document by id, or undefined. */
export function getLocal(db: Db, type: DataType, id: string): unknown {
  const doc = db
    .prepare(`SELECT ${DOC_TEXT} FROM documents WHERE type = ? AND id = ?`)
    .pluck()
    .get(type, id) as string | undefined;
  return doc === undefined ? undefined : JSON.parse(doc);
}

/**
 * `fields` as the live route applies it: Oura keeps `id` and `day` (series:
 * `timestamp`) besides the fields named; where the route ignores `fields`,
 * the client projects and keeps the type's day key instead.
 */
function keptFields(
  endpoint: Endpoint,
  fields: readonly string[] | undefined,
): string[] | undefined {
  if (!fields?.length) return undefined;
  const always =
    endpoint.kind === 'datetime'
      ? ['timestamp']
      : endpoint.fieldsIgnoredByServer
        ? ['id', ...(endpoint.dayKey ? [endpoint.dayKey] : [])]
        : ['id', 'day'];
  return [...new Set([...always, ...fields])];
}

/** The same projection in JavaScript, for heart-rate samples (rebuilt from their compact rows). */
function projector(endpoint: Endpoint, fields: readonly string[] | undefined) {
  const kept = keptFields(endpoint, fields);
  if (!kept) return (doc: unknown) => doc;
  const keep = new Set(kept);
  return (doc: unknown) =>
    doc && typeof doc === 'object'
      ? Object.fromEntries(Object.entries(doc).filter(([key]) => keep.has(key)))
      : doc;
}
