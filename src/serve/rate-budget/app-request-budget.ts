/**
 * One Oura application's request budget, shared through PostgreSQL by every
 * process that syncs with that application. Each unit handed out is a row
 * (the time it was taken); a take is granted only while fewer than the limit
 * were taken within the window plus an arrival lag, under a lock on the
 * application's row, so workers on different machines never hand out the
 * same unit, and the database's clock is the one clock they all read.
 *
 * Why a sliding log and not a window of our own: Oura's window opens when the
 * first request reaches it, later than the budget handed that request out, and
 * a request taken at the start of our next window could land in Oura's last
 * one (the emulator answered 110 of 2322 requests 429 with a fixed window told
 * 90% of its limit). With at most `limit` units in any span of window + lag,
 * every Oura window, wherever it starts, receives at most `limit` requests
 * taken no more than `lag` before they arrive.
 *
 * The budget starts from what it is told (Oura's published 5000 requests per
 * 5 minutes) and learns from the answers: when `X-RateLimit-Tier` names the
 * application layer, its `X-RateLimit-Limit` and `-Window` replace what it was
 * told, `-Remaining` and `-Reset` say how much of Oura's window is spent (held
 * as units taken at that window's start), and a 429 from that layer blocks
 * every worker until its `Retry-After`. Answers of the per-token layer are
 * each client's own business (the client waits them out itself).
 */
import type { Pool, PoolClient } from 'pg';
import type { RequestBudget } from '../../api/request-budget.js';
import { delay } from '../../delay.js';
import { inTransaction } from '../../history/postgres/pg-open.js';

export interface AppRequestBudgetOptions {
  pool: Pool;
  /** The Oura application's client id. */
  app: string;
  /** Requests per window until Oura's headers say otherwise (default 5000). */
  limit?: number;
  /** The window's length in seconds until Oura's headers say otherwise (default 300). */
  windowSeconds?: number;
  /**
   * How long after it is taken a unit's request may still reach Oura (default
   * 1 s): a unit counts for the window plus this. A request slower than that
   * may meet a 429, which the budget then learns from.
   */
  arrivalLagMs?: number;
  /** The schema of the budget's tables (default `oura_service`). */
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
  const budgets = `${schema}.oura_request_budget`;
  const units = `${schema}.oura_request_units`;
  const { pool, app } = options;
  const lagMs = options.arrivalLagMs ?? 1_000;
  await inTransaction(pool, async (client) => {
    // Two processes starting at once would both try to create the tables.
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('oura-request-budget', 0))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${budgets} (
      app text PRIMARY KEY,
      max_requests integer NOT NULL,
      window_ms integer NOT NULL,
      blocked_until timestamptz NOT NULL DEFAULT '-infinity'
    )`);
    // The first budgets kept one fixed window in the application's row.
    await client.query(
      `ALTER TABLE ${budgets} DROP COLUMN IF EXISTS window_start, DROP COLUMN IF EXISTS used`,
    );
    await client.query(`CREATE TABLE IF NOT EXISTS ${units} (
      app text NOT NULL,
      taken_at timestamptz NOT NULL
    )`);
    await client.query(
      `CREATE INDEX IF NOT EXISTS oura_request_units_by_app ON ${units} (app, taken_at)`,
    );
    await client.query(
      `INSERT INTO ${budgets} (app, max_requests, window_ms) VALUES ($1, $2, $3)
       ON CONFLICT (app) DO NOTHING`,
      [app, options.limit ?? 5000, (options.windowSeconds ?? 300) * 1000],
    );
  });

  /** How long a unit taken at `taken_at` counts: the window, then the arrival lag. */
  const span = `((b.window_ms + ${Number(lagMs)}) * interval '1 millisecond')`;

  /**
   * Takes a unit if one is free and returns null; otherwise how many ms until
   * one may be (0 when the oldest stopped counting since it was looked at).
   */
  async function tryTake(client: PoolClient): Promise<number | null> {
    // The row lock orders every take and observation of this application;
    // each statement after it sees the units the previous holder committed.
    await client.query(`SELECT 1 FROM ${budgets} WHERE app = $1 FOR UPDATE`, [app]);
    await client.query(
      `DELETE FROM ${units} u USING ${budgets} b
       WHERE b.app = $1 AND u.app = $1 AND u.taken_at <= clock_timestamp() - ${span}`,
      [app],
    );
    const state = await client.query<{ blocked_ms: number; taken: number; max: number }>(
      `SELECT CASE WHEN b.blocked_until > clock_timestamp()
                THEN extract(epoch FROM b.blocked_until - clock_timestamp())::float8 * 1000
                ELSE 0 END AS blocked_ms,
              (SELECT count(*) FROM ${units} u WHERE u.app = $1)::integer AS taken,
              b.max_requests AS max
       FROM ${budgets} b WHERE b.app = $1`,
      [app],
    );
    const { blocked_ms, taken, max } = state.rows[0] as (typeof state.rows)[number];
    if (blocked_ms > 0) return blocked_ms;
    if (taken < max) {
      await client.query(`INSERT INTO ${units} (app, taken_at) VALUES ($1, clock_timestamp())`, [
        app,
      ]);
      return null;
    }
    // Free once enough of the oldest units stop counting.
    const freed = await client.query<{ wait_ms: number }>(
      `SELECT extract(epoch FROM u.taken_at + ${span} - clock_timestamp())::float8 * 1000 AS wait_ms
       FROM ${units} u JOIN ${budgets} b ON b.app = u.app
       WHERE u.app = $1 ORDER BY u.taken_at OFFSET $2 LIMIT 1`,
      [app, taken - max],
    );
    return Number(freed.rows[0]?.wait_ms ?? 0);
  }

  return {
    async take() {
      for (;;) {
        const waitMs = await inTransaction(pool, tryTake);
        if (waitMs === null) return;
        await delay(Math.min(MAX_POLL_MS, Math.max(5, waitMs)));
      }
    },
    async observe(status, headers) {
      const tier = headers.get('x-ratelimit-tier');
      if (tier === null || tier === TOKEN_TIER) return;
      if (status === 429) {
        const seconds = Number(headers.get('retry-after'));
        if (Number.isFinite(seconds) && seconds > 0) {
          await pool.query(
            `UPDATE ${budgets} SET blocked_until = greatest(blocked_until, clock_timestamp() + $2::float8 * interval '1 second') WHERE app = $1`,
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
      await inTransaction(pool, async (client) => {
        await client.query(
          `UPDATE ${budgets} SET max_requests = $2::integer, window_ms = $3::float8 * 1000 WHERE app = $1`,
          [app, limit, window],
        );
        // What Oura counted in its current window and the budget does not know
        // of (another deployment, a restart), held as units taken when that
        // window began, so they stop counting when it ends. An answer about a
        // window already over says nothing of the current one.
        await client.query(
          `WITH oura AS (SELECT to_timestamp($3::float8) - $2::float8 * interval '1 second' AS start),
                known AS (
                  SELECT count(*)::integer AS n FROM ${units} u, oura
                  WHERE u.app = $1 AND u.taken_at > oura.start - ${Number(lagMs)} * interval '1 millisecond')
           INSERT INTO ${units} (app, taken_at)
           SELECT $1, oura.start FROM oura, known, generate_series(1, $4::integer - known.n)
           WHERE to_timestamp($3::float8) > clock_timestamp()`,
          [app, window, reset, limit - remaining],
        );
      });
    },
  };
}
