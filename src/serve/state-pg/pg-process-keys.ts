/**
 * Which sealing keys each running `oura serve --database` process holds. A
 * database deployment changes its key by steps, each process restarted in
 * turn; `oura serve rotate-key` re-seals every value under the new key, and a
 * process that does not hold it yet can then open none of them (it stops
 * syncing, its sign-ins end). Each process says here, every half minute,
 * which keys it holds and seals under, so the command can refuse until every
 * live one seals under the new key. Key ids only: never a key.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import { openServiceSchema } from './pg-service-schema.js';

/** How often a process says it is still here. */
const ANNOUNCE_EVERY_MS = 30_000;
/** A process not heard from for this long is taken for gone (killed, or its machine lost). */
export const LIVE_WITHIN_SECONDS = 90;

export interface ProcessKeys {
  role: string;
  host: string;
  pid: number;
  keyIds: string[];
  currentKey: string;
  /** Seconds since it last said it was here. */
  secondsAgo: number;
}

/**
 * Says now, and every half minute until stopped, that this process runs in
 * `role` holding `keyIds` and sealing under `currentKey`. A failed announce
 * (the database restarting) is retried at the next; stopping deletes the row.
 */
export async function announceProcessKeys(
  pool: Pool,
  me: { role: string; pid: number; keyIds: string[]; currentKey: string },
  onError: (error: Error) => void,
): Promise<{ stop(): Promise<void> }> {
  const schema = await openServiceSchema(pool);
  const id = randomUUID();
  const announce = () =>
    pool.query(
      `INSERT INTO ${schema}.processes (id, role, host, pid, key_ids, current_key, seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [id, me.role, hostname(), me.pid, me.keyIds, me.currentKey],
    );
  // Rows of processes that were killed, long gone: nothing reads them (best effort).
  await pool
    .query(`DELETE FROM ${schema}.processes WHERE seen_at < now() - interval '1 day'`)
    .catch(onError);
  await announce();
  const timer = setInterval(() => {
    announce().catch(onError);
  }, ANNOUNCE_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pool.query(`DELETE FROM ${schema}.processes WHERE id = $1`, [id]).catch(onError);
    },
  };
}

/** The processes heard from within {@link LIVE_WITHIN_SECONDS}, longest silent first. */
export async function liveProcessKeys(pool: Pool): Promise<ProcessKeys[]> {
  const schema = await openServiceSchema(pool);
  const found = await pool.query<{
    role: string;
    host: string;
    pid: number;
    key_ids: string[];
    current_key: string;
    seconds_ago: number;
  }>(
    `SELECT role, host, pid, key_ids, current_key,
            extract(epoch FROM now() - seen_at)::float8 AS seconds_ago
     FROM ${schema}.processes
     WHERE seen_at > now() - make_interval(secs => $1)
     ORDER BY seen_at`,
    [LIVE_WITHIN_SECONDS],
  );
  return found.rows.map((row) => ({
    role: row.role,
    host: row.host,
    pid: row.pid,
    keyIds: row.key_ids,
    currentKey: row.current_key,
    secondsAgo: Math.max(0, Math.round(row.seconds_ago)),
  }));
}
