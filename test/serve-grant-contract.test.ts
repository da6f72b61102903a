/**
 * The grant store's one contract, held on both stores: the server's SQLite
 * state and the shared PostgreSQL database. Codes and refresh tokens are
 * spent once, a replay revokes the family, revocation follows RFC 7009, and
 * expiry follows the store's clock. On PostgreSQL, two pools stand for two
 * web processes racing for one refresh token: exactly one wins.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { GrantRefused, type GrantStore, LIFETIMES } from '../src/serve/state/grant-store.js';
import { SqliteGrantStore } from '../src/serve/state/sqlite-grant-store.js';
import { SqliteUserStore } from '../src/serve/state/sqlite-user-store.js';
import { openStateDb } from '../src/serve/state/state-db.js';
import { openPgGrantStore } from '../src/serve/state-pg/pg-grant-store.js';
import { openPgPersonTokens } from '../src/serve/state-pg/pg-person-tokens.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const RESOURCE = 'https://oura.example.net/mcp';
const REDIRECT = 'http://127.0.0.1:1/callback';
const keys = new SealingKeys(generateSealingKey());
const hasPostgres = await postgresAvailable();
let database: TestDatabase | undefined;

/** Every store reads this clock; tests move it. */
let clock = Date.parse('2026-03-01T12:00:00Z');
const now = () => clock;
const PEOPLE = ['ann', 'bob'];
const loginOf = { access_token: 'a', refresh_token: 'r', expires_at: 0 };

const openers = {
  async sqlite(): Promise<GrantStore> {
    const db = await openStateDb(join(await tempDir('oura-grants-'), 'state.sqlite'));
    const users = new SqliteUserStore(db, keys, now);
    for (const id of PEOPLE)
      await users.saveSignIn({ id, email: `${id}@example.com`, role: 'member', tokens: loginOf });
    return new SqliteGrantStore(db, now);
  },
  async postgres(): Promise<GrantStore> {
    const pool = (database as TestDatabase).pool();
    const people = await openPgPersonTokens(pool, keys);
    for (const id of PEOPLE) await people.enroll(id, loginOf);
    return openPgGrantStore(pool, now);
  },
};

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof GrantRefused) return error.refusal;
    throw error;
  }
  return 'accepted';
}

