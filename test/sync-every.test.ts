import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RateLimitError, ServerError } from '../src/api/errors.js';
import { addDays, localDay } from '../src/calendar/days.js';
import { nextDelay, runEvery } from '../src/cli/actions/sync-every.js';
import { nowMs } from '../src/clock.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { LoginRequiredError } from '../src/errors.js';
import { cleanEnv, runCli, startCli } from './helpers/cli.js';
import { queryHistory } from './helpers/history.js';
import { tempDir } from './helpers/temp.js';

const MIN = 60_000;
const where = { status: 503, method: 'GET', path: '/v2/usercollection/sleep' };

it('waits the period with ±10% jitter, and backs off from 30 s up to the period after failures', () => {
  expect(nextDelay(15 * MIN, 0, { random: () => 0 })).toBe(13.5 * MIN);
  expect(nextDelay(15 * MIN, 0, { random: () => 1 })).toBe(16.5 * MIN);
  const half = { random: () => 0.5 };
  expect([1, 2, 3, 4, 5, 6].map((n) => nextDelay(15 * MIN, n, half))).toEqual([
    30_000,
    60_000,
    120_000,
    240_000,
    480_000,
    15 * MIN,
  ]);
  const limited = new RateLimitError({
    ...where,
    status: 429,
    retryAt: new Date(1_000_000 + 200_000),
  });
  expect(nextDelay(15 * MIN, 1, { ...half, error: limited, now: 1_000_000 })).toBe(200_000);
});

it('keeps going through failures and stops only on a dead login', async () => {
  const outcomes: (Error | undefined)[] = [
    undefined,
    new ServerError(where),
    new ServerError(where),
    undefined,
    new LoginRequiredError('the refresh chain is dead'),
  ];
  const waits: number[] = [];
  const lines: string[] = [];
  let runs = 0;
  await expect(
    runEvery({
      periodMs: 10 * MIN,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
      log: (line) => lines.push(line),
      run: async () => {
        const outcome = outcomes[runs++];
        if (outcome) throw outcome;
      },
    }),
  ).rejects.toBeInstanceOf(LoginRequiredError);
  expect(runs).toBe(5);
  expect(waits).toEqual([10 * MIN, 30_000, 60_000, 10 * MIN]);
  expect(lines[1]).toMatch(/^sync failed \(.*HTTP 503.*\); trying again at /);
});

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ today: addDays(localDay(), -1), historyDays: 10 });
});
afterAll(async () => {
  await emulator?.close();
});

it('a real `oura sync --every 1m` syncs at once, says when it runs next, and refuses a period under a minute', async () => {
  const dir = await tempDir('oura-every-');
  const env = cleanEnv({
    OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dir,
    OURA_CONFIG_DIR: dir,
  });
  const short = await runCli(['sync', '--every', '10s'], { env });
  expect(short.code).toBe(2);
  expect(short.stderr).toMatch(/at least a minute/);

  const run = startCli(['sync', '--every', '1m'], { env });
  const at = (await run.waitForStderr(/next sync at (\S+)\./))[1] as string;
  const wait = Date.parse(at.replace(/\.$/, '')) - nowMs();
  expect(wait).toBeGreaterThan(50_000);
  expect(wait).toBeLessThan(67_000);
  const rows = queryHistory<{ n: number }>(
    join(dir, 'default.sqlite'),
    'SELECT count(*) AS n FROM documents',
  );
  expect(rows[0]?.n).toBeGreaterThan(0);
  run.kill();
  await run.result;
});
