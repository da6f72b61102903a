/**
 * `oura_query` on a person's schema: one statement in a read-only
 * transaction that is rolled back (PostgreSQL refuses any write, the
 * extended protocol a second statement, a cursor anything but a query), its
 * answer bounded before it reaches this process. This process is the web
 * server every person shares, so no statement may make it hold more than a
 * bounded answer: each value longer than the answer's cap is cut by
 * PostgreSQL, which sends its first characters and its whole size, and rows
 * are fetched a few at a time until the answer is full. Fetched whole, a
 * `SELECT repeat('x', 10000000) FROM generate_series(1, 1000)` would have
 * been 10 GB here.
 */
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { localZone } from '../../calendar/days.js';
import {
  type BoundedResult,
  boundRows,
  CutValue,
  type QueryBounds,
  valueCap,
} from '../bounded-query.js';
import { checkOut } from './pg-open.js';

/** How long the statement may run, all its fetches together, before PostgreSQL cancels it. */
const STATEMENT_TIMEOUT_MS = 10_000;
/** Rows fetched at a time: at most this many capped rows are held past a full answer. */
const FETCH_ROWS = 50;

export async function boundedPgQuery(
  pool: Pool,
  schema: string,
  sql: string,
  bounds: QueryBounds,
): Promise<BoundedResult> {
  const client = await checkOut(pool);
  const deadline = Date.now() + STATEMENT_TIMEOUT_MS;
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    await client.query("SELECT set_config('TimeZone', $1, true)", [localZone()]);
    // The statement as given, checked: one statement (pg's `queryMode: 'extended'`, the option
    // its types do not list yet, sends one parse message), and a query (a cursor takes no other).
    await client.query(declare('oura_checked', sql));
    const columns = (await client.query('FETCH FORWARD 0 FROM oura_checked')).fields.map(
      (field) => field.name,
    );
    await client.query('CLOSE oura_checked');
    const cap = valueCap(columns.length, bounds.maxChars);
    await client.query(declare('oura_query', cutting(sql, columns.length, cap)));
    const rows = await fetchUntilFull(client, columns.length, bounds, deadline);
    return boundRows(columns, rows, bounds);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

const declare = (cursor: string, sql: string) =>
  ({
    text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`,
    queryMode: 'extended',
  }) as QueryConfig;

/**
 * The statement wrapped so that each value comes as three: its text when
 * longer than `cap` characters, cut to `cap`; its size in bytes then; the
 * value itself otherwise (so numbers, booleans and JSON arrive as they
 * would). Columns are renamed c0, c1…, so two of one name stay two. The
 * statement sits on lines of its own: a trailing `--` comment ends there.
 */
function cutting(sql: string, count: number, cap: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `q.c${i}::text`;
    const long = `length(${text}) > ${cap}`;
    parts.push(
      `CASE WHEN ${long} THEN left(${text}, ${cap}) END`,
      `CASE WHEN ${long} THEN octet_length(${text}) END`,
      `CASE WHEN ${long} THEN NULL ELSE q.c${i} END`,
    );
  }
  const names = Array.from({ length: count }, (_, i) => `c${i}`).join(', ');
  return `SELECT ${parts.join(', ')} FROM (\n${withoutFinalSemicolon(sql)}\n) AS q(${names})`;
}

/** A statement's closing semicolons (allowed alone, not inside the wrapping parentheses). */
function withoutFinalSemicolon(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/** Rows as arrays of values (a cut one as a {@link CutValue}), fetched until the bounds are passed. */
async function fetchUntilFull(
  client: PoolClient,
  count: number,
  bounds: QueryBounds,
  deadline: number,
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  let chars = 0;
  // One row past either bound tells boundRows the answer was cut.
  while (rows.length <= bounds.maxRows && chars <= bounds.maxChars) {
    // The timeout counts per statement: each fetch gets what is left of the whole one's.
    await client.query(
      `SET LOCAL statement_timeout = ${Math.max(1, Math.ceil(deadline - Date.now()))}`,
    );
    const batch = await client.query({
      text: `FETCH FORWARD ${FETCH_ROWS} FROM oura_query`,
      rowMode: 'array',
    });
    for (const raw of batch.rows as unknown[][]) {
      const row: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const [cut, bytes, value] = raw.slice(3 * i, 3 * i + 3);
        row.push(typeof cut === 'string' ? new CutValue(cut, Number(bytes)) : value);
        chars += typeof cut === 'string' ? cut.length : JSON.stringify(value ?? null).length;
      }
      rows.push(row);
    }
    if (batch.rows.length < FETCH_ROWS) break;
  }
  return rows;
}
