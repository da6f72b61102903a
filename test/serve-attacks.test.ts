/**
 * `oura serve` attacked from outside, over real sockets, with two emulated
 * Oura accounts and two registered assistants: what an attack found (an
 * invite's code in the log, a refused metadata document answered 500, a
 * plain-http redirect URI registered, an error sent back without `iss`), and
 * the attacks that held, kept so they keep holding.
 */
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../dist/emulator/consent-client.js';
import {
  CookieJar,
  mcpCall,
  pkcePair,
  registerClient,
  type ServeFixture,
  signInOverHttp,
  startServeFixture,
  tokenRequest,
} from './helpers/serve.js';

const REDIRECT = 'http://127.0.0.1:1/assistant/callback';

let fx: ServeFixture;
let url: string;
let clientA: string;
let clientB: string;

async function newInvite(): Promise<string> {
  return fx.invite();
}

/** A fresh grant of `clientId` for `account`, with its first tokens. */
async function tokensFor(clientId: string, account: number, code?: string) {
  const pkce = await pkcePair();
  const signedIn = await signInOverHttp({
    publicUrl: url,
    clientId,
    redirectUri: REDIRECT,
    challenge: pkce.challenge,
    account,
    ...(code === undefined ? {} : { code }),
  });
  expect(signedIn.code, signedIn.location).toBeDefined();
  const answer = await tokenRequest(url, {
    grant_type: 'authorization_code',
    code: signedIn.code ?? '',
    code_verifier: pkce.verifier,
    client_id: clientId,
    redirect_uri: REDIRECT,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { access_token: string; refresh_token: string };
}

/** The account page's sign-in, as a browser: the session cookie, the CSRF token, the grants listed. */
async function accountSession(account: number) {
  const jar = new CookieJar();
  const start = await fetch(`${url}/account/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url },
  });
  jar.take(start);
  const callback = await submitConsent(start.headers.get('location') ?? '', 'allow', {
    account,
  });
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(back);
  await back.body?.cancel();
  const page = await (await fetch(`${url}/account`, { headers: { cookie: jar.header() } })).text();
  return {
    jar,
    csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '',
    grants: [...page.matchAll(/name="grant" value="([^"]+)"/g)].map((match) => match[1] ?? ''),
  };
}

function authorizeUrl(params: Record<string, string>): string {
  const target = new URL(`${url}/authorize`);
  target.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientA,
    redirect_uri: REDIRECT,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return target.href;
}

/** A TCP listener that only counts who connects to it. */
async function countingListener() {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => sockets.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  fx = await startServeFixture({ emulator: { accounts: 2, historyDays: 5 } });
  url = fx.serve.publicUrl;
  clientA = (await registerClient(url, REDIRECT, 'Assistant A')).client_id;
  clientB = (await registerClient(url, REDIRECT, '<script>alert(1)</script><b>B</b>')).client_id;
  await tokensFor(clientA, 0, fx.serve.claimCode ?? '');
  await tokensFor(clientA, 1, await newInvite());
}, 60_000);

afterAll(async () => {
  await fx?.serve.close();
});

describe('found', () => {
  it('keeps an invite link’s code out of the request log', async () => {
    const code = await newInvite();
    const answer = await fetch(`${url}/invite/${code}`);
    expect(answer.status).toBe(200);
    await answer.text();
    const upper = await fetch(`${url}/INVITE/${code}`);
    await upper.text();
    // Each request is logged when its answer closes: wait for both lines, then read the whole log.
    await expect
      .poll(() => fx.logs.filter((line) => /^GET \/invite\/\S* 200 /i.test(line)).length)
      .toBe(2);
    expect(fx.logs.join('\n')).not.toContain(code);
  });

  it('refuses a client ID metadata document on a loopback address with a 400, never connecting to it', async () => {
    const listener = await countingListener();
    try {
      for (const clientId of [
        `https://127.0.0.1:${listener.port}/client.json`,
        `https://localhost:${listener.port}/client.json`,
        `https://[::ffff:127.0.0.1]:${listener.port}/client.json`,
      ]) {
        const answer = await fetch(authorizeUrl({ client_id: clientId }), { redirect: 'manual' });
        const body = (await answer.json()) as { error?: string };
        expect(answer.status, clientId).toBe(400);
        expect(body.error, clientId).toBe('invalid_client');
        expect(answer.headers.get('location')).toBeNull();
      }
      expect(listener.connections()).toBe(0);
      expect(fx.logs.some((line) => line.startsWith('error:'))).toBe(false);
    } finally {
      await listener.close();
    }
  });

  it('refuses to register a redirect URI over plain http to another host, or with a fragment', async () => {
    for (const redirectUri of ['http://attacker.example/cb', `${REDIRECT}#fragment`]) {
      const answer = await fetch(`${url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' }),
      });
      expect(answer.status, redirectUri).toBe(400);
      expect(((await answer.json()) as { error?: string }).error).toBe('invalid_redirect_uri');
    }
    for (const redirectUri of ['https://assistant.example/cb', 'http://localhost:9/cb']) {
      await expect(registerClient(url, redirectUri)).resolves.toMatchObject({
        redirect_uris: [redirectUri],
      });
    }
  });

  it('shows an error instead of redirecting, with a link back that names the issuer (RFC 9207) and carries the state', async () => {
    for (const params of [
      { code_challenge_method: 'plain' },
      { resource: 'https://elsewhere.example/mcp' },
      { scope: 'admin' },
    ]) {
      const answer = await fetch(authorizeUrl({ ...params, state: 's' }), { redirect: 'manual' });
      // Shown, not redirected: no one's browser is bounced through here to an address a stranger registered.
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
      const link = /<a id="back" href="([^"]+)"/.exec(await answer.text())?.[1] ?? '';
      const back = new URL(link.replaceAll('&amp;', '&'));
      expect(back.origin + back.pathname).toBe(REDIRECT);
      expect(back.searchParams.get('error'), JSON.stringify(params)).toBeTruthy();
      expect(back.searchParams.get('state')).toBe('s');
      expect(back.searchParams.get('iss'), JSON.stringify(params)).toBe(`${url}/`);
    }
  });

  it('refuses a registration the size of a flood: a huge name, thousands of redirect URIs', async () => {
    for (const metadata of [
      { client_name: 'x'.repeat(90_000), redirect_uris: [REDIRECT] },
      { redirect_uris: Array.from({ length: 2_000 }, (_, i) => `https://a.example/${i}`) },
    ]) {
      const answer = await fetch(`${url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...metadata, token_endpoint_auth_method: 'none' }),
      });
      await answer.body?.cancel();
      expect(answer.status).toBe(413);
    }
  });
});

describe('held', () => {
  it('refuses a code of one client to another, and the code still works for its own', async () => {
    const pkce = await pkcePair();
    const signedIn = await signInOverHttp({
      publicUrl: url,
      clientId: clientA,
      redirectUri: REDIRECT,
      challenge: pkce.challenge,
      account: 0,
    });
    const exchange = (clientId: string) =>
      tokenRequest(url, {
        grant_type: 'authorization_code',
        code: signedIn.code ?? '',
        code_verifier: pkce.verifier,
        client_id: clientId,
      });
    expect((await exchange(clientB)).body.error).toBe('invalid_grant');
    expect((await exchange(clientA)).status).toBe(200);
  });

  it('refuses a refresh token of one client to another, and ignores its revocation by another', async () => {
    const tokens = await tokensFor(clientA, 0);
    const byB = await tokenRequest(url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: clientB,
    });
    expect(byB.body.error).toBe('invalid_grant');
    const revoked = await fetch(`${url}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refresh_token, client_id: clientB }).toString(),
    });
    await revoked.body?.cancel();
    expect((await mcpCall(url, tokens.access_token, 'tools/list')).status).toBe(200);
    const byA = await tokenRequest(url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: clientA,
    });
    expect(byA.status).toBe(200);
  });

  it('refuses a consent post or an Oura callback replayed after the sign-in ended', async () => {
    const jar = new CookieJar();
    const page = await fetch(authorizeUrl({ state: 's' }));
    jar.take(page);
    const signIn = /name="sign_in" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const consent = () =>
      fetch(`${url}/consent`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: jar.header(),
          origin: url,
        },
        body: new URLSearchParams({ sign_in: signIn, decision: 'allow' }).toString(),
      });
    const toOura = await consent();
    await toOura.body?.cancel();
    const callback = await submitConsent(toOura.headers.get('location') ?? '', 'allow', {
      account: 0,
    });
    const callbackJar = jar.header();
    const first = await fetch(callback, { redirect: 'manual', headers: { cookie: callbackJar } });
    await first.body?.cancel();
    expect(new URL(first.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    const again = await fetch(callback, { redirect: 'manual', headers: { cookie: callbackJar } });
    await again.body?.cancel();
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
    const replayed = await consent();
    await replayed.body?.cancel();
    expect(replayed.status).toBe(400);
  });

  it('shows a registered client name as text on the consent page', async () => {
    const page = await (await fetch(authorizeUrl({ client_id: clientB }))).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });

  it('refuses redirect URIs altered in case, slash, encoding, userinfo, port, or given twice', async () => {
    for (const redirect of [
      'HTTP://127.0.0.1:1/assistant/callback',
      'http://127.0.0.1:1/assistant/callback/',
      'http://127.0.0.1:1/assistant/%63allback',
      'http://user@127.0.0.1:1/assistant/callback',
      'http://127.0.0.1/assistant/callback',
      'http://127.0.0.1:1/assistant/callback#x',
    ]) {
      const answer = await fetch(authorizeUrl({ redirect_uri: redirect }), { redirect: 'manual' });
      await answer.body?.cancel();
      expect(answer.status, redirect).toBe(400);
    }
    const twice = `${authorizeUrl({})}&redirect_uri=${encodeURIComponent('https://attacker.example/cb')}`;
    const answer = await fetch(twice, { redirect: 'manual' });
    await answer.body?.cancel();
    expect(answer.status).toBe(400);
  });

  it('keeps the account page to its person: another session’s CSRF token, another person’s grant', async () => {
    const victimTokens = await tokensFor(clientA, 1);
    const attacker = await accountSession(0);
    const victim = await accountSession(1);
    expect(attacker.grants.length).toBeGreaterThan(0);
    expect(victim.grants.length).toBeGreaterThan(0);
    const post = (path: string, body: Record<string, string>) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: attacker.jar.header(),
          origin: url,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(body).toString(),
      });
    const withVictimsCsrf = await post('/account/revoke', {
      grant: attacker.grants[0] ?? '',
      csrf: victim.csrf,
    });
    expect(withVictimsCsrf.status).toBe(403);
    for (const grant of victim.grants) {
      const answer = await post('/account/revoke', { grant, csrf: attacker.csrf });
      expect(answer.status).toBe(404);
    }
    expect((await post('/account/delete', { confirm: 'yes' })).status).toBe(403);
    expect((await mcpCall(url, victimTokens.access_token, 'tools/list')).status).toBe(200);
  });

  it('lets oura_query reach no other file: ATTACH, VACUUM INTO, load_extension', async () => {
    const tokens = await tokensFor(clientA, 0);
    const other = join(fx.dataDir, 'serve', 'state.sqlite');
    for (const sql of [
      `ATTACH DATABASE '${other}' AS other`,
      `VACUUM INTO '${join(fx.dataDir, 'stolen.sqlite')}'`,
      `SELECT load_extension('${join(fx.dataDir, 'none')}')`,
    ]) {
      const answer = await mcpCall(url, tokens.access_token, 'tools/call', {
        name: 'oura_query',
        arguments: { sql },
      });
      const result = answer.body.result as { isError?: boolean };
      expect(result.isError, sql).toBe(true);
    }
  });
});
