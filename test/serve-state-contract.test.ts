/**
 * The web side's state, one contract on both stores (the SQLite state file
 * and the shared PostgreSQL database): people and their sealed logins,
 * sessions, sign-ins bound to their browser, invites, settings and client
 * registrations, each with its lifetime on the store's clock. On PostgreSQL,
 * two pools stand for two web processes racing for what may be spent once:
 * an invite, a sign-in's callback, the owner's claim.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { openSqliteServeState, type ServeState } from '../src/serve/state/serve-state.js';
import { SESSION_SECONDS } from '../src/serve/state/session-store.js';
import { SIGN_IN_SECONDS } from '../src/serve/state/sign-in-store.js';
import { openPgServeState } from '../src/serve/state-pg/pg-serve-state.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const keys = new SealingKeys(generateSealingKey());
const hasPostgres = await postgresAvailable();
let database: TestDatabase | undefined;

/** Every store reads this clock; tests move it. */
let clock = Date.parse('2026-03-01T12:00:00Z');
const now = () => clock;
const login = { access_token: 'oura-access', refresh_token: 'oura-refresh', expires_at: 1 };

const openers = {
  sqlite: async () =>
    openSqliteServeState(join(await tempDir('oura-state-'), 'state.sqlite'), keys, now),
  postgres: () => openPgServeState((database as TestDatabase).pool(), keys, now),
};

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

const signInInput = {
  clientId: 'client-1',
  redirectUri: 'http://127.0.0.1:1/cb',
  codeChallenge: 'challenge',
  clientState: 'client-state',
  scopes: ['oura:read'],
  resource: 'https://oura.example.net/mcp',
};

function contract(open: () => Promise<ServeState>): void {
  let state: ServeState;
  beforeAll(async () => {
    state = await open();
  });
  afterAll(async () => {
    await state?.close();
  });

  it('keeps people, their sealed login, their problem and last sync; deleting one ends their sessions', async () => {
    const joined = Math.floor(clock / 1000);
    await state.users.saveSignIn({
      id: 'ann',
      email: 'ann@example.com',
      role: 'owner',
      tokens: login,
    });
    clock += 1000;
    await state.users.saveSignIn({ id: 'bob', email: undefined, role: 'member', tokens: login });
    expect(await state.users.get('ann')).toEqual({
      id: 'ann',
      email: 'ann@example.com',
      role: 'owner',
      createdAt: joined,
      lastSyncAt: undefined,
      ouraProblem: undefined,
    });
    expect((await state.users.all()).map((user) => user.id)).toEqual(['ann', 'bob']);
    expect(await state.users.tokens('ann')).toEqual(login);
    await state.users.markProblem('ann', 'Oura refused the login.');
    expect((await state.users.get('ann'))?.ouraProblem).toBe('Oura refused the login.');
    // A new sign-in brings a new login and clears the problem; the role stays.
    const fresh = { ...login, access_token: 'oura-access-2' };
    await state.users.saveSignIn({
      id: 'ann',
      email: 'ann@example.com',
      role: 'member',
      tokens: fresh,
    });
    expect(await state.users.get('ann')).toMatchObject({ role: 'owner', ouraProblem: undefined });
    expect((await state.ouraLogins.read('ann')).tokens).toEqual(fresh);
    await state.users.markSynced('bob');
    expect((await state.users.get('bob'))?.lastSyncAt).toBe(Math.floor(clock / 1000));
    const session = await state.sessions.create('bob');
    expect(await state.sessions.userOf(session)).toBe('bob');
    await state.users.delete('bob');
    expect(await state.users.get('bob')).toBeUndefined();
    expect(await state.sessions.userOf(session)).toBeUndefined();
    expect(await state.ouraLogins.read('bob')).toEqual({
      known: false,
      tokens: undefined,
      problem: undefined,
    });
  });

  it('answers a session until it ends or runs out', async () => {
    const session = await state.sessions.create('ann');
    expect(await state.sessions.userOf(session)).toBe('ann');
    expect(await state.sessions.userOf('forged')).toBeUndefined();
    expect(await state.sessions.userOf(undefined)).toBeUndefined();
    await state.sessions.end(session);
    expect(await state.sessions.userOf(session)).toBeUndefined();
    const later = await state.sessions.create('ann');
    clock += SESSION_SECONDS * 1000;
    expect(await state.sessions.userOf(later)).toBeUndefined();
  });

  it('finds a sign-in only for the browser that started it, and gives its callback once', async () => {
    const { id, browserSecret } = await state.signIns.start(signInInput);
    expect(await state.signIns.find(id, 'another-browser')).toBeUndefined();
    expect(await state.signIns.find(id, browserSecret)).toMatchObject({
      ...signInInput,
      id,
      admission: undefined,
      purpose: 'mcp',
    });
    await state.signIns.toOura(id, {
      ouraState: 'oura-state',
      ouraVerifier: 'verifier',
      admission: 'invite-code',
    });
    expect(
      await state.signIns.takeForCallback('oura-state', () => 'another-browser'),
    ).toBeUndefined();
    const taken = await state.signIns.takeForCallback('oura-state', (signInId) =>
      signInId === id ? browserSecret : undefined,
    );
    expect(taken).toMatchObject({ id, ouraVerifier: 'verifier', admission: 'invite-code' });
    expect(await state.signIns.takeForCallback('oura-state', () => browserSecret)).toBeUndefined();
    expect(await state.signIns.find(id, browserSecret)).toBeUndefined();
  });

  it('lets a sign-in run out, and forgets one deleted', async () => {
    const late = await state.signIns.start({ ...signInInput, purpose: 'account' });
    const gone = await state.signIns.start(signInInput);
    await state.signIns.delete(gone.id);
    expect(await state.signIns.find(gone.id, gone.browserSecret)).toBeUndefined();
    expect((await state.signIns.find(late.id, late.browserSecret))?.purpose).toBe('account');
    clock += SIGN_IN_SECONDS * 1000;
    expect(await state.signIns.find(late.id, late.browserSecret)).toBeUndefined();
  });

  it('spends an invite once, and not after it runs out', async () => {
    await state.users.saveSignIn({ id: 'cat', email: undefined, role: 'member', tokens: login });
    const code = await state.invites.create(60);
    expect(await state.invites.usable(code)).toBe(true);
    expect(await state.invites.usable('forged')).toBe(false);
    expect(await state.invites.use(code, 'cat')).toBe(true);
    expect(await state.invites.usable(code)).toBe(false);
    expect(await state.invites.use(code, 'cat')).toBe(false);
    const late = await state.invites.create(60);
    clock += 60_000;
    expect(await state.invites.usable(late)).toBe(false);
    expect(await state.invites.use(late, 'cat')).toBe(false);
  });

  it('keeps settings, and claims a value only while none is set', async () => {
    expect(await state.settings.read('owner')).toBeUndefined();
    expect(await state.settings.claim('owner', 'ann')).toBe(true);
    expect(await state.settings.claim('owner', 'bob')).toBe(false);
    expect(await state.settings.read('owner')).toBe('ann');
    await state.settings.write('public_url', 'https://a.example');
    await state.settings.write('public_url', 'https://b.example');
    expect(await state.settings.read('public_url')).toBe('https://b.example');
    await state.settings.write('public_url', undefined);
    expect(await state.settings.read('public_url')).toBeUndefined();
  });

  it('keeps client registrations, trimming the oldest unused past the limit', async () => {
    await state.clients.add('c-old', '{"client_name":"old"}', 1, 10);
    await state.clients.add('c-mid', '{"client_name":"mid"}', 2, 10);
    expect(await state.clients.find('c-old')).toBe('{"client_name":"old"}');
    await state.clients.add('c-new', '{"client_name":"new"}', 3, 2);
    expect(await state.clients.find('c-old')).toBeUndefined();
    expect(await state.clients.find('c-mid')).toBe('{"client_name":"mid"}');
    expect(await state.clients.find('c-new')).toBe('{"client_name":"new"}');
  });
}

