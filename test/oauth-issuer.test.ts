import { describe, expect, it } from 'vitest';
import { exchangeCode } from '../src/auth/oauth.js';
import { resolveEndpoints } from '../src/auth/servers.js';
import { freePort } from './helpers/login.js';

/**
 * RFC 9207: when the callback names its issuer, it must be the server we
 * asked. Oura's current server publishes discovery under a path, so its issuer
 * is that path, not the bare origin.
 */
/**
 * A callback exactly as Oura sent it in a field report (docs/oura-api.md):
 * `iss` first, URL-encoded. Taken from the wire, not from our own constant, so
 * these tests fail if the issuer we expect is not the one Oura names.
 */
const OURA_CALLBACK =
  'http://localhost:3000/callback?iss=https%3A%2F%2Fmoi.ouraring.com%2Foauth%2Fv2%2Fext%2Foauth-anonymous&code=c&state=s';
const OURA_ISS = new URL(OURA_CALLBACK).searchParams.get('iss') ?? '';

describe('issuer check on the callback', () => {
  async function exchangeWith(iss: string | undefined, server: 'oura' | 'legacy' = 'oura') {
    const dead = await freePort();
    const endpoints = {
      ...resolveEndpoints(server, {}),
      // Nothing listens here: a callback that passes the check fails at the token endpoint instead.
      tokenUrls: [`http://127.0.0.1:${dead}/token`],
    };
    const callback = new URLSearchParams({ code: 'c', state: 's', ...(iss ? { iss } : {}) });
    return exchangeCode({
      endpoints,
      client: { clientId: 'id', clientSecret: 'secret' },
      callbackParameters: callback,
      expectedState: 's',
      redirectUri: 'http://localhost:3000/callback',
      codeVerifier: undefined,
    });
  }

  it("accepts the issuer Oura's callbacks name, and a callback without one", async () => {
    await expect(exchangeWith(OURA_ISS)).rejects.toMatchObject({ code: 'TOKEN_ENDPOINT' });
    await expect(exchangeWith(undefined)).rejects.toMatchObject({ code: 'TOKEN_ENDPOINT' });
  });

  it("legacy (cloud.ouraring.com) logins accept moi's issuer: Oura's callbacks name it whichever host authorized", async () => {
    await expect(exchangeWith(OURA_ISS, 'legacy')).rejects.toMatchObject({
      code: 'TOKEN_ENDPOINT',
    });
    await expect(exchangeWith('https://cloud.ouraring.com', 'legacy')).rejects.toMatchObject({
      code: 'CALLBACK_REJECTED',
    });
  });

  it('refuses another issuer before the code is used', async () => {
    await expect(exchangeWith('https://evil.example')).rejects.toMatchObject({
      code: 'CALLBACK_REJECTED',
    });
  });

  it('OURA_ISSUER overrides, and a replaced authorize URL brings its own origin', () => {
    expect(resolveEndpoints('oura', { OURA_ISSUER: 'https://x.example/i' }).issuer).toBe(
      'https://x.example/i',
    );
    expect(
      resolveEndpoints('oura', { OURA_AUTHORIZE_URL: 'http://127.0.0.1:9/oauth/authorize' }).issuer,
    ).toBe('http://127.0.0.1:9');
  });
});
