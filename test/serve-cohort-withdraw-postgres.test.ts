/**
 * A withdrawal on PostgreSQL leaves no schema behind, even when a sync of the
 * participant runs after it: with hundreds of people, a sync asked for before
 * someone withdrew can wait in the job queue until after. Such a job found the
 * person gone only once it had made their schema again (an empty history named
 * after them, kept for good); the worker now drops what it made. Nor does the
 * job queue keep the person's finished jobs (pg-boss kept them a week).
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { historySchemaOf } from '../dist/serve/person-schema.js';
import { postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { enrollOverHttp, startServeFixture, withdrawLinkIn } from './helpers/serve.js';

describeOrSkip(await postgresAvailable(), 'PostgreSQL is not reachable', 'on PostgreSQL', () => {
  it('a withdrawal leaves no job naming the person, and a sync run after it makes no schema', {
    timeout: 60_000,
  }, async () => {
    const fx = await startServeFixture({
      state: 'postgres',
      emulator: { accounts: 2, historyDays: 5 },
    });
    const person = fx.emulator.accounts[1]?.userId ?? '';
    const schema = historySchemaOf(person);
    const count = async (sql: string, value: string) => {
      const client = new pg.Client({ connectionString: fx.databaseUrl });
      await client.connect();
      try {
        return (await client.query(sql, [value])).rowCount;
      } finally {
        await client.end();
      }
    };
    const schemaThere = async () =>
      (await count('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', schema)) ===
      1;
    /** The job queue's rows naming the person, waiting, finished or archived. */
    const jobsNaming = () =>
      count(
        `SELECT 1 FROM oura_jobs.job WHERE data->>'person' = $1
         UNION ALL SELECT 1 FROM oura_jobs.archive WHERE data->>'person' = $1`,
        person,
      );
    const waitForLog = async (pattern: RegExp) => {
      const deadline = Date.now() + 30_000;
      while (!fx.logs.some((line) => pattern.test(line))) {
        if (Date.now() > deadline)
          throw new Error(`no log line ${pattern}:\n${fx.logs.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const joined = await enrollOverHttp(fx.serve.publicUrl, await fx.enrollmentLink('study-a'), 1);
    await waitForLog(new RegExp(`sync done ${schema}`));
    expect(await schemaThere()).toBe(true);
    expect(await jobsNaming()).toBeGreaterThan(0);

    const withdrawn = await fetch(withdrawLinkIn(joined.html), { method: 'POST' });
    expect(withdrawn.status).toBe(200);
    await withdrawn.body?.cancel();
    expect(await schemaThere()).toBe(false);
    expect(await jobsNaming()).toBe(0);

    // The sync asked for before the withdrawal, run after it.
    fx.serve.sync.request(person);
    await waitForLog(new RegExp(`sync (skipped|stopped) ${schema}`));
    expect(await schemaThere()).toBe(false);
  });

  it("a withdrawal while the participant's sync runs ends that sync as skipped, not failed", {
    timeout: 60_000,
  }, async () => {
    // Every answer 300 ms late: the first sync runs for seconds.
    const fx = await startServeFixture({
      state: 'postgres',
      emulator: { accounts: 2, historyDays: 60, latencyMs: 300 },
    });
    const schema = historySchemaOf(fx.emulator.accounts[1]?.userId ?? '');
    const lineAbout = async (pattern: RegExp) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const line = fx.logs.find((entry) => pattern.test(entry));
        if (line) return line;
        if (Date.now() > deadline)
          throw new Error(`no log line ${pattern}:\n${fx.logs.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const joined = await enrollOverHttp(fx.serve.publicUrl, await fx.enrollmentLink('study-b'), 1);
    // Withdrawn once the sync has written its first windows, while it goes on.
    const person = fx.emulator.accounts[1]?.userId ?? '';
    while ((await fx.historyDocuments(person)) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fx.logs.join('\n')).not.toMatch(new RegExp(`sync (skipped|done|failed) ${schema}`));
    const withdrawn = await fetch(withdrawLinkIn(joined.html), { method: 'POST' });
    expect(withdrawn.status).toBe(200);
    await withdrawn.body?.cancel();
    const ended = await lineAbout(new RegExp(`sync (skipped|done|failed|stopped) ${schema}`));
    expect(ended).toContain(`sync skipped ${schema}: the person left`);
  });
});
