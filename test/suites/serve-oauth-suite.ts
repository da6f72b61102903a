/**
 * `oura serve`'s authorization server end to end over real sockets: the
 * owner claims the server, an assistant registers, signs its person in with
 * Oura (the emulator), gets tokens bound to /mcp and calls tools; then every
 * refusal the issue lists, each answered with its 4xx and changing nothing.
 *
 * One suite, run on each store of the web state (`serve-oauth.test.ts`,
 * `serve-oauth-postgres.test.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assistantTokens,
  CookieJar,
  mcpCall,
  pkcePair,
  registerClient,
  type ServeFixture,
  type ServeStateKind,
  signInOverHttp,
  startServeFixture,
  tokenRequest,
} from '../helpers/serve.js';

export function serveOAuthSuite(state: ServeStateKind): void {
  const REDIRECT = 'http://127.0.0.1:1/assistant/callback';

  let fx: ServeFixture;
  let publicUrl: string;
  let clientId: string;

  /** A fresh sign-in as the owner: the tokens of a new grant. */
  async function ownerTokens(): Promise<{ access_token: string; refresh_token: string }> {
    return assistantTokens({ publicUrl, clientId, redirectUri: REDIRECT });
  }

  /** A sign-in as the owner, up to the code the assistant would exchange. */
  async function freshCode() {
    const pkce = await pkcePair();
    const signedIn = await signInOverHttp({
      publicUrl,
      clientId,
      redirectUri: REDIRECT,
      challenge: pkce.challenge,
    });
    return { pkce, signedIn };
  }

  beforeAll(async () => {
    fx = await startServeFixture({ emulator: { historyDays: 30 }, state });
    publicUrl = fx.serve.publicUrl;
    clientId = (await registerClient(publicUrl, REDIRECT)).client_id;
    // The owner claims the server with the code from its console.
    const pkce = await pkcePair();
    const claimed = await signInOverHttp({
      publicUrl,
      clientId,
      redirectUri: REDIRECT,
      challenge: pkce.challenge,
      code: fx.serve.claimCode ?? '',
    });
    expect(claimed.code, claimed.location).toBeDefined();
  }, 60_000);

  afterAll(async () => {
    await fx?.serve.close();
  });

  describe('discovery', () => {
    it('points an unauthenticated /mcp at the protected resource metadata, and that at the authorization server', async () => {
      const answer = await fetch(`${publicUrl}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(answer.status).toBe(401);
      const challenge = answer.headers.get('www-authenticate') ?? '';
      expect(challenge).toContain(
        `resource_metadata="${publicUrl}/.well-known/oauth-protected-resource/mcp"`,
      );
      const resource = (await (
        await fetch(`${publicUrl}/.well-known/oauth-protected-resource/mcp`)
      ).json()) as Record<string, unknown>;
      expect(resource.resource).toBe(`${publicUrl}/mcp`);
      expect(resource.authorization_servers).toEqual([`${publicUrl}/`]);
      const metadata = (await (
        await fetch(`${publicUrl}/.well-known/oauth-authorization-server`)
      ).json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        issuer: `${publicUrl}/`,
        code_challenge_methods_supported: ['S256'],
        registration_endpoint: `${publicUrl}/register`,
        revocation_endpoint: `${publicUrl}/revoke`,
        client_id_metadata_document_supported: true,
      });
    });
  });

  describe('a signed-in assistant', () => {
    it('lists and calls the tools with its bearer token, answered for its person', async () => {
      const tokens = await ownerTokens();
      const init = await mcpCall(publicUrl, tokens.access_token, 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'test', version: '1' },
      });
      expect(init.status).toBe(200);
      const list = await mcpCall(publicUrl, tokens.access_token, 'tools/list');
      const names = ((list.body.result as { tools: { name: string }[] }).tools ?? []).map(
        (tool) => tool.name,
      );
      expect(names).toEqual(
        expect.arrayContaining([
          'oura_status',
          'oura_get',
          'oura_summary',
          'oura_query',
          'oura_insights',
        ]),
      );
      // A remote server's files are out of its user's reach.
      expect(names).not.toContain('oura_report');
      const status = await mcpCall(publicUrl, tokens.access_token, 'tools/call', {
        name: 'oura_status',
        arguments: {},
      });
      const result = status.body.result as {
        structuredContent: { connected: boolean; user: string };
      };
      expect(result.structuredContent.connected).toBe(true);
      expect(result.structuredContent.user).toBe(fx.emulator.user.email);
    });

    it('rotates refresh tokens, and a replayed one revokes the whole family', async () => {
      const tokens = await ownerTokens();
      const first = await tokenRequest(publicUrl, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      });
      expect(first.status).toBe(200);
      const rotated = first.body as { access_token: string; refresh_token: string };
      expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
      expect((await mcpCall(publicUrl, rotated.access_token, 'tools/list')).status).toBe(200);
      // The spent token again: refused, and the family it belongs to dies with it.
      const replay = await tokenRequest(publicUrl, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      });
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      expect((await mcpCall(publicUrl, rotated.access_token, 'tools/list')).status).toBe(401);
      const after = await tokenRequest(publicUrl, {
        grant_type: 'refresh_token',
        refresh_token: rotated.refresh_token,
        client_id: clientId,
      });
      expect(after.status).toBe(400);
    });

    it('revokes a refresh token (RFC 7009): the grant ends', async () => {
      const tokens = await ownerTokens();
      const revoke = await fetch(`${publicUrl}/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: tokens.refresh_token, client_id: clientId }).toString(),
      });
      expect(revoke.status).toBe(200);
      expect((await mcpCall(publicUrl, tokens.access_token, 'tools/list')).status).toBe(401);
    });
  });

  describe('refusals', () => {
    it('refuses a code presented twice, and revokes what the first exchange issued', async () => {
      const { pkce, signedIn } = await freshCode();
      const params = {
        grant_type: 'authorization_code',
        code: signedIn.code ?? '',
        code_verifier: pkce.verifier,
        client_id: clientId,
        redirect_uri: REDIRECT,
      };
      const first = await tokenRequest(publicUrl, params);
      expect(first.status).toBe(200);
      const second = await tokenRequest(publicUrl, params);
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect((await mcpCall(publicUrl, String(first.body.access_token), 'tools/list')).status).toBe(
        401,
      );
    });

    it('refuses a wrong or missing PKCE verifier, and the code still works with the right one', async () => {
      const { pkce, signedIn } = await freshCode();
      const base = {
        grant_type: 'authorization_code',
        code: signedIn.code ?? '',
        client_id: clientId,
        redirect_uri: REDIRECT,
      };
      expect(
        (await tokenRequest(publicUrl, { ...base, code_verifier: 'x'.repeat(43) })).status,
      ).toBe(400);
      expect((await tokenRequest(publicUrl, base)).status).toBe(400);
      expect(
        (await tokenRequest(publicUrl, { ...base, code_verifier: pkce.verifier })).status,
      ).toBe(200);
    });

    it('refuses a token request for another resource', async () => {
      const { pkce, signedIn } = await freshCode();
      const answer = await tokenRequest(publicUrl, {
        grant_type: 'authorization_code',
        code: signedIn.code ?? '',
        code_verifier: pkce.verifier,
        client_id: clientId,
        redirect_uri: REDIRECT,
        resource: 'https://elsewhere.example/mcp',
      });
      expect(answer.status).toBe(400);
    });

    it('refuses an authorization request for another resource before any consent', async () => {
      const pkce = await pkcePair();
      const signedIn = await signInOverHttp({
        publicUrl,
        clientId,
        redirectUri: REDIRECT,
        challenge: pkce.challenge,
        resource: 'https://elsewhere.example/mcp',
      });
      expect(signedIn.location).toBe('status:400');
    });

    it('refuses unregistered and altered redirect URIs without redirecting anywhere', async () => {
      const pkce = await pkcePair();
      for (const redirectUri of [
        'https://attacker.example/cb',
        'http://127.0.0.1:2/assistant/callback',
        `${REDIRECT}?x=1`,
        `${REDIRECT}/..`,
      ]) {
        const url = new URL(`${publicUrl}/authorize`);
        url.search = new URLSearchParams({
          response_type: 'code',
          client_id: clientId,
          redirect_uri: redirectUri,
          code_challenge: pkce.challenge,
          code_challenge_method: 'S256',
        }).toString();
        const answer = await fetch(url, { redirect: 'manual' });
        expect(answer.status, redirectUri).toBe(400);
        expect(answer.headers.get('location')).toBeNull();
      }
    });

    it('refuses a forged Oura callback: an unknown state, another browser, a foreign iss', async () => {
      const unknown = await fetch(
        `${publicUrl}/oura/callback?code=abc&state=forged&iss=${encodeURIComponent(fx.emulator.issuer)}`,
        { redirect: 'manual' },
      );
      expect(unknown.status).toBe(400);
      const foreign = await fetch(
        `${publicUrl}/oura/callback?code=abc&state=forged&iss=https%3A%2F%2Fevil.example`,
        { redirect: 'manual' },
      );
      expect(foreign.status).toBe(400);
    });

    it('refuses a consent post without the browser cookie that started it (CSRF)', async () => {
      const jar = new CookieJar();
      const pkce = await pkcePair();
      const url = new URL(`${publicUrl}/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
      }).toString();
      const page = await fetch(url);
      jar.take(page);
      const signIn = /name="sign_in" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const forged = await fetch(`${publicUrl}/consent`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ sign_in: signIn, decision: 'allow' }).toString(),
      });
      expect(forged.status).toBe(400);
      const crossSite = await fetch(`${publicUrl}/consent`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: jar.header(),
          origin: 'https://attacker.example',
        },
        body: new URLSearchParams({ sign_in: signIn, decision: 'allow' }).toString(),
      });
      expect(crossSite.status).toBe(403);
    });

    it('refuses a Host or Origin from elsewhere (DNS rebinding)', async () => {
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          `${publicUrl}/.well-known/oauth-authorization-server`,
          { headers: { host: 'attacker.example' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(421);
      const tokens = await ownerTokens();
      const answer = await fetch(`${publicUrl}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          origin: 'https://attacker.example',
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(answer.status).toBe(403);
    });

    it('logs no token, code, state or secret', () => {
      const text = fx.logs.join('\n');
      expect(text).not.toMatch(/code=|state=|Bearer|serve-app-secret/);
      expect(fx.logs.some((line) => /^POST \/token 200 \d+ms$/.test(line))).toBe(true);
    });
  });

  describe('a restart', () => {
    it('loses no registration, grant or token', async () => {
      const tokens = await ownerTokens();
      await fx.serve.close();
      await fx.restart();
      expect(fx.serve.publicUrl).toBe(publicUrl);
      // The owner stays the owner: no new claim code.
      expect(fx.serve.claimCode).toBeUndefined();
      expect((await mcpCall(publicUrl, tokens.access_token, 'tools/list')).status).toBe(200);
      const refreshed = await tokenRequest(publicUrl, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      });
      expect(refreshed.status).toBe(200);
      // The registration is still known: a new sign-in with it works.
      await ownerTokens();
    });
  });

  describe('expiry', () => {
    it('refuses an access token an hour old, and a code two minutes old', async () => {
      let offsetMs = 0;
      const clock = await startServeFixture({
        emulator: { historyDays: 2 },
        serve: { now: () => Date.now() + offsetMs },
      });
      const url = clock.serve.publicUrl;
      const { client_id: id } = await registerClient(url, REDIRECT);
      const pkce = await pkcePair();
      const claimed = await signInOverHttp({
        publicUrl: url,
        clientId: id,
        redirectUri: REDIRECT,
        challenge: pkce.challenge,
        code: clock.serve.claimCode ?? '',
      });
      const params = {
        grant_type: 'authorization_code',
        code: claimed.code ?? '',
        code_verifier: pkce.verifier,
        client_id: id,
        redirect_uri: REDIRECT,
      };
      const tokens = (await tokenRequest(url, params)).body as {
        access_token: string;
        refresh_token: string;
      };
      expect((await mcpCall(url, tokens.access_token, 'tools/list')).status).toBe(200);
      offsetMs = 3601_000;
      const expired = await mcpCall(url, tokens.access_token, 'tools/list');
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
      // The refresh token outlives it: the assistant carries on without the person.
      expect(
        (
          await tokenRequest(url, {
            grant_type: 'refresh_token',
            refresh_token: tokens.refresh_token,
            client_id: id,
          })
        ).status,
      ).toBe(200);

      const late = await pkcePair();
      const signedIn = await signInOverHttp({
        publicUrl: url,
        clientId: id,
        redirectUri: REDIRECT,
        challenge: late.challenge,
      });
      offsetMs += 121_000;
      const answer = await tokenRequest(url, {
        ...params,
        code: signedIn.code ?? '',
        code_verifier: late.verifier,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_grant');
      await clock.serve.close();
    });
  });
}
