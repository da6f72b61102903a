/**
 * When webhooks go quiet for someone, a sync finds what they missed: Oura
 * does not promise every event (a subscription may lapse, a delivery may run
 * out of retries), so a person whose history heard nothing — no sync and no
 * webhook event — for a while gets an incremental sync. The queue runs this
 * on a schedule (`JobQueue.scheduleReconcile`); any worker may take it.
 */
import type { Pool } from 'pg';
import { schemaIdentifier } from '../../history/postgres/pg-open.js';
import { historySchemaOf } from '../person-schema.js';

export interface ReconcileOptions {
  pool: Pool;
  /** Everyone the service syncs. */
  people(): Promise<string[]>;
  /** Asks for a sync (the queue's `request`: one waiting per person at most). */
  request(person: string): Promise<unknown>;
  /** How long a history may hear nothing before it is synced (default 6 h). */
  quietMs?: number;
  now?: () => number;
}

/** Asks for a sync of each quiet person; answers whom. */
export async function reconcile(options: ReconcileOptions): Promise<string[]> {
  const now = (options.now ?? Date.now)();
  const quietMs = options.quietMs ?? 6 * 3_600_000;
  const quiet: string[] = [];
  for (const person of await options.people()) {
    const heard = await lastHeard(options.pool, historySchemaOf(person));
    if (heard !== undefined && now - heard < quietMs) continue;
    await options.request(person);
    quiet.push(person);
  }
  return quiet;
}

/** When the person's history last synced or received an event (epoch ms); undefined if never. */
async function lastHeard(pool: Pool, schema: string): Promise<number | undefined> {
  const exists = await pool.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
    `${schemaIdentifier(schema)}.meta`,
  ]);
  if (!exists.rows[0]?.found) return undefined;
  const s = schemaIdentifier(schema);
  const found = await pool.query<{ synced: string | null; event: string | null }>(
    `SELECT (SELECT value FROM ${s}.meta WHERE key = 'synced_at') AS synced,
            (SELECT max(received_at) FROM ${s}.webhook_events) AS event`,
  );
  const row = found.rows[0];
  const times = [
    row?.synced ? Date.parse(row.synced) : Number.NaN,
    Number(row?.event ?? Number.NaN),
  ];
  const known = times.filter((time) => Number.isFinite(time));
  return known.length > 0 ? Math.max(...known) : undefined;
}
