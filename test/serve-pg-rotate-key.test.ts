/**
 * `oura serve rotate-key` with OURA_DATABASE_URL: every sealed value in the
 * shared database (people's Oura logins, the server's secrets, sign-ins in
 * progress) still under the old key is sealed again under the current one,
 * with a compare-and-set that never writes over a value a running process
 * changed meanwhile; then a process holding the new key alone opens it all,
 * and no column of the service's schema holds a secret in clear.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeSealingKey } from '../src/serve/keys/key-text.js';
import {
  generateSealingKey,
  type SealingKey,
  SealingKeys,
} from '../src/serve/keys/sealing-keys.js';
import { AdmissionPolicy } from '../src/serve/state/admission.js';
import { resolveAppCredentials } from '../src/serve/state/app-credentials.js';
import type { ServeState } from '../src/serve/state/serve-state.js';
import { verifierContext } from '../src/serve/state/sign-in-store.js';
import { webhookVerificationToken } from '../src/serve/state/webhook-token.js';
import { resealServiceState } from '../src/serve/state-pg/pg-reseal.js';
import { openPgServeState } from '../src/serve/state-pg/pg-serve-state.js';
import { cleanEnv, expectNoSecrets, runCli } from './helpers/cli.js';
import { dumpedValues } from './helpers/pg-dump.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { onCleanup } from './helpers/processes.js';
import { describeOrSkip } from './helpers/requirements.js';
import { pkcePair, registerClient, signInOverHttp, startServeFixture } from './helpers/serve.js';
import { tempDir } from './helpers/temp.js';

const hasPostgres = await postgresAvailable();
const OLD = generateSealingKey();
const NEW = generateSealingKey();
const APP = { clientId: 'rotate-app', clientSecret: 'rotate-app-secret-7f3a' };
const serveKey = (...keys: SealingKey[]) => keys.map((k) => encodeSealingKey(k.key)).join(',');
const tokens = (n: number) => ({
  access_token: `emu_at_rotate${n}access${'x'.repeat(20)}`,
  refresh_token: `emu_rt_rotate${n}refresh${'y'.repeat(20)}`,
  token_type: 'bearer',
  expires_at: Date.now() + 86_400_000,
  issued_at: Date.now(),
});

let database: TestDatabase;

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

/** What a server's state held before the rotation, sealed under `keys`. */
async function fillState(state: ServeState, keys: SealingKeys) {
  await state.users.saveSignIn({
    id: 'person-a',
    email: undefined,
    role: 'owner',
    tokens: tokens(1),
  });
  await state.users.saveSignIn({
    id: 'person-b',
    email: undefined,
    role: 'member',
    tokens: tokens(2),
  });
  const webhookToken = await webhookVerificationToken(state.settings, keys);
  await resolveAppCredentials(state.settings, keys, APP);
  const claim = await new AdmissionPolicy(state.settings, state.invites, [], {
    sealer: keys,
    now: Date.now,
  }).newClaimCode();
  const signIn = await state.signIns.start({
    clientId: 'assistant',
    redirectUri: 'http://127.0.0.1:1/callback',
    codeChallenge: 'challenge',
    clientState: undefined,
    scopes: ['mcp'],
    resource: 'http://127.0.0.1:1/mcp',
  });
  const ouraState = 'oura-state-rotate';
  const verifier = 'oura-verifier-rotate-5d1c9e';
  const admission = 'INVITE-rotate-22b8';
  await state.signIns.toOura(signIn.id, { ouraState, ouraVerifier: verifier, admission });
  return { webhookToken, claim, signIn, ouraState, verifier, admission };
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'rotate-key on a database', () => {
  it('re-seals every value under the old key; the new key alone then opens them, a sign-in in progress included', async () => {
    const pool = database.pool();
    const old = new SealingKeys(OLD);
    const before = await fillState(await openPgServeState(pool, old, Date.now), old);

    const dataDir = await tempDir('oura-rotate-pg-');
    const env = cleanEnv({
      OURA_DATA_DIR: dataDir,
      OURA_DATABASE_URL: database.url,
      OURA_SERVE_KEY: serveKey(NEW, OLD),
    });
    const rotated = await runCli(['serve', 'rotate-key'], { env });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toContain(
      `re-sealed under key ${NEW.id}: 2 Oura logins, 3 server secrets, 2 secrets of sign-ins in progress.`,
    );
    expect(rotated.stderr).toContain(`drop ${OLD.id}`);
    expectNoSecrets(rotated, [
      serveKey(NEW),
      serveKey(OLD),
      APP.clientSecret,
      before.webhookToken,
      before.verifier,
      before.admission,
      before.claim,
    ]);

    // A process given the new key alone: everything opens, and the sign-in in progress finishes.
    const fresh = await openPgServeState(pool, new SealingKeys(NEW), Date.now);
    expect((await fresh.users.tokens('person-a'))?.access_token).toBe(tokens(1).access_token);
    expect((await fresh.users.tokens('person-b'))?.refresh_token).toBe(tokens(2).refresh_token);
    expect(await webhookVerificationToken(fresh.settings, new SealingKeys(NEW))).toBe(
      before.webhookToken,
    );
    expect(await resolveAppCredentials(fresh.settings, new SealingKeys(NEW), undefined)).toEqual(
      APP,
    );
    const taken = await fresh.signIns.takeForCallback(
      before.ouraState,
      () => before.signIn.browserSecret,
    );
    expect(taken?.ouraVerifier).toBe(before.verifier);
    expect(taken?.admission).toBe(before.admission);

    // What a dump of the schema holds: no secret in clear, and no value under the old key.
    const dump = await dumpedValues(pool, ['oura_service']);
    for (const value of dump) {
      expect(value).not.toMatch(/emu_(at|rt)_/);
      for (const secret of [
        APP.clientSecret,
        before.webhookToken,
        before.verifier,
        before.admission,
      ]) {
        expect(value).not.toContain(secret);
      }
      const sealed = /^v1\.([A-Za-z0-9_-]+)\./.exec(value);
      if (sealed) expect(sealed[1]).toBe(NEW.id);
    }
    expect(dump.filter((value) => value.startsWith(`v1.${NEW.id}.`)).length).toBeGreaterThanOrEqual(
      5,
    );

    // Run again, the database named by --database: nothing is left to do (commander once
    // dropped the flag, and the command rotated the keys of this data directory instead).
    const again = await runCli(['serve', 'rotate-key', '--database', database.url], {
      env: { ...env, OURA_DATABASE_URL: undefined },
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`nothing to re-seal under key ${NEW.id}`);
  }, 60_000);

  it('never writes over a login a worker refreshed between the read and the update, and says what is still under the old key', async () => {
    const schema = 'rotate_cas';
    const pool = database.pool();
    const worker = database.pool();
    const old = new SealingKeys(OLD);
    const state = await openPgServeState(pool, old, Date.now, schema);
    await state.users.saveSignIn({
      id: 'person-c',
      email: undefined,
      role: 'owner',
      tokens: tokens(3),
    });
    await state.users.saveSignIn({
      id: 'person-d',
      email: undefined,
      role: 'member',
      tokens: tokens(4),
    });
    // The worker still seals under OLD (its keys are OLD,NEW: step 1 of the rotation).
    const workerState = await openPgServeState(
      worker,
      new SealingKeys(OLD, [NEW]),
      Date.now,
      schema,
    );
    const both = new SealingKeys(NEW, [OLD]);

    const report = await resealServiceState(pool, {
      currentId: NEW.id,
      schema,
      batchSize: 1,
      reseal: async (sealed, context) => {
        // person-c's login is refreshed by the worker after this read, before the update.
        if (context.endsWith('person-c'))
          await workerState.users.saveTokens('person-c', tokens(33));
        return both.seal(both.open(sealed, context), context);
      },
    });
    expect(report.resealed['Oura logins']).toBe(1);
    expect(report.changedMeanwhile).toBe(1);
    expect(report.remaining).toEqual({ [OLD.id]: 1 });
    // The worker's refresh stands: the old tokens were not written back over it.
    const readBack = await openPgServeState(pool, both, Date.now, schema);
    expect((await readBack.users.tokens('person-c'))?.refresh_token).toBe(tokens(33).refresh_token);
    expect((await readBack.users.tokens('person-d'))?.refresh_token).toBe(tokens(4).refresh_token);
  }, 60_000);

  it('refuses without a key and reports a value sealed under a key it does not hold, naming the key id', async () => {
    const schema = 'oura_service';
    const dataDir = await tempDir('oura-rotate-pg-nokey-');
    const noKey = await runCli(['serve', 'rotate-key'], {
      env: cleanEnv({ OURA_DATA_DIR: dataDir, OURA_DATABASE_URL: database.url }),
    });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/OURA_SERVE_KEY is unset and there is no key file/);
    expect(noKey.stderr).toMatch(/OURA_SERVE_KEY=OLD,NEW/);

    // A login sealed under a third key that this run is not given.
    const stranger = generateSealingKey();
    const pool = database.pool();
    const state = await openPgServeState(pool, new SealingKeys(stranger), Date.now, schema);
    await state.users.saveSignIn({
      id: 'person-e',
      email: undefined,
      role: 'member',
      tokens: tokens(5),
    });
    const partial = await runCli(['serve', 'rotate-key'], {
      env: cleanEnv({
        OURA_DATA_DIR: dataDir,
        OURA_DATABASE_URL: database.url,
        OURA_SERVE_KEY: serveKey(NEW, OLD),
      }),
    });
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain(`1 value sealed under key ${stranger.id} could not be opened`);
    expectNoSecrets(partial, [serveKey(stranger), serveKey(NEW)]);
  }, 60_000);

  it('a sign-in whose sealed values name a key the web process does not hold ends with "connect again", and the log names the key', async () => {
    const fx = await startServeFixture({ state: 'postgres' });
    const redirect = 'http://127.0.0.1:1/assistant/callback';
    const stranger = new SealingKeys(generateSealingKey());
    const pool = new pg.Pool({ connectionString: fx.databaseUrl, max: 1 });
    pool.on('error', () => {}); // a connection killed by the database's drop
    onCleanup(() => pool.end());
    const signedIn = await signInOverHttp({
      publicUrl: fx.serve.publicUrl,
      clientId: (await registerClient(fx.serve.publicUrl, redirect)).client_id,
      redirectUri: redirect,
      challenge: (await pkcePair()).challenge,
      code: fx.serve.claimCode ?? '',
      // As a process with other keys would have sealed it, while this one waited for Oura.
      beforeCallback: async () => {
        const { rows } = await pool.query<{ id: string }>('SELECT id FROM oura_service.sign_ins');
        for (const { id } of rows) {
          await pool.query('UPDATE oura_service.sign_ins SET oura_verifier = $2 WHERE id = $1', [
            id,
            stranger.seal('another-verifier', verifierContext(id)),
          ]);
        }
      },
    });
    expect(signedIn.location).toBe('status:400');
    expect(fx.logs.join('\n')).toContain(
      `sign-in with Oura failed: Cannot open a stored secret: it was sealed under key ${stranger.currentId}`,
    );
  }, 60_000);
});
