/**
 * A `--database` deployment changes its key while it runs, as the README's
 * steps say: real `oura serve` processes (one web, workers replaced one by
 * one as a rolling restart would) share one PostgreSQL database, the Oura
 * tokens last two seconds so every sync refreshes (and re-seals) the login,
 * and `oura serve rotate-key` re-seals the rest while a worker syncs. The
 * worker keeps syncing at every step, a sign-in begun under the old key is
 * finished by a process holding the new key alone, rotate-key run before every
 * process seals under the new key is refused, a worker never given the new key says
 * which key it lacks instead of failing blindly; and no token is ever in the
 * database in clear.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../dist/emulator/index.js';
import { openJobQueue } from '../dist/serve/jobs/job-queue.js';
import { encodeSealingKey } from '../dist/serve/keys/key-text.js';
import { generateSealingKey, type SealingKey } from '../dist/serve/keys/sealing-keys.js';
import { historySchemaOf } from '../dist/serve/person-schema.js';
import { type CliRun, cleanEnv, runCli, startCli } from './helpers/cli.js';
import { dumpedValues } from './helpers/pg-dump.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { onCleanup } from './helpers/processes.js';
import { describeOrSkip } from './helpers/requirements.js';
import { freePort, pkcePair, registerClient, signInOverHttp } from './helpers/serve.js';
import { tempDir } from './helpers/temp.js';

const hasPostgres = await postgresAvailable();
const APP = { clientId: 'rotate-app', clientSecret: 'rotate-app-secret-91c2' };
const OLD = generateSealingKey();
const NEW = generateSealingKey();
const serveKey = (...keys: SealingKey[]) => keys.map((k) => encodeSealingKey(k.key)).join(',');

let env: NodeJS.ProcessEnv;
let port: number;
let emulator: Emulator;
let database: TestDatabase;

beforeAll(async () => {
  if (!hasPostgres) return;
  port = await freePort();
  emulator = await startEmulator({
    historyDays: 5,
    accounts: 2,
    // Run out almost at once: every sync refreshes the login and saves it, sealed, again.
    accessTokenLifetimeSeconds: 2,
    clients: [{ ...APP, redirectUris: [`http://127.0.0.1:${port}/oura/callback`] }],
  });
  onCleanup(() => emulator.close());
  const dataDir = await tempDir('oura-serve-pg-rotation-');
  env = cleanEnv({
    ...emulator.env(),
    OURA_CLIENT_ID: APP.clientId,
    OURA_CLIENT_SECRET: APP.clientSecret,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: join(dataDir, 'config'),
  });
  database = await createTestDatabase();
  onCleanup(() => database.drop());
});

afterAll(() => {});

/** A web process on the test's port with these keys. */
function startWeb(...keys: SealingKey[]): CliRun {
  return startCli(['serve', '--port', String(port), '--database', database.url, '--role', 'web'], {
    env: { ...env, OURA_SERVE_KEY: serveKey(...keys) },
  });
}

/** Signs account `account` in through the web process, with a claim or invite code. */
async function signIn(code: string, account: number, beforeCallback?: () => Promise<void>) {
  const publicUrl = `http://127.0.0.1:${port}`;
  const redirect = 'http://127.0.0.1:1/assistant/callback';
  return signInOverHttp({
    publicUrl,
    clientId: (await registerClient(publicUrl, redirect)).client_id,
    redirectUri: redirect,
    challenge: (await pkcePair()).challenge,
    code,
    account,
    ...(beforeCallback ? { beforeCallback } : {}),
  });
}

/** A worker process with these keys; the Oura application comes from the database. */
function startWorker(...keys: SealingKey[]): CliRun {
  return startCli(['serve', '--database', database.url, '--role', 'worker'], {
    env: {
      ...env,
      OURA_CLIENT_ID: undefined,
      OURA_CLIENT_SECRET: undefined,
      OURA_SERVE_KEY: serveKey(...keys),
    },
  });
}

async function stop(process: CliRun): Promise<string> {
  process.kill('SIGTERM');
  const ended = await process.result;
  expect(ended.code, ended.stderr).toBe(0);
  return ended.stderr;
}

