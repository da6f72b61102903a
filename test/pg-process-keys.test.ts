/**
 * Which keys the running `--database` processes hold, as `oura serve
 * rotate-key` reads them: a process is listed from its first announce until it
 * stops, with its keys' ids; one not heard from for 90 s (killed) is not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  announceProcessKeys,
  LIVE_WITHIN_SECONDS,
  liveProcessKeys,
} from '../src/serve/state-pg/pg-process-keys.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';

const hasPostgres = await postgresAvailable();
let database: TestDatabase | undefined;

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'process keys on PostgreSQL', () => {
  it('lists a process from its announce until it stops; one silent for 90 s is taken for gone', async () => {
    const pool = (database as TestDatabase).pool(2);
    const errors: Error[] = [];
    const web = await announceProcessKeys(
      pool,
      { role: 'web', pid: 101, keyIds: ['old', 'new'], currentKey: 'old' },
      (error) => errors.push(error),
    );
    const worker = await announceProcessKeys(
      pool,
      { role: 'worker', pid: 102, keyIds: ['new', 'old'], currentKey: 'new' },
      (error) => errors.push(error),
    );
    const live = await liveProcessKeys(pool);
    expect(
      live.map(({ role, pid, keyIds, currentKey }) => ({ role, pid, keyIds, currentKey })),
    ).toEqual([
      { role: 'web', pid: 101, keyIds: ['old', 'new'], currentKey: 'old' },
      { role: 'worker', pid: 102, keyIds: ['new', 'old'], currentKey: 'new' },
    ]);
    expect(live.every((p) => p.secondsAgo < 5 && p.host.length > 0)).toBe(true);

    // The worker killed: its last announce ages past the limit.
    await pool.query(
      `UPDATE oura_service.processes SET seen_at = now() - make_interval(secs => $1) WHERE pid = 102`,
      [LIVE_WITHIN_SECONDS + 1],
    );
    expect((await liveProcessKeys(pool)).map((p) => p.pid)).toEqual([101]);

    await web.stop();
    expect(await liveProcessKeys(pool)).toEqual([]);
    await worker.stop();
    expect((await pool.query('SELECT 1 FROM oura_service.processes')).rowCount).toBe(0);
    expect(errors).toEqual([]);
    await pool.end();
  });
});
