/**
 * The server's state keeps its prepared statements per connection
 * (src/serve/state/statements.ts). Whoever asks, on whichever state file,
 * gets the rows of their own question from their own file: a statement
 * compiled for one connection never answers for another, one closed is never
 * used again, and two people's tokens checked in turn each give their own grant.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSealingKeys } from '../dist/serve/keys/key-file.js';
import { GrantRefused } from '../dist/serve/state/grant-store.js';
import { SqliteGrantStore } from '../dist/serve/state/sqlite-grant-store.js';
import { SqliteUserStore } from '../dist/serve/state/sqlite-user-store.js';
import { openStateDb, type StateDb } from '../dist/serve/state/state-db.js';
import { tempDir } from './helpers/temp.js';

const RESOURCE = 'http://127.0.0.1:1/mcp';
const opened: StateDb[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

async function stateFile() {
  const dir = await tempDir('oura-test-state-');
  const { keys } = await loadSealingKeys({ env: { OURA_DATA_DIR: dir } });
  const path = join(dir, 'state.sqlite');
  const open = async () => {
    const db = await openStateDb(path);
    opened.push(db);
    return {
      db,
      users: new SqliteUserStore(db, keys, Date.now),
      grants: new SqliteGrantStore(db, Date.now),
    };
  };
  return { open, ...(await open()) };
}

const tokens = { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_at: 0 };

/** A signed-in person with one grant: their access token. */
async function signedIn(
  state: { users: SqliteUserStore; grants: SqliteGrantStore },
  id: string,
  email: string,
) {
  await state.users.saveSignIn({ id, email, role: 'member', tokens });
  const code = await state.grants.createCode({
    clientId: 'client',
    userId: id,
    scopes: ['oura'],
    resource: RESOURCE,
    redirectUri: 'http://127.0.0.1:1/cb',
    codeChallenge: 'x',
  });
  const issued = await state.grants.exchangeCode({
    clientId: 'client',
    code,
    redirectUri: undefined,
    resource: undefined,
  });
  return issued.accessToken;
}

describe('prepared statements of the state', () => {
  it('answer each state file from its own rows, asked in turn', async () => {
    const a = await stateFile();
    const b = await stateFile();
    const tokenA = await signedIn(a, 'same-id', 'a@example.com');
    const tokenB = await signedIn(b, 'same-id', 'b@example.com');
    for (let round = 0; round < 2; round++) {
      expect((await a.users.get('same-id'))?.email).toBe('a@example.com');
      expect((await b.users.get('same-id'))?.email).toBe('b@example.com');
      expect((await a.grants.verifyAccessToken(tokenA)).grant.userId).toBe('same-id');
      await expect(b.grants.verifyAccessToken(tokenA)).rejects.toThrow(GrantRefused);
      await expect(a.grants.verifyAccessToken(tokenB)).rejects.toThrow(GrantRefused);
    }
  });

  it("give each person's token their own grant, checked one after the other", async () => {
    const state = await stateFile();
    const ann = await signedIn(state, 'ann', 'ann@example.com');
    const bob = await signedIn(state, 'bob', 'bob@example.com');
    for (const [token, userId] of [
      [ann, 'ann'],
      [bob, 'bob'],
      [ann, 'ann'],
    ] as const) {
      expect((await state.grants.verifyAccessToken(token)).grant.userId).toBe(userId);
      expect((await state.users.get(userId))?.email).toBe(`${userId}@example.com`);
    }
  });

  it('work on a state file opened again after its first connection closed', async () => {
    const first = await stateFile();
    const token = await signedIn(first, 'ann', 'ann@example.com');
    expect((await first.grants.verifyAccessToken(token)).grant.userId).toBe('ann');
    first.db.close();
    const again = await first.open();
    expect((await again.grants.verifyAccessToken(token)).grant.userId).toBe('ann');
    expect((await again.users.get('ann'))?.email).toBe('ann@example.com');
  });
});
