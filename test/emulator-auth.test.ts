import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../src/emulator/consent-client.js';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import { getJson, postForm } from './helpers/emulator.js';

/** The authorization server over real HTTP: consent, code exchange, PKCE, refresh rotation, revoke. */

const REDIRECT = DEMO_CLIENT.redirectUris[0] ?? '';
let emulator: Emulator;

function authorizeUrl(base: string, params: Record<string, string> = {}): string {
  const url = new URL(base);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: DEMO_CLIENT.clientId,
    redirect_uri: REDIRECT,
    scope: 'extapi:personal extapi:daily extapi:heartrate',
    state: 'st-123',
    ...params,
  }).toString();
  return url.toString();
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const secretPost = { client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret };
const basic = {
  authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`).toString('base64')}`,
};

async function codeFrom(url: string, scopes?: string[]): Promise<URL> {
  return new URL(await submitConsent(url, 'allow', scopes ? { scopes } : {}));
}

beforeAll(async () => {
  // The default code lifetime: a test exchanging a code must not race a 1-second
  // clock on a loaded machine. Expiry has its own emulator below.
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('consent page', () => {
  it('is self-contained, escapes input and lists the asked scopes checked', async () => {
    const response = await fetch(
      authorizeUrl(emulator.authorizeUrl, { state: '"><script>x</script>' }),
    );
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<form id="consent" method="post"');
    expect(html).toContain('<input type="checkbox" name="scope" value="extapi:daily" checked>');
    expect(html).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!localhost)/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('allow redirects with code and state; deny with access_denied', async () => {
    const allowed = await codeFrom(authorizeUrl(emulator.authorizeUrl));
    expect(`${allowed.origin}${allowed.pathname}`).toBe(REDIRECT);
    expect(allowed.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(allowed.searchParams.get('state')).toBe('st-123');
    const denied = new URL(await submitConsent(authorizeUrl(emulator.authorizeUrl), 'deny'));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st-123');
    expect(denied.searchParams.has('code')).toBe(false);
  });

  it('no state in, no state out', async () => {
    const url = new URL(authorizeUrl(emulator.authorizeUrl));
    url.searchParams.delete('state');
    expect((await codeFrom(url.toString())).searchParams.has('state')).toBe(false);
  });

  it('rejects unknown clients and redirect URI mismatches with a page, never a redirect', async () => {
    for (const params of [
      { client_id: 'nobody' },
      { redirect_uri: 'http://localhost:3000/callback/' },
      { redirect_uri: 'http://127.0.0.1:3000/callback' },
    ]) {
      const response = await fetch(authorizeUrl(emulator.authorizeUrl, params), {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toMatch(/Invalid (client|redirect URI)/);
    }
  });

  it('redirects bad response_type, unknown scope and bad PKCE method with an error', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'extapi:daily extapi:everything' }, 'invalid_scope'],
      [{ code_challenge: pkce().challenge, code_challenge_method: 'S512' }, 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const response = await fetch(authorizeUrl(emulator.authorizeUrl, params), {
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('st-123');
    }
    // The legacy server knows only bare scope names.
    const legacy = await fetch(authorizeUrl(emulator.legacy.authorizeUrl), { redirect: 'manual' });
    expect(new URL(legacy.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_scope',
    );
  });

  it('serves the discovery document of the current server', async () => {
    const { body } = await getJson(
      `${emulator.url}/oauth/v2/ext/oauth-anonymous/.well-known/openid-configuration`,
    );
    expect(body).toMatchObject({
      // RFC 9207: the issuer the callbacks name is the one discovery declares.
      issuer: `${emulator.url}/oauth/v2/ext/oauth-anonymous`,
      authorization_endpoint: emulator.authorizeUrl,
      token_endpoint: emulator.tokenUrl,
      revocation_endpoint: emulator.revokeUrl,
      code_challenge_methods_supported: ['S256', 'plain'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    });
  });
});

describe('code exchange', () => {
  it('grants only the ticked scopes, spelled extapi: by both servers as Oura does', async () => {
    const callback = await codeFrom(authorizeUrl(emulator.authorizeUrl), [
      'extapi:personal',
      'extapi:daily',
    ]);
    const { status, body, headers } = await postForm(emulator.tokenUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      ...secretPost,
    });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 86400,
      scope: 'extapi:personal extapi:daily',
      id_token: null,
    });
    const heartrate = await getJson(
      `${emulator.url}/v2/usercollection/heartrate`,
      String(body.access_token),
    );
    expect(heartrate.status).toBe(403);
    expect(JSON.stringify(heartrate.body)).toContain('heartrate');

    const legacyCallback = await codeFrom(
      authorizeUrl(emulator.legacy.authorizeUrl, { scope: 'personal daily spo2Daily' }),
    );
    const legacy = await postForm(emulator.legacy.tokenUrl, {
      grant_type: 'authorization_code',
      code: legacyCallback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      ...secretPost,
    });
    expect(legacy.body.scope).toBe('extapi:personal extapi:daily extapi:spo2');
    expect(legacy.body.expires_in).toBe(2_591_999);
    const spo2 = await getJson(
      `${emulator.url}/v2/usercollection/daily_spo2`,
      String(legacy.body.access_token),
    );
    expect(spo2.status).toBe(200);
  });

  it('unticking every scope is a denial', async () => {
    const callback = new URL(
      await submitConsent(authorizeUrl(emulator.authorizeUrl), 'allow', { scopes: [] }),
    );
    expect(callback.searchParams.get('error')).toBe('access_denied');
  });

  it('accepts client_secret_basic; rejects a bad secret with 401 invalid_client', async () => {
    const callback = await codeFrom(authorizeUrl(emulator.authorizeUrl));
    const form = {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    };
    const bad = await postForm(emulator.tokenUrl, {
      ...form,
      client_id: DEMO_CLIENT.clientId,
      client_secret: 'wrong',
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
    const none = await postForm(emulator.tokenUrl, form);
    expect(none.status).toBe(401);
    const ok = await postForm(emulator.tokenUrl, form, basic);
    expect(ok.status).toBe(200);
  });

  it('verifies PKCE S256: right verifier works, a wrong or missing one is invalid_grant', async () => {
    for (const verifier of ['wrong', undefined, 'right'] as const) {
      const { verifier: good, challenge } = pkce();
      const callback = await codeFrom(
        authorizeUrl(emulator.authorizeUrl, {
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      );
      const form: Record<string, string> = {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT,
        ...secretPost,
      };
      if (verifier === 'wrong') form.code_verifier = pkce().verifier;
      if (verifier === 'right') form.code_verifier = good;
      const response = await postForm(emulator.tokenUrl, form);
      expect(response.status, String(verifier)).toBe(verifier === 'right' ? 200 : 400);
      if (verifier !== 'right') expect(response.body.error).toBe('invalid_grant');
    }
  });

  it('rejects a redirect_uri differing from the authorize request', async () => {
    const callback = await codeFrom(authorizeUrl(emulator.authorizeUrl));
    const response = await postForm(emulator.tokenUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: 'http://localhost:3000/other',
      ...secretPost,
    });
    expect(response.body.error).toBe('invalid_grant');
  });

  it('codes are single use; a replay revokes what the code issued', async () => {
    const callback = await codeFrom(authorizeUrl(emulator.authorizeUrl));
    const form = {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      ...secretPost,
    };
    const first = await postForm(emulator.tokenUrl, form);
    expect(first.status).toBe(200);
    const api = `${emulator.url}/v2/usercollection/personal_info`;
    expect((await getJson(api, String(first.body.access_token))).status).toBe(200);
    const replay = await postForm(emulator.tokenUrl, form);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await getJson(api, String(first.body.access_token))).status).toBe(401);
  });

  it('codes expire (codeLifetimeSeconds: 1)', async () => {
    const shortLived = await startEmulator({ codeLifetimeSeconds: 1 });
    try {
      const callback = await codeFrom(authorizeUrl(shortLived.authorizeUrl));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const response = await postForm(shortLived.tokenUrl, {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT,
        ...secretPost,
      });
      expect(response.body).toMatchObject({ error: 'invalid_grant' });
      expect(response.body.error_description).toMatch(/expired/);
    } finally {
      await shortLived.close();
    }
  });

  it('rejects unsupported grant types', async () => {
    const response = await postForm(emulator.tokenUrl, { grant_type: 'password', ...secretPost });
    expect(response.body.error).toBe('unsupported_grant_type');
  });
});

describe('refresh and revoke', () => {
  it('rotates refresh tokens: the old one is dead, the new one works', async () => {
    const before = emulator.stats.refreshGrants;
    const minted = emulator.mintTokens({ scopes: ['daily'] });
    const first = await postForm(emulator.tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: minted.refresh_token,
      ...secretPost,
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(minted.refresh_token);
    expect(first.body.scope).toBe('extapi:daily');
    const reuse = await postForm(emulator.tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: minted.refresh_token,
      ...secretPost,
    });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    const second = await postForm(
      emulator.tokenUrl,
      { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
      basic,
    );
    expect(second.status).toBe(200);
    expect(emulator.stats.refreshGrants).toBe(before + 2);
  });

  it('a grant refreshes only at the server that issued it', async () => {
    const callback = await codeFrom(authorizeUrl(emulator.authorizeUrl));
    const tokens = await postForm(emulator.tokenUrl, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      ...secretPost,
    });
    const elsewhere = await postForm(emulator.legacy.tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: String(tokens.body.refresh_token),
      ...secretPost,
    });
    expect(elsewhere.body.error).toBe('invalid_grant');
  });

  it('revoke (current: form token=) makes the API answer 401', async () => {
    const tokens = emulator.mintTokens();
    const api = `${emulator.url}/v2/usercollection/personal_info`;
    expect((await getJson(api, tokens.access_token)).status).toBe(200);
    const revoked = await postForm(emulator.revokeUrl, {
      token: tokens.access_token,
      ...secretPost,
    });
    expect(revoked.status).toBe(200);
    const after = await getJson(api, tokens.access_token);
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    const refresh = await postForm(emulator.tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      ...secretPost,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('revoke (legacy: ?access_token= by GET or POST)', async () => {
    for (const method of ['GET', 'POST']) {
      const tokens = emulator.mintTokens();
      const response = await fetch(
        `${emulator.legacy.revokeUrl}?access_token=${tokens.access_token}`,
        { method },
      );
      expect(response.status).toBe(200);
      expect(
        (await getJson(`${emulator.url}/v2/usercollection/personal_info`, tokens.access_token))
          .status,
      ).toBe(401);
    }
  });

  it('expired access tokens get 401', async () => {
    const tokens = emulator.mintTokens({ expiresIn: 0 });
    const response = await getJson(
      `${emulator.url}/v2/usercollection/personal_info`,
      tokens.access_token,
    );
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).toContain('expired');
  });
});

describe('token endpoint faults', () => {
  it('answers 500, malformed JSON, or hangs until the client gives up', async () => {
    const form = {
      grant_type: 'refresh_token',
      refresh_token: emulator.mintTokens().refresh_token,
      ...secretPost,
    };
    emulator.setFaults({ token: '500' });
    expect((await postForm(emulator.tokenUrl, form)).status).toBe(500);
    emulator.setFaults({ token: 'malformed-json' });
    const malformed = await fetch(emulator.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams(form),
    });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    emulator.setFaults({ token: 'hang' });
    await expect(
      fetch(emulator.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    emulator.setFaults({ token: null });
    expect((await postForm(emulator.tokenUrl, form)).status).toBe(200);
  });
});
