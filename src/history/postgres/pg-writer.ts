/**
 * The sync's writes into a person's schema: each window in one transaction
 * with the type's sync state, carried out as `window-plan.ts` decides, in
 * batches (one statement for a window's new documents or samples, not one
 * per row: a two-year backfill has ~470k heart-rate samples). Writes are
 * applied in the order they are handed over, as the SQLite writer's are.
 */
import type { Pool, PoolClient } from 'pg';
import type { DataType } from '../../oura/data-types.js';
import type { SampleRow } from '../heartrate-codec.js';
import type { HistoryWriter } from '../store-contract.js';
import {
  changeOf,
  type DocumentRow,
  planDocuments,
  planSamples,
  type StoredDocument,
  sampleKey,
  type WindowSpan,
  zeroCounts,
} from '../window-plan.js';
import type { DocumentType, StateAdvance, WindowCounts, WindowWrite } from '../writer.js';
import { inTransaction, schemaIdentifier } from './pg-open.js';
import { SOURCES_LITERAL, sampleLiterals } from './pg-sample-literals.js';
import { PG_MIGRATIONS } from './pg-schema.js';
import { holdWriteLock } from './pg-webhook-events.js';

export function postgresWriter(pool: Pool, schema: string): HistoryWriter {
  const s = schemaIdentifier(schema);
  let queue: Promise<unknown> = Promise.resolve();
  // One write at a time, in order: a later write never overtakes an earlier one.
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };
  const setMeta = (client: Pool | PoolClient, key: string, value: string) =>
    client.query(
      `INSERT INTO ${s}.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  return {
    // PostgreSQL checks its own pages (WAL, data checksums where enabled); what can
    // be wrong here is a schema another build laid out.
    check: () =>
      inOrder(async () => {
        const found = await pool.query<{ version: number }>(
          `SELECT version FROM ${s}.schema_version`,
        );
        if (found.rows[0]?.version !== PG_MIGRATIONS.length) {
          throw new Error(`The history in schema ${schema} is not at this build's version.`);
        }
      }),
    write: (write, state) =>
      inOrder(() =>
        inTransaction(pool, async (client) => {
          // A webhook's document write of this schema waits, and is seen by the plan below.
          await holdWriteLock(client, schema);
          const counts =
            write.type === 'heartrate'
              ? await writeSamples(client, s, write)
              : await writeDocuments(client, s, write);
          await advance(client, s, write.type, state);
          return counts;
        }),
      ),
    setMeta: (key, value) => inOrder(() => setMeta(pool, key, value).then(() => {})),
    markSynced: (type, at) =>
      inOrder(() =>
        pool
          .query(`UPDATE ${s}.sync_state SET synced_at = $1 WHERE type = $2`, [at, type])
          .then(() => {}),
      ),
    close: () => inOrder(async () => {}),
  };
}

async function advance(client: PoolClient, s: string, type: DataType, state: StateAdvance) {
  await client.query(
    `INSERT INTO ${s}.sync_state (type, start_day, through_day) VALUES ($1, $2, $3)
     ON CONFLICT (type) DO UPDATE SET
       start_day = least(coalesce(sync_state.start_day, excluded.start_day), excluded.start_day),
       through_day = greatest(coalesce(sync_state.through_day, ''), excluded.through_day)`,
    [type, state.start, state.through],
  );
}

/** The window's own rows: its days, its instants, or every document of an undated type. */
function inSpan(span: WindowSpan, first: number): { where: string; params: unknown[] } {
  if (span.kind === 'days') {
    return { where: `day BETWEEN $${first} AND $${first + 1}`, params: [span.start, span.end] };
  }
  if (span.kind === 'instants') {
    return { where: `ts >= $${first} AND ts < $${first + 1}`, params: [span.fromMs, span.toMs] };
  }
  return { where: 'true', params: [] };
}

