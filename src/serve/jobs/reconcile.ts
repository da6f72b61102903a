/**
 * When webhooks go quiet for someone, a sync finds what they missed: Oura
 * does not promise every event (a subscription may lapse, a delivery may run
 * out of retries), so a person whose history heard nothing — no sync and no
 * webhook event — for a while gets an incremental sync. And a person with an
 * event long overdue gets a pass over their events: a web process that died
 * between committing an event and asking for its pass left it with none. The
 * queue runs this on a schedule (`JobQueue.scheduleReconcile`); any worker
 * may take it.
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
  /** Asks for a pass over the person's webhook events (the queue's `applyEvents`). */
  applyEvents(person: string): Promise<unknown>;
  /** How long a history may hear nothing before it is synced (default 6 h). */
  quietMs?: number;
  now?: () => number;
}

/** An event due this long without a pass lost its ask: a pass normally starts within seconds. */
const OVERDUE_MS = 10 * 60_000;

/** Whom reconciliation asked for: a sync (quiet), a pass over their events (overdue). */
export interface Reconciled {
  quiet: string[];
  overdue: string[];
}

/** Asks for a sync of each quiet person and a pass for each with overdue events. */
export async function reconcile(options: ReconcileOptions): Promise<Reconciled> {
  const now = (options.now ?? Date.now)();
  const quietMs = options.quietMs ?? 6 * 3_600_000;
  const reconciled: Reconciled = { quiet: [], overdue: [] };
  for (const person of await options.people()) {
    const heard = await lastHeard(options.pool, historySchemaOf(person), now - OVERDUE_MS);
    if (heard.overdue) {
      await options.applyEvents(person);
      reconciled.overdue.push(person);
    }
    if (heard.at !== undefined && now - heard.at < quietMs) continue;
    await options.request(person);
    reconciled.quiet.push(person);
  }
  return reconciled;
}

/**
 * When the person's history last synced or received an event (epoch ms;
 * undefined if never), and whether an event due before `overdueAt` waits.
 */
async function lastHeard(
  pool: Pool,
  schema: string,
  overdueAt: number,
): Promise<{ at: number | undefined; overdue: boolean }> {
  const exists = await pool.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
    `${schemaIdentifier(schema)}.meta`,
  ]);
  if (!exists.rows[0]?.found) return { at: undefined, overdue: false };
  const s = schemaIdentifier(schema);
  const found = await pool.query<{
    synced: string | null;
    event: string | null;
    overdue: boolean;
  }>(
    `SELECT (SELECT value FROM ${s}.meta WHERE key = 'synced_at') AS synced,
            (SELECT max(received_at) FROM ${s}.webhook_events) AS event,
            EXISTS (SELECT 1 FROM ${s}.webhook_events
                     WHERE done_at IS NULL AND next_at <= $1) AS overdue`,
    [overdueAt],
  );
  const row = found.rows[0];
  const times = [
    row?.synced ? Date.parse(row.synced) : Number.NaN,
    Number(row?.event ?? Number.NaN),
  ];
  const known = times.filter((time) => Number.isFinite(time));
  return {
    at: known.length > 0 ? Math.max(...known) : undefined,
    overdue: row?.overdue ?? false,
  };
}
