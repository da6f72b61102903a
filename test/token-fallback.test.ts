import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeCode, newAuthorizationSecrets } from '../src/auth/oauth.js';
import { submitConsent } from '../src/emulator/consent-client.js';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import { AUTH_SERVERS } from '../src/oura/servers.js';

/**
 * The `oura` server tries moi's token endpoint first and the legacy one only
 * when moi rejects the client itself; any other failure is final, because the
 * code may be spent.
 */
describe('token endpoint fallback', () => {
  const redirectUri = 'http://localhost:3000/callback';
  let emulator: Emulator;
  let rejecting: Server;
  let rejectingUrl: string;
  let rejectingCalls = 0;
  let answer: { status: number; error: string } = { status: 401, error: 'invalid_client' };

  beforeAll(async () => {
    emulator = await startEmulator({ clients: [{ ...DEMO_CLIENT, redirectUris: [redirectUri] }] });
    // A token endpoint that turns the client away, as moi does for some older apps.
    rejecting = createServer((_req, res) => {
      rejectingCalls++;
      // A 401 carries a challenge, as RFC 6749 §5.2 has it for a rejected client.
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        ...(answer.status === 401 ? { 'www-authenticate': 'Basic realm="oura"' } : {}),
      });
      res.end(JSON.stringify({ error: answer.error }));
    });
    await new Promise<void>((resolve) => rejecting.listen(0, '127.0.0.1', resolve));
    const address = rejecting.address();
    rejectingUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/oauth/token`;
  });
  afterAll(async () => {
    await emulator?.close();
    await new Promise((resolve) => rejecting?.close(resolve));
  });

  /** A fresh code from the emulator's consent page, exchanged with both token endpoints configured. */
  async function consentAndExchange() {
    const secrets = newAuthorizationSecrets(false);
    const url = new URL(emulator.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENT.clientId,
      redirect_uri: redirectUri,
      scope: 'extapi:daily',
      state: secrets.state,
    }).toString();
    const callback = new URL(await submitConsent(url.toString(), 'allow')).searchParams;
    return exchangeCode({
      endpoints: {
        ...AUTH_SERVERS.oura,
        issuer: emulator.issuer,
        authorizeUrl: emulator.authorizeUrl,
        tokenUrls: [rejectingUrl, emulator.tokenUrl],
      },
      client: DEMO_CLIENT,
      callbackParameters: callback,
      expectedState: secrets.state,
      redirectUri,
      codeVerifier: undefined,
    });
  }

  it('moves on to the next token endpoint on invalid_client and remembers which one worked', async () => {
    const before = rejectingCalls;
    const { tokens, tokenUrl } = await consentAndExchange();
    expect(rejectingCalls).toBe(before + 1);
    expect(tokenUrl).toBe(emulator.tokenUrl);
    expect(tokens.access_token).toBeTruthy();
  });

  it('never falls back on invalid_grant: the code is spent', async () => {
    answer = { status: 400, error: 'invalid_grant' };
    const grants = emulator.stats.authorizationCodeGrants;
    await expect(consentAndExchange()).rejects.toMatchObject({ code: 'INVALID_GRANT' });
    expect(emulator.stats.authorizationCodeGrants).toBe(grants);
  });
});
