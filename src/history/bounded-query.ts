/**
 * A query whose answer has a size, whatever the statement asks for: at most
 * `maxRows` rows and about `maxChars` characters of JSON. For the MCP server's
 * query process (`oura_query`), so that no answer it sends the server is
 * bigger than that: a 200 MB value is cut as its row arrives, and never
 * crosses to the server, is never serialized, never reaches the assistant.
 *
 * The cut is made here, on the value better-sqlite3 hands over, and not
 * inside SQLite (the statement wrapped in `SELECT substr(c, 1, n) FROM (…)`):
 * measured, a wrapped statement costs more, since SQLite copies each value
 * into the subquery's registers (a 50 MB text: 333 MB at peak against 190 MB;
 * `zeroblob(200000000)`: 1 GB and 9 s against 430 MB and 3 s). A long value
 * thus costs SQLite's copy and one JavaScript copy, for a moment, in the
 * query process, which the server kills past its time limit.
 */
import type { Db } from './database.js';
import { prepareReadOnly, queryFailure } from './query.js';

export interface QueryBounds {
  /** Rows at most. */
  maxRows: number;
  /** About this many characters of JSON for all rows (one row alone is cut to fit). */
  maxChars: number;
}

export interface BoundedResult {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Why rows were left out: more than `maxRows`, or the next row would pass `maxChars`. */
  cut: 'rows' | 'size' | undefined;
  /** Values shortened; each ends in {@link cutMark}. */
  cutValues: number;
}

/**
 * A value cut before it arrived (PostgreSQL cuts long values itself, so the
 * whole of one never crosses to this process): its first characters, and
 * the size in bytes of all of it.
 */
export class CutValue {
  constructor(
    readonly text: string,
    readonly bytes: number,
  ) {}
}

/** What ends a shortened value: the cut shows in the value itself. */
export function cutMark(fullBytes: number): string {
  return `…[cut: ${fullBytes} bytes in all]`;
}

/** Never cut a value shorter than this to fit a row: below it, too little is left to read. */
const MIN_VALUE_CHARS = 64;

/**
 * The longest value kept as a row arrives: the whole budget for a few
 * columns, less for many, so a row of 2000 columns holds at most ~4 × maxChars.
 */
export function valueCap(columns: number, maxChars: number): number {
  return Math.max(256, Math.min(maxChars, Math.floor((4 * maxChars) / Math.max(1, columns))));
}

/** Runs one read-only statement (checked as `oura sql` checks it) within `bounds`. */
export function runBoundedQuery(db: Db, sql: string, bounds: QueryBounds): BoundedResult {
  const statement = prepareReadOnly(db, sql);
  const columns = statement.columns().map((column) => column.name);
  // Arrays, not objects: one value per column even when two columns share a name.
  const iterator = (statement.raw(true).iterate() as Iterable<unknown[]>)[Symbol.iterator]();
  const rows: Iterable<unknown[]> = {
    [Symbol.iterator]: () => ({
      next: () => {
        try {
          return iterator.next();
        } catch (error) {
          throw queryFailure(error);
        }
      },
      return: (value?: unknown) => {
        iterator.return?.();
        return { done: true, value };
      },
    }),
  };
  return boundRows(columns, rows, bounds);
}

/**
 * The rows of a statement as they arrive (each an array in `columns`' order),
 * kept within `bounds`: long values cut at once, and no row read past the
 * first that does not fit. Either store's query answers through it.
 */
export function boundRows(
  columns: string[],
  arriving: Iterable<unknown[]>,
  bounds: QueryBounds,
): BoundedResult {
  const cap = valueCap(columns.length, bounds.maxChars);
  const rows: Record<string, unknown>[] = [];
  let cut: BoundedResult['cut'];
  let cutValues = 0;
  let used = 0;
  for (const raw of arriving) {
    if (rows.length >= bounds.maxRows) {
      cut = 'rows';
      break;
    }
    const row = arrived(raw, columns, cap);
    let size = jsonSize(row);
    if (used + size > bounds.maxChars) {
      if (rows.length > 0) {
        cut = 'size';
        break;
      }
      // The first row alone is too big: its longest values give way, so the answer is never empty.
      shrink(row, bounds.maxChars);
      size = jsonSize(row);
    }
    cutValues += row.cuts.size;
    rows.push(render(row));
    used += size;
  }
  return { columns, rows, cut, cutValues };
}

/**
 * A row on its way out: values by column (a later column of the same name
 * wins, as in better-sqlite3's rows), the size in bytes of each text or blob
 * as SQLite had it, and which values were cut.
 */
interface Row {
  values: Map<string, unknown>;
  bytes: Map<string, number>;
  cuts: Set<string>;
}

/** A row as it arrives, its long values cut at once, before anything copies them. */
function arrived(raw: unknown[], columns: string[], cap: number): Row {
  const row: Row = { values: new Map(), bytes: new Map(), cuts: new Set() };
  columns.forEach((name, i) => {
    const value = raw[i];
    if (value instanceof CutValue) {
      row.values.set(name, value.text.length > cap ? cutText(value.text, cap) : value.text);
      row.bytes.set(name, value.bytes);
      row.cuts.add(name);
      return;
    }
    let kept = value;
    if (typeof value === 'string' && value.length > cap) kept = cutText(value, cap);
    else if (Buffer.isBuffer(value) && value.length > cap) kept = value.subarray(0, cap);
    row.values.set(name, jsonValue(kept));
    row.bytes.set(name, byteLength(value));
    if (kept !== value) row.cuts.add(name);
    else row.cuts.delete(name);
  });
  return row;
}

/** Halves the longest texts of a row until its JSON fits in `maxChars` (or they are short). */
function shrink(row: Row, maxChars: number): void {
  let longest = 0;
  for (const value of row.values.values()) {
    if (typeof value === 'string') longest = Math.max(longest, value.length);
  }
  for (let cap = longest; jsonSize(row) > maxChars && cap > MIN_VALUE_CHARS; ) {
    cap = Math.max(MIN_VALUE_CHARS, Math.floor(cap / 2));
    for (const [name, value] of row.values) {
      if (typeof value !== 'string' || value.length <= cap) continue;
      row.values.set(name, cutText(value, cap));
      row.cuts.add(name);
    }
  }
}

function render(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of row.values) {
    out[name] = row.cuts.has(name) ? `${String(value)}${cutMark(row.bytes.get(name) ?? 0)}` : value;
  }
  return out;
}

/** Characters of the row's JSON, with its cut marks, plus one for the separator. */
function jsonSize(row: Row): number {
  return JSON.stringify(render(row)).length + 1;
}

/** The first `length` characters, without splitting a surrogate pair. */
function cutText(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

function byteLength(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Buffer.isBuffer(value)) return value.length;
  return 0;
}

/** BigInt and Buffer values as JSON can carry them (as `oura sql --format json` prints them). */
function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}
