/**
 * Each person's Oura login inside `oura serve`: refreshed when it runs out,
 * once even when many tool calls need it at the same moment (Oura's refresh
 * tokens are single use), stored sealed, and a dead login reported to the
 * assistant as a sign-in to redo, not as a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../dist/auth/servers.js';
import type { StoredTokens } from '../dist/auth/tokens.js';
import { loadSealingKeys } from '../dist/serve/keys/key-file.js';
import { OuraTokenKeeper } from '../dist/serve/oura-tokens.js';
import { type PersonTokens, userStoreTokens } from '../dist/serve/person-tokens.js';
import { SqliteUserStore } from '../dist/serve/state/sqlite-user-store.js';
import { openStateDb } from '../dist/serve/state/state-db.js';
import {
  mcpCall,
  pkcePair,
  registerClient,
  SERVE_APP,
  type ServeFixture,
  signInOverHttp,
  startServeFixture,
  tokenRequest,
} from './helpers/serve.js';

const REDIRECT = 'http://127.0.0.1:1/assistant/callback';
let fx: ServeFixture;
let accessToken: string;

beforeAll(async () => {
  // Oura's access tokens last 3 s here: every call below finds them expired or about to be.
  fx = await startServeFixture({ emulator: { historyDays: 5, accessTokenLifetimeSeconds: 3 } });
  const publicUrl = fx.serve.publicUrl;
  const { client_id: clientId } = await registerClient(publicUrl, REDIRECT);
  const pkce = await pkcePair();
  const signedIn = await signInOverHttp({
    publicUrl,
    clientId,
    redirectUri: REDIRECT,
    challenge: pkce.challenge,
    code: fx.serve.claimCode ?? '',
  });
  const tokens = await tokenRequest(publicUrl, {
    grant_type: 'authorization_code',
    code: signedIn.code ?? '',
    code_verifier: pkce.verifier,
    client_id: clientId,
    redirect_uri: REDIRECT,
  });
  accessToken = String(tokens.body.access_token);
  await fx.serve.sync.idle();
}, 60_000);

afterAll(async () => {
  await fx?.serve.close();
});

describe("a person's Oura login", () => {
  it('is refreshed once when six callers with clients of their own need it together', async () => {
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const db = await openStateDb(join(fx.dataDir, 'serve', 'state.sqlite'));
    const { keys } = await loadSealingKeys({ env: { OURA_DATA_DIR: fx.dataDir } });
    const keeper = new OuraTokenKeeper(userStoreTokens(new SqliteUserStore(db, keys, Date.now)), {
      endpoints: resolveEndpoints('oura', fx.emulator.env()),
      credentials: SERVE_APP,
      scopes: [],
      apiUrl: fx.emulator.url,
    });
    const before = fx.emulator.stats.refreshGrants;
    const tokens = await Promise.all(
      Array.from({ length: 6 }, () => keeper.token(fx.emulator.user.id)),
    );
    db.close();
    expect(new Set(tokens).size).toBe(1);
    expect(fx.emulator.stats.refreshGrants - before).toBe(1);
  });

  it('is stored sealed: the state file holds no Oura token or client secret in clear', async () => {
    const state = readFileSync(join(fx.dataDir, 'serve', 'state.sqlite'));
    const wal = (() => {
      try {
        return readFileSync(join(fx.dataDir, 'serve', 'state.sqlite-wal'));
      } catch {
        return Buffer.alloc(0);
      }
    })();
    const text = Buffer.concat([state, wal]).toString('latin1');
    expect(text).not.toContain('serve-app-secret');
    // A stored pair would read {"access_token":"…","refresh_token":"…"} (JSON, before sealing).
    expect(text).not.toMatch(/"(access|refresh)_token\\?"\s*:/);
    // The bearer tokens handed to assistants are stored only as hashes.
    expect(text).not.toContain(accessToken);
  });

  it('when Oura rejects it, tells the assistant to connect again', async () => {
    // The person revokes the server's access at Oura: read their refresh token from the state and revoke it there.
    const db = await openStateDb(join(fx.dataDir, 'serve', 'state.sqlite'));
    const { keys } = await loadSealingKeys({ env: { OURA_DATA_DIR: fx.dataDir } });
    const tokens = await new SqliteUserStore(db, keys, Date.now).tokens(fx.emulator.user.id);
    db.close();
    const revoked = await fetch(fx.emulator.revokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: tokens?.refresh_token ?? '',
        client_id: SERVE_APP.clientId,
        client_secret: SERVE_APP.clientSecret,
      }).toString(),
    });
    expect(revoked.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const call = await mcpCall(fx.serve.publicUrl, accessToken, 'tools/call', {
      name: 'oura_status',
      arguments: {},
    });
    const first = (call.body.result as { structuredContent: { connected: boolean } })
      .structuredContent;
    expect(first.connected).toBe(false);
    // From now on the server knows without asking Oura, and says what to do.
    const status = await mcpCall(fx.serve.publicUrl, accessToken, 'tools/call', {
      name: 'oura_status',
      arguments: {},
    });
    const report = (
      status.body.result as { structuredContent: { connected: boolean; problem?: string } }
    ).structuredContent;
    expect(report.connected).toBe(false);
    expect(report.problem, JSON.stringify(report)).toMatch(
      /invalid_grant.*connect this server again/i,
    );
    expect((report as { next_step?: string }).next_step).toMatch(
      /connect this server again from the assistant/,
    );
  });
});

describe('a login Oura renewed while its store could not save it', () => {
  /**
   * A person's login kept in memory, whose first `failures` saves fail as a
   * restarting database's do (a database cannot be made to fail one write on cue).
   */
  function flakyLogins(failures: number) {
    const minted = fx.emulator.mintTokens({ clientId: SERVE_APP.clientId });
    // Run out a second ago: the keeper's first call refreshes.
    let stored: StoredTokens = {
      access_token: minted.access_token,
      refresh_token: minted.refresh_token,
      issued_at: Date.now() - 60_000,
      expires_at: Date.now() - 1000,
    };
    let left = failures;
    const logins: PersonTokens = {
      read: async () => ({ known: true, tokens: stored, problem: undefined }),
      save: async (_person, tokens) => {
        if (left-- > 0) throw new Error('Connection terminated unexpectedly');
        stored = tokens;
      },
      markProblem: async () => {},
      exclusive: (_person, work) => work(),
    };
    return { minted, logins, stored: () => stored };
  }
  const keeperOf = (logins: PersonTokens, delays: number[]) =>
    new OuraTokenKeeper(
      logins,
      {
        endpoints: resolveEndpoints('oura', fx.emulator.env()),
        credentials: SERVE_APP,
        scopes: [],
        apiUrl: fx.emulator.url,
      },
      { saveRetryDelaysMs: delays },
    );

  it('is saved once the store is back, and its refresh token renews it again', async () => {
    const { minted, logins, stored } = flakyLogins(2);
    const keeper = keeperOf(logins, [1, 1, 1]);
    const before = fx.emulator.stats.refreshGrants;
    const token = await keeper.token('person');
    expect(token).not.toBe(minted.access_token);
    expect(stored().access_token).toBe(token);
    expect(stored().refresh_token).not.toBe(minted.refresh_token);
    // The saved refresh token is the live one: the next renewal works.
    const again = await keeper.token('person', { rejectedToken: token });
    expect(again).not.toBe(token);
    expect(fx.emulator.stats.refreshGrants - before).toBe(2);
  });

  it('that is never saved is reported as a save that failed, not as Oura unreachable', async () => {
    const { minted, logins } = flakyLogins(Number.POSITIVE_INFINITY);
    const failure = await keeperOf(logins, [1, 1])
      .token('person')
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(failure?.name).toBe('LoginRequiredError');
    expect(failure?.message).toMatch(/Oura renewed the login, but it could not be saved/);
    expect(failure?.message).not.toMatch(/reach/i);
    expect(failure?.message).not.toContain(minted.refresh_token);
  });
});