async function writeDocuments(
  client: PoolClient,
  s: string,
  write: WindowWrite & { type: DocumentType },
): Promise<WindowCounts> {
  const { type, span } = write;
  const within = inSpan(span, 2);
  const found = await client.query<{ id: string } & StoredDocument>(
    `SELECT id, hash, ord FROM ${s}.documents WHERE type = $1 AND ${within.where}`,
    [type, ...within.params],
  );
  const stored = new Map(found.rows.map((row) => [row.id, { hash: row.hash, ord: row.ord }]));
  // Documents a webhook changed since this listing began are left as they are (see writer.ts).
  const touched = await client.query<{ object_id: string }>(
    `SELECT object_id FROM ${s}.webhook_events WHERE data_type = $1 AND (done_at IS NULL OR done_at >= $2)`,
    [type, write.listedFrom],
  );
  const plan = planDocuments(
    type,
    span,
    write.docs,
    stored,
    new Set(touched.rows.map((row) => row.object_id)),
  );
  const counts: WindowCounts = zeroCounts();
  const fresh = plan.rows.filter((entry) => entry.before === undefined).map((entry) => entry.row);
  const inserted = await insertDocuments(client, s, fresh);
  // The first of a fresh id went in; a later one of the same id, or an id stored under
  // another day (the document moved), is compared with what is stored, as in SQLite.
  const taken = new Set<string>();
  const known = new Map<string, StoredDocument>();
  const clashing = fresh.filter((row) => !inserted.has(row.id)).map((row) => row.id);
  if (clashing.length > 0) {
    const rows = await client.query<{ id: string } & StoredDocument>(
      `SELECT id, hash, ord FROM ${s}.documents WHERE type = $1 AND id = ANY($2)`,
      [type, clashing],
    );
    for (const row of rows.rows) known.set(row.id, { hash: row.hash, ord: row.ord });
  }
  for (const { row, before } of plan.rows) {
    let current = before;
    if (!current) {
      if (inserted.has(row.id) && !taken.has(row.id)) {
        taken.add(row.id);
        counts.inserted++;
        known.set(row.id, { hash: row.hash, ord: row.ord });
        continue;
      }
      current = known.get(row.id);
      if (!current) continue;
    }
    const change = changeOf(current, row);
    if (change === 'update') {
      await client.query(
        `UPDATE ${s}.documents SET day = $3, ts = $4, ord = $5, hash = $6, doc = $7::json WHERE type = $1 AND id = $2`,
        [type, row.id, row.day, row.ts, row.ord, row.hash, row.text],
      );
      counts.updated++;
    } else if (change === 'reorder') {
      await client.query(`UPDATE ${s}.documents SET ord = $3 WHERE type = $1 AND id = $2`, [
        type,
        row.id,
        row.ord,
      ]);
    }
    known.set(row.id, { hash: row.hash, ord: row.ord });
  }
  if (plan.gone.length > 0) {
    const removed = await client.query(
      `DELETE FROM ${s}.documents WHERE type = $1 AND id = ANY($2)`,
      [type, plan.gone],
    );
    counts.deleted += removed.rowCount ?? 0;
  }
  if (plan.refused.length > 0) counts.refused = plan.refused;
  return counts;
}

/** Inserts the rows in one statement; answers the ids that went in (an id already stored is left). */
async function insertDocuments(
  client: PoolClient,
  s: string,
  rows: DocumentRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const result = await client.query<{ id: string }>(
    `INSERT INTO ${s}.documents (type, id, day, ts, ord, hash, doc)
     SELECT type, id, day, ts, ord, hash, doc::json
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::integer[], $6::text[], $7::text[])
       AS r(type, id, day, ts, ord, hash, doc)
     ON CONFLICT (type, id) DO NOTHING
     RETURNING id`,
    [
      rows.map((row) => row.type),
      rows.map((row) => row.id),
      rows.map((row) => row.day),
      rows.map((row) => row.ts),
      rows.map((row) => row.ord),
      rows.map((row) => row.hash),
      rows.map((row) => row.text),
    ],
  );
  return new Set(result.rows.map((row) => row.id));
}

async function writeSamples(
  client: PoolClient,
  s: string,
  write: WindowWrite & { type: 'heartrate' },
): Promise<WindowCounts> {
  const { span } = write;
  if (span.kind !== 'instants') throw new Error('heart rate is written by instants');
  const found = await client.query<SampleRow>(
    `SELECT ts::float8 AS ts, source, bpm, shape, raw FROM ${s}.heartrate_samples WHERE ts >= $1 AND ts < $2`,
    [Math.floor(span.fromMs / 1000), Math.ceil(span.toMs / 1000)],
  );
  // Nothing stored in the window yet (a backfill): every sample is new.
  const literals = found.rows.length === 0 ? sampleLiterals(write.samples) : undefined;
  if (literals) {
    await client.query(
      `INSERT INTO ${s}.heartrate_samples (ts, source, bpm, shape, raw)
       SELECT ts, ($5::text[])[code + 1], bpm, shape, NULL
       FROM unnest($1::bigint[], $2::smallint[], $3::integer[], $4::smallint[]) AS r(ts, code, bpm, shape)
       ON CONFLICT (ts, source) DO UPDATE SET bpm = excluded.bpm, shape = excluded.shape, raw = excluded.raw`,
      [literals.ts, literals.source, literals.bpm, literals.shape, SOURCES_LITERAL],
    );
    return { ...zeroCounts(), inserted: write.samples.count };
  }
  const stored = new Map(found.rows.map((row) => [sampleKey(row), row]));
  const plan = planSamples(stored, write.samples);
  // One row per key in one statement (PostgreSQL refuses to upsert a row twice); the last listed wins, as in SQLite.
  const upserts = [...new Map(plan.upserts.map((row) => [sampleKey(row), row])).values()];
  if (upserts.length > 0) {
    await client.query(
      `INSERT INTO ${s}.heartrate_samples (ts, source, bpm, shape, raw)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::smallint[], $5::text[])
       ON CONFLICT (ts, source) DO UPDATE SET bpm = excluded.bpm, shape = excluded.shape, raw = excluded.raw`,
      [
        upserts.map((row) => row.ts),
        upserts.map((row) => row.source),
        upserts.map((row) => row.bpm),
        upserts.map((row) => row.shape),
        upserts.map((row) => row.raw),
      ],
    );
  }
  if (plan.gone.length > 0) {
    await client.query(
      `DELETE FROM ${s}.heartrate_samples h USING unnest($1::bigint[], $2::text[]) AS g(ts, source)
       WHERE h.ts = g.ts AND h.source = g.source`,
      [plan.gone.map((row) => row.ts), plan.gone.map((row) => row.source)],
    );
  }
  return plan.counts;
}
