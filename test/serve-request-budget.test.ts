/**
 * One Oura application's request budget, shared through PostgreSQL: several
 * pools stand for several worker processes. Timings here are lower bounds
 * only (a loaded machine makes them longer, never shorter), except where a
 * wait that must not happen is told apart from one of several seconds.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { RequestBudget } from '../src/api/request-budget.js';
import { startEmulator } from '../src/emulator/index.js';
import { openAppRequestBudget } from '../src/serve/rate-budget/app-request-budget.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';

const hasPostgres = await postgresAvailable();
let database: TestDatabase;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  if (!hasPostgres) return;
  database = await createTestDatabase();
  pools.push(database.pool(), database.pool());
});

afterAll(async () => {
  await database?.drop();
});

/** The same application's budget as two processes see it. */
async function budgets(
  app: string,
  limit: number,
  windowSeconds: number,
  arrivalLagMs?: number,
): Promise<RequestBudget[]> {
  return Promise.all(
    pools.map((pool) =>
      openAppRequestBudget({
        pool,
        app,
        limit,
        windowSeconds,
        ...(arrivalLagMs === undefined ? {} : { arrivalLagMs }),
      }),
    ),
  );
}

const appHeaders = (fields: Record<string, number | string>) =>
  new Headers(
    Object.fromEntries(
      Object.entries({ 'x-ratelimit-tier': 'application', ...fields }).map(([k, v]) => [
        k,
        String(v),
      ]),
    ),
  );

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'the shared request budget', () => {
  it('hands out no more units per window than the limit, across processes', async () => {
    const [a, b] = await budgets('app-units', 12, 1);
    const started = performance.now();
    const takers = [a, a, a, b, b, b].map(async (budget) => {
      for (let i = 0; i < 8; i++) await (budget as RequestBudget).take();
    });
    await Promise.all(takers);
    // 48 units at 12 a window: the 13th, 25th and 37th each waited for a new window.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_900);
  });

  it("learns where Oura's window stands from the application tier's headers", async () => {
    const [a, b] = await budgets('app-learned', 1000, 300);
    const reset = Math.ceil(Date.now() / 1000) + 2;
    await (a as RequestBudget).observe(
      200,
      appHeaders({
        'x-ratelimit-limit': 5,
        'x-ratelimit-window': 10,
        'x-ratelimit-remaining': 0,
        'x-ratelimit-reset': reset,
      }),
    );
    const started = Date.now();
    await (b as RequestBudget).take();
    // Nothing was left until Oura's reset: the other process waited for it.
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('learns nothing from an answer that leaves out a figure: a missing header is no zero', async () => {
    const [a, b] = await budgets('app-partial', 5, 60);
    const reset = Math.ceil(Date.now() / 1000) + 60;
    const full = {
      'x-ratelimit-limit': 5,
      'x-ratelimit-window': 60,
      'x-ratelimit-remaining': 5,
      'x-ratelimit-reset': reset,
    };
    const without = (name: keyof typeof full) =>
      appHeaders(Object.fromEntries(Object.entries(full).filter(([key]) => key !== name)));
    // Read as 0, a missing limit stopped every take for good, and a missing remaining
    // held the whole window as spent until Oura's reset, a minute away.
    await (a as RequestBudget).observe(200, without('x-ratelimit-limit'));
    await (a as RequestBudget).observe(200, without('x-ratelimit-remaining'));
    const took = Promise.all([1, 2, 3].map(() => (b as RequestBudget).take())).then(() => 'took');
    const late = new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting'));
    expect(await Promise.race([took, late])).toBe('took');
  });

  it("takes a late answer about Oura's previous window for no news: the current window's units stay counted", async () => {
    const [a, b] = await budgets('app-late', 1000, 300);
    const second = Math.floor(Date.now() / 1000);
    const window = (reset: number, remaining: number) =>
      appHeaders({
        'x-ratelimit-limit': 3,
        'x-ratelimit-window': 3,
        'x-ratelimit-remaining': remaining,
        'x-ratelimit-reset': reset,
      });
    await (a as RequestBudget).observe(200, window(second + 3, 2));
    await (b as RequestBudget).take();
    await (b as RequestBudget).take();
    // An answer sent in the window before, arriving after this one began.
    await (a as RequestBudget).observe(200, window(second, 0));
    await (b as RequestBudget).take();
    // Three units were spent in Oura's window: the fourth waited for its end.
    expect(Date.now()).toBeGreaterThanOrEqual((second + 3) * 1000 - 50);
  });

  it("blocks every process until a 429's Retry-After from the application layer, and not for the token layer's", async () => {
    const [a, b] = await budgets('app-blocked', 1000, 300);
    await (a as RequestBudget).observe(
      429,
      new Headers({ 'x-ratelimit-tier': 'access_token', 'retry-after': '6' }),
    );
    let started = performance.now();
    await (b as RequestBudget).take();
    expect(performance.now() - started, "a per-token 429 is the client's own wait").toBeLessThan(
      5_000,
    );

    await (a as RequestBudget).observe(429, appHeaders({ 'retry-after': 2 }));
    started = performance.now();
    await (b as RequestBudget).take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_500);
  });

  it("two processes' clients of one application, reading two people, stay under the application's limit with the budget, and not without", async () => {
    // The budget is told the emulator's own limit. The emulator's window opens when a request
    // arrives, after the budget handed it out: with a window of the budget's own, requests
    // taken at the start of its next window landed in the emulator's last one (429s). The
    // emulator shares this process's one thread with the clients: on a loaded machine a
    // request may take well over the default second from the budget to the emulator.
    const emulator = await startEmulator({
      today: '2025-06-15',
      historyDays: 60,
      accounts: 2,
      appRateLimit: { limit: 6, windowSeconds: 1 },
    });
    const range = { start: '2025-04-20', end: '2025-06-15' };
    const listBoth = async (shared: RequestBudget[] | undefined) => {
      const counts = await Promise.all(
        [0, 1].map(async (account) => {
          const budget = shared?.[account];
          const client = new OuraClient({
            token: emulator.mintTokens({ account }).access_token,
            baseUrl: emulator.url,
            dateWindowDays: 7,
            ...(budget ? { requestBudget: budget } : {}),
          });
          let documents = 0;
          for await (const batch of client.listBatches('daily_sleep', range))
            documents += batch.length;
          return documents;
        }),
      );
      expect(counts).toEqual([57, 57]);
    };
    try {
      await listBoth(await budgets('app-client', 6, 1, 3_000));
      expect(emulator.stats.apiRequests).toBeGreaterThan(12);
      expect(emulator.stats.rateLimited).toBe(0);
      // The same two clients without the budget meet the application's 429s (and wait them out).
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await listBoth(undefined);
      expect(emulator.stats.rateLimited).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });
});
