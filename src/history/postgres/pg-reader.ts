/**
 * Reading a person's schema the way the SQLite reader reads the file: the
 * same documents in the same order for the same local days (see
 * `listLocal`), and one read-only statement on the views at a time.
 */
import type { Pool } from 'pg';
import { addDays, localZone, startOfLocalDay } from '../../calendar/days.js';
import { sampleSeconds } from '../days-with-data.js';
import { FIELD_PATH } from '../field-path.js';
import { decodeSample, type SampleRow } from '../heartrate-codec.js';
import { CHANGED_AT_KEY, type Coverage } from '../reader.js';
import type { StoredHistoryReader, SyncStateReader, TypeProgress } from '../store-contract.js';
import { schemaIdentifier } from './pg-open.js';
import { boundedPgQuery } from './pg-query.js';

export function postgresReader(pool: Pool, schema: string): StoredHistoryReader & SyncStateReader {
  const s = schemaIdentifier(schema);
  const meta = async (key: string) =>
    (await pool.query<{ value: string }>(`SELECT value FROM ${s}.meta WHERE key = $1`, [key]))
      .rows[0]?.value;
  return {
    meta,
    firstDay: () => meta('first_day'),
    lastSyncedAt: () => meta('synced_at'),
    async changedAt() {
      const found = await pool.query<{ value: string }>(
        `SELECT max(value) AS value FROM ${s}.meta WHERE key IN ('synced_at', $1)`,
        [CHANGED_AT_KEY],
      );
      return found.rows[0]?.value ?? null;
    },
    async daysWithData(types, range) {
      const documentTypes = types.filter((type) => type !== 'heartrate');
      const found = await pool.query<{ day: string }>(
        `SELECT day FROM ${s}.documents WHERE type = ANY($1) AND day BETWEEN $2 AND $3${
          types.includes('heartrate')
            ? // A sample's day is local to the process's zone, as the documents' days are.
              ` UNION SELECT to_char(to_timestamp(ts) AT TIME ZONE $4, 'YYYY-MM-DD')
              FROM ${s}.heartrate_samples WHERE ts >= $5 AND ts < $6`
            : ''
        } ORDER BY 1`,
        [
          documentTypes,
          range.start,
          range.end,
          ...(types.includes('heartrate') ? [localZone(), ...sampleSeconds(range)] : []),
        ],
      );
      return found.rows.map((row) => row.day);
    },
    async fields(type, fields, range) {
      // Each field read out of the document as JSON and parsed by pg: for a number,
      // a string or null the value SQLite's json_extract gives (a boolean stays one).
      const select = fields.map((name, i) => {
        if (!FIELD_PATH.test(name)) throw new Error(`not a field name: ${name}`);
        return `doc #> $${i + 4}::text[] AS "${name}"`;
      });
      const found = await pool.query(
        `SELECT day, ${select.join(', ')} FROM ${s}.documents
         WHERE type = $1 AND day BETWEEN $2 AND $3 ORDER BY day, ord`,
        [type, range.start, range.end, ...fields.map((name) => name.split('.'))],
      );
      return found.rows;
    },
    async typeProgress(type) {
      const found = await pool.query<TypeProgress>(
        `SELECT start_day, through_day FROM ${s}.sync_state WHERE type = $1`,
        [type],
      );
      return found.rows[0];
    },
    async coverage(type): Promise<Coverage | undefined> {
      const found = await pool.query<{
        start_day: string | null;
        through_day: string | null;
        synced_at: string | null;
      }>(`SELECT start_day, through_day, synced_at FROM ${s}.sync_state WHERE type = $1`, [type]);
      const row = found.rows[0];
      if (!row?.start_day || !row.through_day) return undefined;
      return { start: row.start_day, through: row.through_day, syncedAt: row.synced_at };
    },
    async document(type, id) {
      const found = await pool.query<{ doc: string }>(
        `SELECT doc::text AS doc FROM ${s}.documents WHERE type = $1 AND id = $2`,
        [type, id],
      );
      const doc = found.rows[0]?.doc;
      return doc === undefined ? undefined : JSON.parse(doc);
    },
    async documents(endpoint, range) {
      const fromMs = range ? startOfLocalDay(range.start).getTime() : Number.MIN_SAFE_INTEGER;
      const toMs = range
        ? startOfLocalDay(addDays(range.end, 1)).getTime()
        : Number.MAX_SAFE_INTEGER;
      if (endpoint.type === 'heartrate') {
        const found = await pool.query<SampleRow>(
          `SELECT ts::float8 AS ts, source, bpm, shape, raw FROM ${s}.heartrate_samples
           WHERE ts >= $1 AND ts < $2 ORDER BY ts, source`,
          [Math.ceil(fromMs / 1000), Math.ceil(toMs / 1000)],
        );
        return found.rows.map(decodeSample);
      }
      // Oura's order: by instant for series, else by day (undated first, as SQLite sorts null) and place.
      const found =
        endpoint.kind === 'datetime'
          ? await pool.query<{ doc: string }>(
              `SELECT doc::text AS doc FROM ${s}.documents WHERE type = $1 AND ts >= $2 AND ts < $3 ORDER BY ts`,
              [endpoint.type, fromMs, toMs],
            )
          : endpoint.kind === 'date' && range
            ? await pool.query<{ doc: string }>(
                `SELECT doc::text AS doc FROM ${s}.documents WHERE type = $1 AND day BETWEEN $2 AND $3 ORDER BY day, ord`,
                [endpoint.type, range.start, range.end],
              )
            : await pool.query<{ doc: string }>(
                `SELECT doc::text AS doc FROM ${s}.documents WHERE type = $1 ORDER BY day NULLS FIRST, ord`,
                [endpoint.type],
              );
      return found.rows.map((row) => JSON.parse(row.doc));
    },
    query: (sql, bounds) => boundedPgQuery(pool, s, sql, bounds),
  };
}