function contract(open: () => Promise<GrantStore>): void {
  let grants: GrantStore;
  beforeAll(async () => {
    grants = await open();
  });

  const codeFor = (userId = 'ann', clientId = 'client-1') =>
    grants.createCode({
      clientId,
      userId,
      scopes: ['oura:read'],
      resource: RESOURCE,
      redirectUri: REDIRECT,
      codeChallenge: 'challenge',
    });
  const exchange = (code: string, clientId = 'client-1') =>
    grants.exchangeCode({ clientId, code, redirectUri: REDIRECT, resource: RESOURCE });

  it('trades a code once for tokens that name the grant', async () => {
    const code = await codeFor();
    expect(await grants.challengeFor('client-1', code)).toBe('challenge');
    expect(await refusal(grants.challengeFor('client-2', code))).toBe('unknown');
    const issued = await exchange(code);
    expect(issued.expiresIn).toBe(LIFETIMES.accessSeconds);
    expect(issued.grant).toMatchObject({
      clientId: 'client-1',
      userId: 'ann',
      scopes: ['oura:read'],
      resource: RESOURCE,
    });
    const verified = await grants.verifyAccessToken(issued.accessToken);
    expect(verified.grant.id).toBe(issued.grant.id);
    expect(verified.expiresAt).toBe(Math.floor(clock / 1000) + LIFETIMES.accessSeconds);
    // The second exchange is a replay: refused, and what the first issued dies.
    expect(await refusal(exchange(code))).toBe('replayed');
    expect(await refusal(grants.verifyAccessToken(issued.accessToken))).not.toBe('accepted');
    expect(
      await refusal(
        grants.refresh({
          clientId: 'client-1',
          refreshToken: issued.refreshToken,
          resource: undefined,
        }),
      ),
    ).not.toBe('accepted');
  });

  it('refuses a code of another client, redirect URI or resource, and one run out', async () => {
    expect(await refusal(exchange(await codeFor(), 'client-2'))).toBe('wrong_client');
    const code = await codeFor();
    expect(
      await refusal(
        grants.exchangeCode({
          clientId: 'client-1',
          code,
          redirectUri: 'http://127.0.0.1:2/cb',
          resource: undefined,
        }),
      ),
    ).toBe('wrong_redirect_uri');
    expect(
      await refusal(
        grants.exchangeCode({
          clientId: 'client-1',
          code: await codeFor(),
          redirectUri: undefined,
          resource: 'https://other/mcp',
        }),
      ),
    ).toBe('wrong_resource');
    const late = await codeFor();
    clock += LIFETIMES.codeSeconds * 1000;
    expect(await refusal(exchange(late))).toBe('expired');
    expect(await refusal(exchange('never-issued'))).toBe('unknown');
  });

  it('rotates refresh tokens; a spent one presented again revokes the family', async () => {
    const first = await exchange(await codeFor());
    const second = await grants.refresh({
      clientId: 'client-1',
      refreshToken: first.refreshToken,
      resource: RESOURCE,
    });
    expect(second.grant.id).toBe(first.grant.id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await grants.verifyAccessToken(second.accessToken)).grant.userId).toBe('ann');
    expect(
      await refusal(
        grants.refresh({
          clientId: 'client-2',
          refreshToken: second.refreshToken,
          resource: undefined,
        }),
      ),
    ).toBe('wrong_client');
    expect(
      await refusal(
        grants.refresh({
          clientId: 'client-1',
          refreshToken: first.refreshToken,
          resource: undefined,
        }),
      ),
    ).toBe('replayed');
    expect(await refusal(grants.verifyAccessToken(second.accessToken))).not.toBe('accepted');
    expect(
      await refusal(
        grants.refresh({
          clientId: 'client-1',
          refreshToken: second.refreshToken,
          resource: undefined,
        }),
      ),
    ).not.toBe('accepted');
  });

  it('revokes as RFC 7009 says: an access token alone, a refresh token its family, another client nothing', async () => {
    const issued = await exchange(await codeFor());
    await grants.revokeToken('client-2', issued.accessToken);
    await grants.revokeToken('client-2', issued.refreshToken);
    expect((await grants.verifyAccessToken(issued.accessToken)).grant.id).toBe(issued.grant.id);
    await grants.revokeToken('client-1', issued.accessToken);
    expect(await refusal(grants.verifyAccessToken(issued.accessToken))).toBe('unknown');
    const next = await grants.refresh({
      clientId: 'client-1',
      refreshToken: issued.refreshToken,
      resource: undefined,
    });
    await grants.revokeToken('client-1', next.refreshToken);
    expect(await refusal(grants.verifyAccessToken(next.accessToken))).not.toBe('accepted');
    await grants.revokeToken('client-1', 'never-issued');
  });

  it("lists a person's live grants newest first, and revoking one ends its tokens", async () => {
    const older = await exchange(await codeFor('bob', 'client-a'), 'client-a');
    clock += 5_000;
    const newer = await exchange(await codeFor('bob', 'client-b'), 'client-b');
    expect((await grants.grantsOf('bob')).map((grant) => grant.clientId)).toEqual([
      'client-b',
      'client-a',
    ]);
    await grants.revokeGrant(newer.grant.id);
    expect((await grants.grantsOf('bob')).map((grant) => grant.id)).toEqual([older.grant.id]);
    expect(await refusal(grants.verifyAccessToken(newer.accessToken))).not.toBe('accepted');
    await grants.prune();
    expect((await grants.verifyAccessToken(older.accessToken)).grant.id).toBe(older.grant.id);
  });

  it('lets an access token run out at its lifetime, and keeps the refresh token working', async () => {
    const issued = await exchange(await codeFor());
    clock += LIFETIMES.accessSeconds * 1000;
    expect(await refusal(grants.verifyAccessToken(issued.accessToken))).toBe('expired');
    await grants.prune();
    const next = await grants.refresh({
      clientId: 'client-1',
      refreshToken: issued.refreshToken,
      resource: undefined,
    });
    expect((await grants.verifyAccessToken(next.accessToken)).grant.userId).toBe('ann');
  });
}

describe('the grant contract on SQLite', () => contract(openers.sqlite));

describeOrSkip(
  hasPostgres,
  'PostgreSQL is not reachable',
  'the grant contract on PostgreSQL',
  () => {
    contract(openers.postgres);

    it('two processes presenting one refresh token at once: one is answered, the other is a replay', async () => {
      const one = await openers.postgres();
      const two = await openPgGrantStore((database as TestDatabase).pool(), now);
      for (let round = 0; round < 10; round++) {
        const code = await one.createCode({
          clientId: 'c',
          userId: 'ann',
          scopes: [],
          resource: RESOURCE,
          redirectUri: REDIRECT,
          codeChallenge: 'x',
        });
        const issued = await one.exchangeCode({
          clientId: 'c',
          code,
          redirectUri: undefined,
          resource: undefined,
        });
        const outcomes = await Promise.all(
          [one, two].map((store) =>
            refusal(
              store.refresh({
                clientId: 'c',
                refreshToken: issued.refreshToken,
                resource: undefined,
              }),
            ),
          ),
        );
        expect(outcomes.sort()).toEqual(['accepted', 'replayed']);
      }
    });

    it('keeps codes and tokens only as hashes', async () => {
      const store = await openers.postgres();
      const code = await store.createCode({
        clientId: 'c',
        userId: 'bob',
        scopes: [],
        resource: RESOURCE,
        redirectUri: REDIRECT,
        codeChallenge: 'x',
      });
      const rowsBefore = await (database as TestDatabase)
        .pool()
        .query('SELECT * FROM oura_service.codes');
      expect(JSON.stringify(rowsBefore.rows)).not.toContain(code);
      const issued = await store.exchangeCode({
        clientId: 'c',
        code,
        redirectUri: undefined,
        resource: undefined,
      });
      const rows = await (database as TestDatabase)
        .pool()
        .query('SELECT * FROM oura_service.tokens');
      const text = JSON.stringify(rows.rows);
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(text).not.toContain(issued.accessToken);
      expect(text).not.toContain(issued.refreshToken);
    });
  },
);
