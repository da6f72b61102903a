/**
 * `oura serve` ready to measure: the emulator in its own process (Oura is on
 * another machine), the server in this one (startServe from dist/), claimed
 * by its first account and signed in by every account over HTTP as a browser
 * would, each holding an access token for /mcp, with every first sync done.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { resolveEndpoints } from '../dist/auth/servers.js';
import { submitConsent } from '../dist/emulator/consent-client.js';
import { loadSealingKeys } from '../dist/serve/keys/key-file.js';
import { startServe } from '../dist/serve/start-serve.js';
import { benchDir, startEmulatorProcess } from './helpers.js';

/** The server's Oura application at the emulator (its secret also signs webhook deliveries). */
export const SERVE_BENCH_APP = { clientId: 'serve-bench-app', clientSecret: 'serve-bench-secret' };
// The assistant's redirect is never visited: the code is read from the Location header.
const ASSISTANT_REDIRECT = 'http://127.0.0.1:1/assistant/callback';
const SCOPES = ['email', 'personal', 'daily', 'heartrate', 'workout', 'tag', 'session', 'spo2'];

/** The emulator must know the server's callback before the server listens: a port free a moment ago. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function cookiesOf(response, jar) {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? '';
    const at = pair.indexOf('=');
    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** /authorize → consent (with the claim code for the owner) → Oura's consent as `account` → tokens. */
async function signIn(publicUrl, clientId, account, claimCode) {
  const verifier = randomBytes(32).toString('base64url');
  const resource = `${publicUrl}/mcp`;
  const authorize = new URL(`${publicUrl}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: ASSISTANT_REDIRECT,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: 'bench',
    resource,
  }).toString();
  const jar = new Map();
  const page = await fetch(authorize, { redirect: 'manual' });
  let cookie = cookiesOf(page, jar);
  const signInId = /name="sign_in" value="([^"]+)"/.exec(await page.text())?.[1];
  if (page.status !== 200 || !signInId) throw new Error(`consent page: HTTP ${page.status}`);
  const consent = await fetch(`${publicUrl}/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: publicUrl },
    body: new URLSearchParams({ sign_in: signInId, decision: 'allow', code: claimCode ?? '' }),
  });
  await consent.body?.cancel();
  const toOura = consent.headers.get('location');
  if (consent.status !== 303 || !toOura) throw new Error(`consent: HTTP ${consent.status}`);
  const callback = await submitConsent(toOura, 'allow', { account });
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie } });
  cookie = cookiesOf(back, jar);
  await back.body?.cancel();
  const code = new URL(back.headers.get('location') ?? 'about:blank').searchParams.get('code');
  if (!code) throw new Error(`sign-in of account ${account} ended at HTTP ${back.status}`);
  const answer = await fetch(`${publicUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: clientId,
      redirect_uri: ASSISTANT_REDIRECT,
      resource,
    }),
  });
  const body = await answer.json();
  if (answer.status !== 200) throw new Error(`token: HTTP ${answer.status} ${body.error}`);
  return body.access_token;
}

/**
 * Starts the emulator and the server, signs every account in, waits for their
 * backfills. `emulator` takes the emulator's options (`today`, `historyDays`,
 * `accounts`, ...); `serve` is spread into startServe's options.
 *
 * @returns `{ serve, emulator, tokens, usersDir, close }`: `tokens[i]` is account i's bearer token.
 */
export async function startServeBench({
  emulator: emulatorOptions = {},
  serve: serveOptions = {},
}) {
  const port = await freePort();
  const dataDir = benchDir('oura-bench-serve-');
  const emulator = await startEmulatorProcess({
    port: 0,
    rateLimit: { limit: 1_000_000, windowSeconds: 300 },
    ...emulatorOptions,
    clients: [{ ...SERVE_BENCH_APP, redirectUris: [`http://127.0.0.1:${port}/oura/callback`] }],
  });
  const serveDir = join(dataDir, 'serve');
  let serve;
  try {
    const { keys } = await loadSealingKeys({ env: { OURA_DATA_DIR: dataDir } });
    serve = await startServe({
      serveDir,
      host: '127.0.0.1',
      port,
      // The owner claims with the code; the others are let in by the list.
      allow: emulator.accounts.slice(1).map((a) => a.email),
      app: {
        endpoints: resolveEndpoints('oura', emulator.env),
        credentials: SERVE_BENCH_APP,
        scopes: SCOPES,
        apiUrl: emulator.url,
      },
      sealer: keys,
      version: '0.0.0-bench',
      // Request lines are dropped: a terminal reading them would cost the same with or without us.
      log: () => {},
      console: () => {},
      ...serveOptions,
    });
    const registered = await fetch(`${serve.publicUrl}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Bench Assistant',
        redirect_uris: [ASSISTANT_REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    });
    if (registered.status !== 201) throw new Error(`register: HTTP ${registered.status}`);
    const { client_id: clientId } = await registered.json();
    const tokens = [];
    for (let account = 0; account < emulator.accounts.length; account++) {
      tokens.push(
        await signIn(serve.publicUrl, clientId, account, account === 0 ? serve.claimCode : ''),
      );
    }
    await serve.sync.idle();
    const running = serve;
    return {
      serve: running,
      emulator,
      tokens,
      usersDir: join(serveDir, 'users'),
      close: async () => {
        await running.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await serve?.close();
    await emulator.close();
    throw error;
  }
}