describe('the web state on SQLite', () => contract(openers.sqlite));

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'the web state on PostgreSQL', () => {
  contract(openers.postgres);

  it('two processes: an invite, a callback and the claim are each spent once', async () => {
    const [one, two] = await Promise.all([openers.postgres(), openers.postgres()]);
    if (!one || !two) throw new Error('no state');
    for (const id of ['racer-1', 'racer-2'])
      await one.users.saveSignIn({ id, email: undefined, role: 'member', tokens: login });
    for (let round = 0; round < 5; round++) {
      const invite = await one.invites.create(600);
      const spent = await Promise.all([
        one.invites.use(invite, 'racer-1'),
        two.invites.use(invite, 'racer-2'),
      ]);
      expect(spent.filter(Boolean)).toHaveLength(1);

      const started = await one.signIns.start(signInInput);
      await one.signIns.toOura(started.id, {
        ouraState: `state-${round}`,
        ouraVerifier: 'v',
        admission: undefined,
      });
      const taken = await Promise.all(
        [one, two].map((state) =>
          state.signIns.takeForCallback(`state-${round}`, () => started.browserSecret),
        ),
      );
      expect(taken.filter(Boolean)).toHaveLength(1);

      const claims = await Promise.all([
        one.settings.claim(`claim-${round}`, 'a'),
        two.settings.claim(`claim-${round}`, 'b'),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    }
  });

  it('holds no Oura token, sign-in verifier or typed code in clear', async () => {
    const state = await openers.postgres();
    await state.users.saveSignIn({ id: 'dee', email: undefined, role: 'member', tokens: login });
    const started = await state.signIns.start(signInInput);
    await state.signIns.toOura(started.id, {
      ouraState: 'secret-state',
      ouraVerifier: 'secret-verifier',
      admission: 'typed-code',
    });
    const pool = (database as TestDatabase).pool();
    const tables = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'oura_service'",
    );
    let dump = '';
    for (const { table_name } of tables.rows)
      dump += JSON.stringify((await pool.query(`SELECT * FROM oura_service.${table_name}`)).rows);
    expect(dump).toContain('dee');
    for (const secret of [
      'oura-access',
      'oura-refresh',
      'secret-state',
      'secret-verifier',
      'typed-code',
      started.browserSecret,
    ])
      expect(dump).not.toContain(secret);
  });
});
