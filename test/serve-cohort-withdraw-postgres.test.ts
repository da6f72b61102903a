/**
 * A withdrawal on PostgreSQL leaves no schema behind, even when a sync of the
 * participant runs after it: with hundreds of people, a sync asked for before
 * someone withdrew can wait in the job queue until after. Such a job found the
 * person gone only once it had made their schema again (an empty history named
 * after them, kept for good); the worker now drops what it made.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { historySchemaOf } from '../dist/serve/person-schema.js';
import { postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { enrollOverHttp, startServeFixture, withdrawLinkIn } from './helpers/serve.js';

describeOrSkip(await postgresAvailable(), 'PostgreSQL is not reachable', 'on PostgreSQL', () => {
  it('a sync run after a withdrawal makes no schema for the person', {
    timeout: 60_000,
  }, async () => {
    const fx = await startServeFixture({
      state: 'postgres',
      emulator: { accounts: 2, historyDays: 5 },
    });
    const person = fx.emulator.accounts[1]?.userId ?? '';
    const schema = historySchemaOf(person);
    const schemaThere = async () => {
      const client = new pg.Client({ connectionString: fx.databaseUrl });
      await client.connect();
      try {
        const found = await client.query(
          'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1',
          [schema],
        );
        return found.rowCount === 1;
      } finally {
        await client.end();
      }
    };
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

    const withdrawn = await fetch(withdrawLinkIn(joined.html), { method: 'POST' });
    expect(withdrawn.status).toBe(200);
    await withdrawn.body?.cancel();
    expect(await schemaThere()).toBe(false);

    // The sync asked for before the withdrawal, run after it.
    fx.serve.sync.request(person);
    await waitForLog(new RegExp(`sync (skipped|stopped) ${schema}`));
    expect(await schemaThere()).toBe(false);
  });
});
