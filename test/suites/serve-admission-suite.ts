/**
 * Who may sign in to `oura serve`, over real sockets with three emulated
 * Oura accounts: nobody before the owner's claim code; then the owner, the
 * people on --allow, and whoever brings an unused invite, once. And the
 * floods and forgeries that must get their 4xx and change nothing.
 *
 * One suite, run on each store of the web state (`serve-admission.test.ts`,
 * `serve-admission-postgres.test.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pkcePair,
  registerClient,
  type ServeFixture,
  type ServeStateKind,
  signInOverHttp,
  startServeFixture,
} from '../helpers/serve.js';

export function serveAdmissionSuite(state: ServeStateKind): void {
  const REDIRECT = 'http://127.0.0.1:1/assistant/callback';
  let fx: ServeFixture;
  let clientId: string;

  async function signIn(account: number, code?: string) {
    const { challenge } = await pkcePair();
    return signInOverHttp({
      publicUrl: fx.serve.publicUrl,
      clientId,
      redirectUri: REDIRECT,
      challenge,
      account,
      ...(code === undefined ? {} : { code }),
    });
  }

  async function newInvite(): Promise<string> {
    return fx.invite();
  }

  beforeAll(async () => {
    fx = await startServeFixture({
      emulator: { accounts: 3, historyDays: 5 },
      serve: { rateLimits: { register: 5 } },
      state,
    });
    clientId = (await registerClient(fx.serve.publicUrl, REDIRECT)).client_id;
  }, 60_000);

  afterAll(async () => {
    await fx?.serve.close();
  });

  describe('before the owner claims the server', () => {
    it('refuses a wrong claim code on the consent page, before any trip to Oura', async () => {
      const attempt = await signIn(0, 'AAAAA-BBBBB-CCCCC-DDDDD');
      expect(attempt.location).toBe('status:403');
      expect(attempt.code).toBeUndefined();
    });

    it('refuses whoever comes first without the code', async () => {
      expect((await signIn(1)).location).toBe('status:403');
    });

    it('makes the first to bring the code the owner, and the code dies with it', async () => {
      const claim = fx.serve.claimCode ?? '';
      // Typed loosely: lower case and spaces still match.
      const owner = await signIn(0, claim.toLowerCase().replaceAll('-', ' '));
      expect(owner.code, owner.location).toBeDefined();
      const again = await signIn(1, claim);
      expect(again.code).toBeUndefined();
    });
  });

  describe('after the claim', () => {
    it('admits the owner again without any code', async () => {
      expect((await signIn(0)).code).toBeDefined();
    });

    it('refuses a newcomer without an invite (403, nothing stored)', async () => {
      const refused = await signIn(2);
      expect(refused.location).toBe('status:403');
    });

    it('admits a newcomer with an invite, once', async () => {
      const invite = await newInvite();
      const first = await signIn(1, invite);
      expect(first.code, first.location).toBeDefined();
      // Person 1 is known now: no code needed any more.
      expect((await signIn(1)).code).toBeDefined();
      // The same invite brings nobody else.
      expect((await signIn(2, invite)).location).toBe('status:403');
    });

    it('refuses a forged or expired invite', async () => {
      expect((await signIn(2, 'x'.repeat(43))).location).toBe('status:403');
      const expired = await fx.invite(60, () => Date.now() - 7200_000);
      expect((await signIn(2, expired)).location).toBe('status:403');
    });
  });

  describe('floods and forgeries', () => {
    it('answers a registration flood with 429 and registers nothing more', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const answer = await fetch(`${fx.serve.publicUrl}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_name: `flood ${i}`,
            redirect_uris: [REDIRECT],
            token_endpoint_auth_method: 'none',
          }),
        });
        statuses.push(answer.status);
        await answer.body?.cancel();
      }
      // One registration was made in beforeAll; the limit is five.
      expect(statuses.filter((status) => status === 201)).toHaveLength(4);
      expect(statuses.filter((status) => status === 429)).toHaveLength(4);
    });

    it('follows no redirect target from a parameter: an Oura error for an unknown sign-in stays here', async () => {
      const answer = await fetch(
        `${fx.serve.publicUrl}/oura/callback?error=access_denied&state=unknown&redirect_uri=https%3A%2F%2Fattacker.example`,
        { redirect: 'manual' },
      );
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
    });

    it('refuses a body over the cap', async () => {
      const answer = await fetch(`${fx.serve.publicUrl}/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `sign_in=${'a'.repeat(20_000)}`,
      });
      expect(answer.status).toBe(413);
    });
  });

  describe('--allow', () => {
    it('admits a listed account (by email) without an invite', async () => {
      await fx.serve.close();
      const allowed = fx.emulator.accounts[2]?.email ?? '';
      await fx.restart({ allow: [allowed.toUpperCase()] });
      expect((await signIn(2)).code).toBeDefined();
    });
  });
}
