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
import type { Pool } from 'pg';
import { retryAfterWait } from '../../api/http.js';
import type { RequestBudget } from '../../api/request-budget.js';
import type { AnswerHeaders } from '../../api/transport.js';
import { delay } from '../../delay.js';
import { inTransaction } from '../../history/postgres/pg-open.js';
import { budgetFunctionsSql } from './budget-functions.js';

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
    for (const sql of budgetFunctionsSql(schema)) await client.query(sql);
  });

  return {
    async take() {
      for (;;) {
        const taken = await pool.query<{ wait_ms: number | null }>(
          `SELECT ${schema}.oura_take_unit($1, $2) AS wait_ms`,
          [app, lagMs],
        );
        const waitMs = taken.rows[0]?.wait_ms ?? null;
        if (waitMs === null) return;
        await delay(Math.min(MAX_POLL_MS, Math.max(5, waitMs)));
      }
    },
    async observe(status, headers) {
      const tier = headers.get('x-ratelimit-tier');
      if (tier === null || tier === TOKEN_TIER) return;
      if (status === 429) {
        // Seconds or an HTTP date, read as the client reads it.
        const seconds = (retryAfterWait(headers, Date.now()) ?? 0) / 1000;
        if (seconds > 0) {
          await pool.query(
            `UPDATE ${budgets} SET blocked_until = greatest(blocked_until, clock_timestamp() + $2::float8 * interval '1 second') WHERE app = $1`,
            [app, seconds],
          );
        }
      }
      const limit = headerCount(headers, 'x-ratelimit-limit');
      const window = headerCount(headers, 'x-ratelimit-window');
      const reset = headerCount(headers, 'x-ratelimit-reset');
      // A 429 of this layer says the window is spent, whether or not it says what is left.
      const remaining =
        headerCount(headers, 'x-ratelimit-remaining') ?? (status === 429 ? 0 : undefined);
      if (
        limit === undefined ||
        limit < 1 ||
        !Number.isInteger(limit) ||
        window === undefined ||
        window === 0 ||
        reset === undefined ||
        remaining === undefined ||
        !Number.isInteger(remaining)
      ) {
        return;
      }
      await pool.query(`SELECT ${schema}.oura_learn_window($1, $2, $3, $4, $5, $6)`, [
        app,
        limit,
        window,
        reset,
        limit - remaining,
        lagMs,
      ]);
    },
  };
}

/**
 * A header's number, or undefined when it is missing, empty or not a number
 * at least 0: Oura's notes list no `X-RateLimit-Remaining` on a 429, and a
 * missing header read as 0 (`Number(null)`) would say the limit is 0.
 */
function headerCount(headers: AnswerHeaders, name: string): number | undefined {
  const text = headers.get(name)?.trim();
  if (!text) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
