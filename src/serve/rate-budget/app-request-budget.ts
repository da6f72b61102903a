/**
 * One Oura application's request budget, shared through PostgreSQL by every
 * process that syncs with that application. A row holds the window (start,
 * length, limit, used) and any block a 429 imposed; taking a unit is one
 * UPDATE, so workers on different machines never hand out the same unit, and
 * the database's clock is the one clock they all read.
 *
 * The budget starts from what it is told (Oura's published 5000 requests per
 * 5 minutes) and learns from the answers: when `X-RateLimit-Tier` names the
 * application layer, its `X-RateLimit-Limit`, `-Window`, `-Remaining` and
 * `-Reset` say where Oura's own window stands, and a 429 from that layer
 * blocks every worker until its `Retry-After`. Answers of the per-token
 * layer are each client's own business (the client waits them out itself).
 */
import type { Pool } from 'pg';
import type { RequestBudget } from '../../api/request-budget.js';
import { delay } from '../../delay.js';
import { checkOut } from '../../history/postgres/pg-open.js';

export interface AppRequestBudgetOptions {
  pool: Pool;
  /** The Oura application's client id. */
  app: string;
  /** Requests per window until Oura's headers say otherwise (default 5000). */
  limit?: number;
  /** The window's length in seconds until Oura's headers say otherwise (default 300). */
  windowSeconds?: number;
  /** The schema of the budget's table (default `oura_service`). */
  schema?: string;
}

/** The tier Oura names for its per-token layer; any other names the application's. */
const TOKEN_TIER = 'access_token';
/** Longest single wait before asking the database again (a block may be lifted or learned shorter). */
const MAX_POLL_MS = 1_000;

export async function openAppRequestBudget(
  options: AppRequestBudgetOptions,
): Promise<RequestBudget> {
  const schema = options.schema ?? 'oura_service';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`"${schema}" is not a schema name`);
  const table = `${schema}.oura_request_budget`;
  const { pool, app } = options;
  const client = await checkOut(pool);
  try {
    await client.query('BEGIN');
    // Two processes starting at once would both try to create the table.
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('oura-request-budget', 0))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
      app text PRIMARY KEY,
      max_requests integer NOT NULL,
      window_ms integer NOT NULL,
      window_start timestamptz NOT NULL,
      used integer NOT NULL,
      blocked_until timestamptz NOT NULL DEFAULT '-infinity'
    )`);
    await client.query(
      `INSERT INTO ${table} (app, max_requests, window_ms, window_start, used)
       VALUES ($1, $2, $3, clock_timestamp(), 0) ON CONFLICT (app) DO NOTHING`,
      [app, options.limit ?? 5000, (options.windowSeconds ?? 300) * 1000],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }

  const windowEnd = "b.window_start + b.window_ms * interval '1 millisecond'";
  return {
    async take() {
      for (;;) {
        const taken = await pool.query(
          `WITH now AS (SELECT clock_timestamp() AS t)
           UPDATE ${table} b SET
             window_start = CASE WHEN now.t >= ${windowEnd} THEN now.t ELSE b.window_start END,
             used = CASE WHEN now.t >= ${windowEnd} THEN 1 ELSE b.used + 1 END
           FROM now
           WHERE b.app = $1 AND now.t >= b.blocked_until
             AND (now.t >= ${windowEnd} OR b.used < b.max_requests)
           RETURNING 1`,
          [app],
        );
        if (taken.rowCount === 1) return;
        const wait = await pool.query<{ ms: number }>(
          `SELECT extract(epoch FROM greatest(b.blocked_until,
             CASE WHEN b.used >= b.max_requests THEN ${windowEnd} ELSE '-infinity' END) - clock_timestamp()) * 1000 AS ms
           FROM ${table} b WHERE b.app = $1`,
          [app],
        );
        await delay(Math.min(MAX_POLL_MS, Math.max(5, Number(wait.rows[0]?.ms ?? 0))));
      }
    },
    async observe(status, headers) {
      const tier = headers.get('x-ratelimit-tier');
      if (tier === null || tier === TOKEN_TIER) return;
      if (status === 429) {
        const seconds = Number(headers.get('retry-after'));
        if (Number.isFinite(seconds) && seconds > 0) {
          await pool.query(
            `UPDATE ${table} SET blocked_until = greatest(blocked_until, clock_timestamp() + $2::float8 * interval '1 second') WHERE app = $1`,
            [app, seconds],
          );
        }
      }
      const limit = Number(headers.get('x-ratelimit-limit'));
      const window = Number(headers.get('x-ratelimit-window'));
      const remaining = Number(headers.get('x-ratelimit-remaining'));
      const reset = Number(headers.get('x-ratelimit-reset'));
      if (
        ![limit, window, remaining, reset].every((n) => Number.isFinite(n) && n >= 0) ||
        window === 0
      ) {
        return;
      }
      // Oura's window, as its reset gives it; within the same window, what Oura
      // counted never lowers what was handed out (answers arrive out of order).
      // An answer about a window that ended before the budget's began is late
      // news: taking it would move the budget back to that window, whose end
      // has passed, and the next take would open a fresh one, forgetting the
      // units already handed out in this one.
      await pool.query(
        `WITH oura AS (SELECT to_timestamp($5::float8) - $3::float8 * interval '1 second' AS start)
         UPDATE ${table} b SET
           max_requests = $2::integer,
           window_ms = $3::float8 * 1000,
           used = CASE WHEN abs(extract(epoch FROM oura.start - b.window_start)) < 1
             THEN greatest(b.used, $2::integer - $4::integer) ELSE $2::integer - $4::integer END,
           window_start = oura.start
         FROM oura WHERE b.app = $1 AND to_timestamp($5::float8) > b.window_start`,
        [app, limit, window, remaining, reset],
      );
    },
  };
}
