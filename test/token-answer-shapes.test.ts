/**
 * Liberal in what the token endpoint may send, strict in what we trust: odd
 * but usable answers are accepted, the rotated refresh token is kept whatever
 * else is wrong, an `invalid_client` behind a `WWW-Authenticate` challenge is
 * still read as one, and no error keeps a token where a log could print it.
 * A small real HTTP server plays a token endpoint answering each shape.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../src/auth/oauth.js';
import { nowMs } from '../src/clock.js';

describe('token answers in odd shapes', () => {
  let server: Server;
  let tokenUrl: string;
  let answer: { status: number; body: string; headers?: Record<string, string> };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function refreshWith(body: Record<string, unknown>, status = 200, headers = {}) {
    answer = { status, body: JSON.stringify(body), headers };
    const rotated: string[] = [];
    const result = refreshTokens({
      tokenUrl,
      authorizeUrl: 'http://127.0.0.1:9/authorize',
      client: { clientId: 'id', clientSecret: 'secret-value' },
      refreshToken: 'old-refresh',
      onRotated: async (token) => {
        rotated.push(token);
      },
    });
    return { result, rotated };
  }

  const usable = { access_token: 'new-access', refresh_token: 'new-refresh' };

  for (const [name, extra] of [
    [
      "Oura's own: lower-case bearer, id_token null, extapi scopes",
      {
        token_type: 'bearer',
        expires_in: 2591999,
        scope: 'extapi:daily extapi:personal',
        id_token: null,
      },
    ],
    ['no token_type', { expires_in: 86400 }],
    ['an empty id_token', { token_type: 'Bearer', id_token: '' }],
    [
      'an ID token we never asked for',
      { token_type: 'bearer', id_token: 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' },
    ],
    ['scope as a list', { token_type: 'bearer', scope: ['extapi:daily', 'extapi:tag'] }],
    ['expires_in as a string', { token_type: 'bearer', expires_in: '86400' }],
    ['an unusable expires_in', { token_type: 'bearer', expires_in: -5 }],
  ] as const) {
    it(`accepts ${name}`, async () => {
      const { result, rotated } = await refreshWith({ ...usable, ...extra });
      const tokens = await result;
      expect(tokens.access_token).toBe('new-access');
      expect(tokens.refresh_token).toBe('new-refresh');
      expect(rotated).toEqual(['new-refresh']);
    });
  }

  it('reads the scope list and a string expires_in as numbers and words', async () => {
    const { result } = await refreshWith({
      ...usable,
      token_type: 'bearer',
      scope: ['extapi:daily', 'extapi:tag'],
      expires_in: '600',
    });
    const tokens = await result;
    expect(tokens.scope).toBe('extapi:daily extapi:tag');
    expect((tokens.expires_at ?? 0) - nowMs()).toBeGreaterThan(590_000);
  });

  it('keeps the rotated refresh token when the token type cannot be used, and says so without the tokens', async () => {
    const { result, rotated } = await refreshWith({ ...usable, token_type: 'mac' });
    const error = await result.catch((caught: unknown) => caught);
    expect(rotated).toEqual(['new-refresh']);
    expect(String((error as Error).message)).toMatch(/new refresh token is saved/);
    const printed = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
    expect(printed).not.toContain('new-access');
    expect(printed).not.toContain('new-refresh');
  });

  it('an unreadable 2xx keeps no token in the error either', async () => {
    const { result } = await refreshWith({ refresh_token: 'new-refresh', access_token: 42 });
    const error = await result.catch((caught: unknown) => caught);
    expect(inspect(error, { depth: 10 })).not.toContain('new-refresh');
  });

  it('reads an invalid_client behind a WWW-Authenticate challenge as a rejected client', async () => {
    const { result } = await refreshWith(
      { error: 'invalid_client', error_description: 'Client authentication failed.' },
      401,
      { 'www-authenticate': 'Basic realm="oura"' },
    );
    await expect(result).rejects.toMatchObject({ code: 'INVALID_CLIENT' });
  });
});