/** The key ids the people's logins are sealed under. */
async function loginKeys(): Promise<string[]> {
  const pool = database.pool(1);
  try {
    const rows = await pool.query<{ kid: string }>(
      `SELECT split_part(oura_tokens, '.', 2) AS kid FROM oura_service.people`,
    );
    return rows.rows.map((row) => row.kid);
  } finally {
    await pool.end();
  }
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'a key rotation on PostgreSQL', () => {
  it('workers keep syncing and a sign-in in progress survives through the four steps; a worker without the new key names it; no token is stored in clear', async () => {
    let web = startWeb(OLD);
    const [, claim] = await web.waitForStderr(/type this code on the consent page: (\S+)/, 30_000);
    let worker = startWorker(OLD);
    await worker.waitForStderr(/worker started/, 30_000);
    const owner = await signIn(claim ?? '', 0);
    expect(owner.code, owner.location).toBeDefined();
    const ownerSchema = historySchemaOf(emulator.accounts[0]?.userId ?? '');
    await worker.waitForStderr(new RegExp(`sync done ${ownerSchema}`), 60_000);
    expect(await loginKeys()).toEqual([OLD.id]);

    const queue = await openJobQueue({ connectionString: database.url, maxConnections: 1 });
    onCleanup(() => queue.stop(1_000));
    /** A sync of the owner asked for now and done by `by` (one more "sync done" line), refreshing the login. */
    const syncBy = async (by: CliRun) => {
      const refreshes = emulator.stats.refreshGrants;
      const line = `sync done ${ownerSchema}`;
      const done = ((await by.waitForStderr(/^/)).input ?? '').split(line).length - 1;
      // The stored login has run out by then (two-second tokens), so this sync must refresh it.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await queue.request(emulator.accounts[0]?.userId ?? '');
      await by.waitForStderr(new RegExp(`(?:[^]*?${line}){${done + 1}}`), 60_000);
      expect(emulator.stats.refreshGrants).toBeGreaterThan(refreshes);
    };
    /** Replaces the web process (port free again once it exited) and a worker, as a rolling restart does. */
    const restart = async (...keys: SealingKey[]) => {
      await stop(web);
      web = startWeb(...keys);
      await web.waitForStderr(/listening on/, 30_000);
      const next = startWorker(...keys);
      await next.waitForStderr(/worker started/, 30_000);
      await stop(worker);
      worker = next;
    };

    // Step 1: every process knows NEW, and still seals under OLD.
    await restart(OLD, NEW);
    await syncBy(worker);
    expect(await loginKeys()).toEqual([OLD.id]);
    // Step 3 run too early: refused, naming the processes that still seal under OLD; nothing re-sealed.
    const early = await runCli(['serve', 'rotate-key'], {
      env: { ...env, OURA_DATABASE_URL: database.url, OURA_SERVE_KEY: serveKey(NEW, OLD) },
    });
    expect(early.code, early.stderr).toBe(1);
    expect(early.stderr).toContain(
      `Nothing re-sealed: 2 running processes do not seal under key ${NEW.id} yet`,
    );
    // They hold NEW already: what is left for them is step 2.
    expect(early.stderr).toContain('Restart each with OURA_SERVE_KEY=NEW,OLD (step 2)');
    for (const role of ['web', 'worker']) {
      expect(early.stderr).toMatch(
        new RegExp(
          `${role} on \\S+ \\(pid \\d+; holds ${OLD.id}, ${NEW.id}; seals under ${OLD.id};`,
        ),
      );
    }
    expect(await loginKeys()).toEqual([OLD.id]);

    // A second person starts signing in (their sign-in sealed under OLD) and comes back from Oura only after step 4.
    const invite = await runCli(['serve', 'invite'], {
      env: { ...env, OURA_DATABASE_URL: database.url, OURA_SERVE_KEY: serveKey(OLD, NEW) },
    });
    expect(invite.code, invite.stderr).toBe(0);
    let rotated: Awaited<ReturnType<typeof runCli>> | undefined;
    const member = await signIn(invite.stdout.trim().split('/invite/')[1] ?? '', 1, async () => {
      // Step 2: NEW first everywhere; a refresh now seals the login under NEW.
      await restart(NEW, OLD);
      // Step 3, while a worker syncs: rotate-key re-seals what is still under OLD.
      [rotated] = await Promise.all([
        runCli(['serve', 'rotate-key'], {
          env: { ...env, OURA_DATABASE_URL: database.url, OURA_SERVE_KEY: serveKey(NEW, OLD) },
        }),
        syncBy(worker),
      ]);
      // Step 4: NEW alone.
      await restart(NEW);
    });
    expect(rotated?.code, rotated?.stderr).toBe(0);
    expect(rotated?.stderr).toMatch(
      new RegExp(
        `re-sealed under key ${NEW.id}: .*server secrets, 2 secrets of sign-ins in progress`,
      ),
    );
    expect(rotated?.stderr).toContain(`every sealed value in the database is under ${NEW.id}`);
    // The sign-in begun under OLD was finished by a process that holds NEW alone, and its sync ran.
    expect(member.code, member.location).toBeDefined();
    const memberSchema = historySchemaOf(emulator.accounts[1]?.userId ?? '');
    await worker.waitForStderr(new RegExp(`sync done ${memberSchema}`), 60_000);
    await syncBy(worker);
    expect(await loginKeys()).toEqual([NEW.id, NEW.id]);
    const lastStderr = await stop(worker);

    // A worker left at OLD cannot open the Oura application sealed in the database: it refuses to start, naming the key.
    const refused = await runCli(['serve', '--database', database.url, '--role', 'worker'], {
      env: {
        ...env,
        OURA_CLIENT_ID: undefined,
        OURA_CLIENT_SECRET: undefined,
        OURA_SERVE_KEY: serveKey(OLD),
      },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `sealed under key ${NEW.id}, which is not among the keys loaded (${OLD.id})`,
    );
    // Given its Oura application in the environment it starts, and names the key it lacks at each sync.
    const forgotten = startCli(['serve', '--database', database.url, '--role', 'worker'], {
      env: { ...env, OURA_SERVE_KEY: serveKey(OLD) },
    });
    await forgotten.waitForStderr(/worker started/, 30_000);
    await queue.request(emulator.accounts[0]?.userId ?? '');
    await forgotten.waitForStderr(
      new RegExp(
        `sync failed ${ownerSchema}: .*sealed under key ${NEW.id}, which is not among the keys loaded \\(${OLD.id}\\)`,
      ),
      60_000,
    );
    const forgottenStderr = await stop(forgotten);

    // What a dump of the whole database holds: no Oura token, client secret or key in clear.
    const pool = database.pool(1);
    const dump = (await dumpedValues(pool)).join('\n');
    expect(dump).not.toMatch(/emu_(at|rt)_/);
    expect(dump).not.toContain(APP.clientSecret);
    expect(dump).not.toContain(serveKey(OLD));
    expect(dump).not.toContain(serveKey(NEW));
    const webStderr = await stop(web);
    for (const output of [
      webStderr,
      lastStderr,
      forgottenStderr,
      refused.stderr,
      rotated?.stderr ?? '',
    ]) {
      expect(output).not.toContain(APP.clientSecret);
      expect(output).not.toContain(serveKey(OLD));
      expect(output).not.toContain(serveKey(NEW));
    }
  }, 300_000);
});
