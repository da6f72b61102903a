/**
 * `oura serve --database` as a deployment runs it: one real `--role web`
 * process and one `--role worker` process sharing a PostgreSQL database. The
 * owner signs in through the web process; the worker syncs their history
 * from the job queue into their schema; the web process then answers the
 * MCP tools from it. And the flags' refusals, which never echo the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../dist/emulator/index.js';
import { runCli } from './helpers/cli.js';
import {
  createTestDatabase,
  databaseUrl,
  postgresAvailable,
  type TestDatabase,
} from './helpers/postgres.js';
import { onCleanup } from './helpers/processes.js';
import { describeOrSkip } from './helpers/requirements.js';
import {
  freePort,
  mcpCall,
  pkcePair,
  registerClient,
  signInOverHttp,
  tokenRequest,
} from './helpers/serve.js';
import { deploymentEnv, startWebProcess, startWorkerProcess } from './helpers/serve-deployment.js';

const REDIRECT = 'http://127.0.0.1:1/assistant/callback';
const hasPostgres = await postgresAvailable();

let env: NodeJS.ProcessEnv;
let port: number;
let database: TestDatabase;

beforeAll(async () => {
  port = await freePort();
  const emulator = await startEmulator({
    historyDays: 20,
    clients: [
      {
        clientId: 'serve-pg-app',
        clientSecret: 'serve-pg-secret',
        redirectUris: [`http://127.0.0.1:${port}/oura/callback`],
      },
    ],
  });
  onCleanup(() => emulator.close());
  env = await deploymentEnv(emulator, {
    clientId: 'serve-pg-app',
    clientSecret: 'serve-pg-secret',
  });
  if (hasPostgres) {
    database = await createTestDatabase();
    onCleanup(() => database.drop());
  }
});

afterAll(() => {});

describe('oura serve --database and --role', () => {
  it('refuses a role without a database, an unknown role and a URL that is not PostgreSQL (exit 2), echoing no URL', async () => {
    const worker = await runCli(['serve', '--role', 'worker'], { env });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/--database postgres:\/\//);
    const unknown = await runCli(['serve', '--role', 'cook', '--database', 'postgres:///x'], {
      env,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/web, worker or all/);
    const secretUrl = 'mysql://oura:hunter2@db.example.net/oura';
    const wrong = await runCli(['serve', '--database', secretUrl], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/not a PostgreSQL URL/);
    expect(wrong.stderr).not.toContain('hunter2');
  });
});

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'oura serve on PostgreSQL', () => {
  it('says what is wrong with a database it cannot open (exit 1), not "unexpected error"', async () => {
    const missing = await runCli(
      ['serve', '--database', databaseUrl('oura_no_such_database'), '--role', 'worker'],
      { env },
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'Cannot open the PostgreSQL database: database "oura_no_such_database" does not exist.',
    );
    expect(missing.stderr).toContain('createdb');
    const nobody = await runCli(['serve', 'rotate-key', '--database', 'postgres://127.0.0.1:1/x'], {
      env,
    });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('nothing answers at its address (ECONNREFUSED)');
    for (const run of [missing, nobody]) expect(run.stderr).not.toContain('unexpected error');
  });

  it('one web and one worker process: a sign-in is synced by the worker and answered from the database', async () => {
    // A worker started before any web process, and given no Oura application, says to start one.
    const early = await runCli(['serve', '--database', database.url, '--role', 'worker'], {
      env: { ...env, OURA_CLIENT_ID: undefined, OURA_CLIENT_SECRET: undefined },
    });
    expect(early.code).toBe(2);
    expect(early.stderr).toContain(
      'No web process has stored the Oura application in this database yet',
    );
    expect(early.stderr).toContain('--role web` first');
    const {
      run: web,
      claim,
      publicUrl,
    } = await startWebProcess(env, {
      port,
      databaseUrl: database.url,
    });
    // The worker finds the Oura application the web process sealed in the database.
    const worker = await startWorkerProcess(env, database.url);

    // An invite made beside a deployment goes into its database: named by the variable, or by
    // --database before or after `invite` (commander once dropped it: the link went to SQLite).
    const invite = await runCli(['serve', 'invite'], {
      env: { ...env, OURA_DATABASE_URL: database.url },
    });
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toMatch(new RegExp(`^${publicUrl}/invite/[A-Za-z0-9_-]{43}\\n$`));
    const flagged = await runCli(['serve', '--database', database.url, 'invite'], {
      env: { ...env, OURA_DATABASE_URL: undefined },
    });
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(flagged.stdout).toMatch(new RegExp(`^${publicUrl}/invite/[A-Za-z0-9_-]{43}\\n$`));
    const enroll = await runCli(
      ['serve', 'invite', '--cohort', 'study-a', '--database', database.url],
      {
        env: { ...env, OURA_DATABASE_URL: undefined },
      },
    );
    expect(enroll.code, enroll.stderr).toBe(0);
    expect(enroll.stdout).toMatch(new RegExp(`^${publicUrl}/enroll/[A-Za-z0-9_-]{43}\\n$`));
    const clientId = (await registerClient(publicUrl, REDIRECT)).client_id;
    const pkce = await pkcePair();
    const signedIn = await signInOverHttp({
      publicUrl,
      clientId,
      redirectUri: REDIRECT,
      challenge: pkce.challenge,
      code: claim,
    });
    expect(signedIn.code, signedIn.location).toBeDefined();
    const tokens = await tokenRequest(publicUrl, {
      grant_type: 'authorization_code',
      code: signedIn.code ?? '',
      code_verifier: pkce.verifier,
      client_id: clientId,
      redirect_uri: REDIRECT,
    });
    expect(tokens.status).toBe(200);
    const token = String(tokens.body.access_token);

    // The sign-in asked for a sync on the queue; the worker did it.
    await worker.waitForStderr(/sync done person_[0-9a-f]{32}/, 60_000);
    const answer = await mcpCall(publicUrl, token, 'tools/call', {
      name: 'oura_get',
      arguments: { type: 'daily_sleep' },
    });
    const result = answer.body.result as { structuredContent: Record<string, unknown> };
    expect(result.structuredContent.source).toBe('local');
    expect((result.structuredContent.documents as unknown[]).length).toBeGreaterThan(0);
    const query = await mcpCall(publicUrl, token, 'tools/call', {
      name: 'oura_query',
      arguments: { sql: 'SELECT count(*) AS n FROM daily_sleep' },
    });
    const rows = (query.body.result as { structuredContent: { rows: { n: number }[] } })
      .structuredContent.rows;
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);

    // Stopped, both let go at once: a stop that waited out the job queue's 30 s cap would show here.
    const killedAt = Date.now();
    web.kill('SIGTERM');
    worker.kill('SIGTERM');
    const [webEnded, workerEnded] = await Promise.all([web.result, worker.result]);
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    expect(webEnded.code, webEnded.stderr).toBe(0);
    expect(workerEnded.code, workerEnded.stderr).toBe(0);
    for (const output of [webEnded.stderr, workerEnded.stderr]) {
      expect(output).not.toContain('serve-pg-secret');
      expect(output).not.toContain(token);
    }
  }, 120_000);
});
