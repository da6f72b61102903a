/**
 * The request budget's two operations as functions in the database, so each
 * is one statement: the application's row lock, which orders every take and
 * every lesson from Oura's headers, is held only while the server runs them.
 * Taken from the client, statement by statement, the lock was held across
 * each round trip and across the holder's event loop, busy parsing pages, so
 * every worker of the application waited on the busiest one (eight takers in
 * one process: 564 takes a second that way, 1644 with these functions).
 *
 * In a function each statement reads a fresh snapshot, so the statements after
 * the lock see the units the previous holder committed. Their commits do not
 * wait for the disk (`synchronous_commit` off for that transaction only): a
 * PostgreSQL crash may forget the last fraction of a second of units, which
 * the next answer's `X-RateLimit-Remaining` teaches back.
 */

/** The SQL that (re)defines both functions in `schema` (a checked identifier). */
export function budgetFunctionsSql(schema: string): string[] {
  const budgets = `${schema}.oura_request_budget`;
  const units = `${schema}.oura_request_units`;
  return [
    // A unit is free while fewer than the limit were taken within the window plus
    // the arrival lag: answers NULL with one taken, else the ms until one may be free.
    `CREATE OR REPLACE FUNCTION ${schema}.oura_take_unit(p_app text, p_lag_ms float8)
     RETURNS float8 LANGUAGE plpgsql AS $fn$
     DECLARE
       b ${budgets}%ROWTYPE;
       span interval;
       taken integer;
       wait_ms float8;
     BEGIN
       PERFORM set_config('synchronous_commit', 'off', true);
       SELECT * INTO b FROM ${budgets} WHERE app = p_app FOR UPDATE;
       span := (b.window_ms + p_lag_ms) * interval '1 millisecond';
       DELETE FROM ${units} WHERE app = p_app AND taken_at <= clock_timestamp() - span;
       IF b.blocked_until > clock_timestamp() THEN
         RETURN extract(epoch FROM b.blocked_until - clock_timestamp())::float8 * 1000;
       END IF;
       SELECT count(*) INTO taken FROM ${units} WHERE app = p_app;
       IF taken < b.max_requests THEN
         INSERT INTO ${units} (app, taken_at) VALUES (p_app, clock_timestamp());
         RETURN NULL;
       END IF;
       -- Free once enough of the oldest units stop counting.
       SELECT extract(epoch FROM taken_at + span - clock_timestamp())::float8 * 1000 INTO wait_ms
         FROM ${units} WHERE app = p_app ORDER BY taken_at OFFSET taken - b.max_requests LIMIT 1;
       RETURN coalesce(wait_ms, 0);
     END
     $fn$`,
    // Oura's limit and window replace what the budget was told; what Oura counted in
    // its current window and the budget does not know of (another deployment, a
    // restart) is held as units taken when that window began, so they stop counting
    // when it ends. An answer about a window already over says nothing of the current one.
    `CREATE OR REPLACE FUNCTION ${schema}.oura_learn_window(
       p_app text, p_limit integer, p_window float8, p_reset float8, p_used integer, p_lag_ms float8)
     RETURNS void LANGUAGE plpgsql AS $fn$
     DECLARE
       oura_start timestamptz := to_timestamp(p_reset) - p_window * interval '1 second';
       known integer;
     BEGIN
       PERFORM set_config('synchronous_commit', 'off', true);
       PERFORM 1 FROM ${budgets} WHERE app = p_app FOR UPDATE;
       UPDATE ${budgets} SET max_requests = p_limit, window_ms = round(p_window * 1000)::integer
        WHERE app = p_app
          AND (max_requests <> p_limit OR window_ms <> round(p_window * 1000)::integer);
       IF to_timestamp(p_reset) <= clock_timestamp() THEN
         RETURN;
       END IF;
       SELECT count(*) INTO known FROM ${units}
        WHERE app = p_app AND taken_at > oura_start - p_lag_ms * interval '1 millisecond';
       INSERT INTO ${units} (app, taken_at)
       SELECT p_app, oura_start FROM generate_series(1, p_used - known);
     END
     $fn$`,
  ];
}
