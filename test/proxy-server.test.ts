/**
 * The proxy as a library (`startProxy`), over real sockets: against the
 * emulator for real answers, and against recording servers that show exactly
 * what reached the upstream (and that a bystander host is never reached).
 * Requests are sent with `node:http` or raw TCP, which, unlike `fetch`, send a
 * request target exactly as written (no `..` normalisation).
 */
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTokenRejection, parseChallenges } from '../src/api/token-rejection.js';
import { nowMs } from '../src/clock.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { LoginRequiredError } from '../src/errors.js';
import { type ProxyRequestEvent, type RunningProxy, startProxy } from '../src/proxy/server.js';
import { type RecordingServer, startRecordingServer } from './helpers/recording-server.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** GET (or another method) with the path sent verbatim. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Writes a raw HTTP/1.1 request and returns the status code of the answer. */
function sendRaw(port: number, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`${head}\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('close', () => resolve(Number(text.split(' ')[1])));
    socket.on('error', reject);
  });
}

function portOf(proxy: RunningProxy): number {
  return Number(new URL(proxy.url).port);
}

function keyOf(proxy: RunningProxy): string {
  return new URL(proxy.url).pathname.slice(1);
}

describe('proxy against the emulator', () => {
  let emulator: Emulator;
  let token: string;
  let proxy: RunningProxy;
  let key: string;
  const events: ProxyRequestEvent[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seriesPageSize: 100_000 });
    token = emulator.mintTokens().access_token;
    proxy = await startProxy({
      apiUrl: emulator.url,
      token,
      onRequest: (event) => events.push(event),
    });
    key = keyOf(proxy);
  });
  afterAll(async () => {
    await proxy?.close();
    await emulator?.close();
    // The token and the key never appear in a log event.
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(key);
  });

  it('prints a base URL on 127.0.0.1 carrying a 256-bit key', () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  it('forwards GET under /v2/ with the key as a path prefix, answering as the API does', async () => {
    const via = await fetch(`${proxy.url}/v2/usercollection/personal_info`);
    expect(via.status).toBe(200);
    const body = await via.json();
    expect(body).toMatchObject({ email: emulator.user.email });
    expect(JSON.stringify(body)).not.toContain(token);
    const event = events.find((e) => e.path === '/v2/usercollection/personal_info');
    expect(event).toMatchObject({ method: 'GET', status: 200 });
  });

  it('accepts the key in the X-Oura-Proxy-Key header instead', async () => {
    const answer = await send(portOf(proxy), '/v2/usercollection/personal_info', {
      headers: { 'x-oura-proxy-key': key },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ email: emulator.user.email });
  });

  it('refuses requests without the right key with 401, forwards nothing, and logs them', async () => {
    const before = emulator.stats.apiRequests;
    const wrongKey = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const [path, headers] of [
      ['/v2/usercollection/personal_info', {}],
      [`/${wrongKey}/v2/usercollection/personal_info`, {}],
      ['/v2/usercollection/personal_info', { 'x-oura-proxy-key': wrongKey }],
      ['/v2/usercollection/personal_info', { authorization: `Bearer ${key}` }],
    ] as [string, Record<string, string>][]) {
      const answer = await send(portOf(proxy), path, { headers });
      expect(answer.status, path).toBe(401);
      expect(JSON.parse(answer.body).detail).toMatch(/proxy key/);
    }
    expect(emulator.stats.apiRequests).toBe(before);
    const refused = events.filter((e) => e.status === 401);
    expect(refused.length).toBeGreaterThanOrEqual(4);
    // A near miss of the key is not written to the log either.
    expect(JSON.stringify(refused)).not.toContain(wrongKey);
    expect(refused.map((e) => e.path)).toContain('/<hidden>/v2/usercollection/personal_info');
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const answer = await send(portOf(proxy), `/${key}/v2/usercollection/personal_info`, {
      method: 'HEAD',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/json/);
    expect(answer.body).toBe('');
  });

  it('passes a large answer through unchanged (30 days of heart rate in one page)', async () => {
    const end = new Date(nowMs());
    const start = new Date(end.getTime() - 29 * 86_400_000);
    const path = `/v2/usercollection/heartrate?start_datetime=${start.toISOString()}&end_datetime=${end.toISOString()}`;
    const direct = await fetch(`${emulator.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const directBody = Buffer.from(await direct.arrayBuffer());
    const proxied = Buffer.from(await (await fetch(`${proxy.url}${path}`)).arrayBuffer());
    expect(directBody.length).toBeGreaterThan(500_000);
    expect(createHash('sha256').update(proxied).digest('hex')).toBe(
      createHash('sha256').update(directBody).digest('hex'),
    );
  });

  it('listens on 127.0.0.1 only', async () => {
    const { networkInterfaces } = await import('node:os');
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a?.address as string);
    for (const address of ['::1', ...others]) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect(portOf(proxy), address, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      expect(reached, `reachable on ${address}`).toBe(false);
    }
  });
});

describe('proxy: what reaches the upstream, and what never does', () => {
  let upstream: RecordingServer;
  let bystander: RecordingServer;
  let proxy: RunningProxy;
  let key: string;

  beforeAll(async () => {
    upstream = await startRecordingServer((req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        connection: 'keep-alive, x-upstream-hop',
        'x-upstream-hop': 'private to the upstream connection',
        'keep-alive': 'timeout=77',
        'x-request-id': 'abc',
      });
      res.end(JSON.stringify({ path: req.url }));
    });
    bystander = await startRecordingServer();
    proxy = await startProxy({ apiUrl: upstream.url, token: 'the-bearer' });
    key = keyOf(proxy);
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
    await bystander?.close();
  });

  function expectNothingForwarded(count: number) {
    expect(upstream.requests).toHaveLength(count);
    expect(bystander.requests).toHaveLength(0);
  }

  it('sends its own bearer and an allow-list of the caller headers; strips hop-by-hop headers both ways', async () => {
    const answer = await send(
      portOf(proxy),
      `/${key}/v2/usercollection/sleep?start_date=2026-01-01`,
      {
        headers: {
          authorization: 'Bearer the-callers-own',
          cookie: 'session=1',
          'x-oura-proxy-key': key,
          'x-forwarded-for': '203.0.113.9',
          connection: 'accept-language',
          'accept-language': 'de',
          accept: 'application/json',
          'user-agent': 'analysis.py',
        },
      },
    );
    expect(answer.status).toBe(200);
    const [received] = upstream.requests.slice(-1);
    expect(received?.url).toBe('/v2/usercollection/sleep?start_date=2026-01-01');
    expect(received?.headers.authorization).toBe('Bearer the-bearer');
    expect(received?.headers.cookie).toBeUndefined();
    expect(received?.headers['x-oura-proxy-key']).toBeUndefined();
    expect(received?.headers['x-forwarded-for']).toBeUndefined();
    expect(received?.headers['accept-language']).toBeUndefined();
    expect(received?.headers.accept).toBe('application/json');
    expect(received?.headers['user-agent']).toBe('analysis.py');
    expect(received?.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
    expect(answer.headers['keep-alive']).not.toBe('timeout=77');
    expect(answer.headers['x-request-id']).toBe('abc');
  });

  it('answers 405 to any method but GET and HEAD, forwarding nothing', async () => {
    const before = upstream.requests.length;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const answer = await send(portOf(proxy), `/${key}/v2/usercollection/tag`, { method });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
    expect(
      await sendRaw(
        portOf(proxy),
        `CONNECT 127.0.0.1:${bystander.port} HTTP/1.1\r\nHost: 127.0.0.1:${bystander.port}`,
      ),
    ).not.toBe(200);
    expectNothingForwarded(before);
  });

  it('answers 404 outside /v2/, forwarding nothing', async () => {
    const before = upstream.requests.length;
    for (const path of [
      '/',
      '/v2',
      '/v1/usercollection/sleep',
      '/oauth/token',
      '/v2x/usercollection',
    ]) {
      const answer = await send(portOf(proxy), `/${key}${path}`);
      expect(answer.status, path).toBe(404);
    }
    expectNothingForwarded(before);
  });

  it('refuses dot segments, percent-encoded dots and slashes, backslashes and empty segments', async () => {
    const before = upstream.requests.length;
    for (const path of [
      '/v2/../oauth/token',
      '/v2/usercollection/../../oauth/token',
      '/v2/./usercollection/sleep',
      '/v2/%2e%2e/oauth/token',
      '/v2/%2E%2E/oauth/token',
      '/v2/.%2e/oauth/token',
      '/v2/usercollection/..%2f..%2foauth',
      '/v2/usercollection%2fsleep',
      '/v2/usercollection\\..\\..\\oauth',
      '/v2//usercollection/sleep',
      '/v2/usercollection/%00',
    ]) {
      const answer = await send(portOf(proxy), `/${key}${path}`);
      expect(answer.status, path).toBe(400);
    }
    expectNothingForwarded(before);
  });

  it('refuses absolute-URL and protocol-relative targets without reaching the named host', async () => {
    const before = upstream.requests.length;
    const port = portOf(proxy);
    const host = `Host: 127.0.0.1:${port}`;
    for (const target of [
      `http://127.0.0.1:${bystander.port}/v2/usercollection/personal_info`,
      `http://127.0.0.1:${bystander.port}/${key}/v2/usercollection/personal_info`,
      `http://127.0.0.1:${port}/${key}/v2/usercollection/personal_info`,
      `//127.0.0.1:${bystander.port}/${key}/v2/usercollection/personal_info`,
      '*',
    ]) {
      expect(await sendRaw(port, `GET ${target} HTTP/1.1\r\n${host}`), target).toBe(400);
    }
    expectNothingForwarded(before);
  });

  it('refuses a Host header that does not name the proxy (DNS rebinding), reaching no other host', async () => {
    const before = upstream.requests.length;
    for (const host of [`127.0.0.1:${bystander.port}`, 'api.ouraring.com', 'evil.example']) {
      const answer = await send(portOf(proxy), `/${key}/v2/usercollection/personal_info`, {
        headers: { host },
      });
      expect(answer.status, host).toBe(400);
    }
    expectNothingForwarded(before);
    const named = await send(portOf(proxy), `/${key}/v2/usercollection/personal_info`, {
      headers: { host: `localhost:${portOf(proxy)}` },
    });
    expect(named.status).toBe(200);
  });
});

describe('proxy: tokens', () => {
  it('after a 401 asks once for a new token (naming the rejected one) and retries, for all waiting requests', async () => {
    const upstream = await startRecordingServer((req, res) => {
      const ok = req.headers.authorization === 'Bearer new';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? '{"ok":true}' : '{"detail":"expired"}');
    });
    const asked: { rejectedToken?: string }[] = [];
    const proxy = await startProxy({
      apiUrl: upstream.url,
      token: async (request) => {
        asked.push(request);
        return request.rejectedToken === 'old' ? 'new' : 'old';
      },
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => fetch(`${proxy.url}/v2/usercollection/sleep`)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(asked).toEqual([{}, { rejectedToken: 'old' }]);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('passes a second 401 through instead of looping', async () => {
    const upstream = await startRecordingServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"detail":"no"}');
    });
    let calls = 0;
    const proxy = await startProxy({
      apiUrl: upstream.url,
      token: async () => `t${++calls}`,
    });
    try {
      expect((await fetch(`${proxy.url}/v2/usercollection/sleep`)).status).toBe(401);
      expect(upstream.requests).toHaveLength(2);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('says to log in, with 401 and nothing forwarded, when the session has no login', async () => {
    const upstream = await startRecordingServer();
    const proxy = await startProxy({
      apiUrl: upstream.url,
      token: async () => {
        throw new LoginRequiredError('Not logged in (profile "default").');
      },
    });
    try {
      const answer = await fetch(`${proxy.url}/v2/usercollection/sleep`);
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { detail: string }).detail).toMatch(
        /Not logged in.*oura auth login/,
      );
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('answers 502 naming the API when it cannot be reached', async () => {
    // Port 1: nothing listens there. A server's port closed for the test was taken by another
    // test file's server meanwhile once (the proxy got that server's 401, not a 502).
    const gone = 'http://127.0.0.1:1';
    const proxy = await startProxy({ apiUrl: gone, token: 't' });
    try {
      const answer = await fetch(`${proxy.url}/v2/usercollection/sleep`);
      expect(answer.status).toBe(502);
      expect(((await answer.json()) as { detail: string }).detail).toContain(gone);
    } finally {
      await proxy.close();
    }
  });
});

describe('proxy: only a token the API calls invalid is refreshed, once', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => emulator?.close());

  /** A provider that counts what it is asked, handing out `first`, then what `renew` says. */
  function countingProvider(first: string, renew: (rejected: string) => string) {
    const asked: { rejectedToken?: string }[] = [];
    const provider = async (request: { rejectedToken?: string }) => {
      asked.push(request);
      return request.rejectedToken === undefined ? first : renew(request.rejectedToken);
    };
    return { asked, provider, refreshes: () => asked.filter((r) => r.rejectedToken).length };
  }

  /** 20 requests one after another, then 20 at once: the statuses and bodies seen. */
  async function fortyRequests(proxy: RunningProxy, path: string) {
    const one = async () => {
      const answer = await fetch(`${proxy.url}${path}`);
      return { status: answer.status, body: await answer.text() };
    };
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await one());
    answers.push(...(await Promise.all(Array.from({ length: 20 }, one))));
    return answers;
  }

  it('a route that always answers 401 about something else (webhooks: client id and secret) refreshes nothing', async () => {
    const tokens = countingProvider(emulator.mintTokens().access_token, () => 'never-asked');
    const events: ProxyRequestEvent[] = [];
    const proxy = await startProxy({
      apiUrl: emulator.url,
      token: tokens.provider,
      onRequest: (event) => events.push(event),
    });
    try {
      const answers = await fortyRequests(proxy, '/v2/webhook/subscription');
      expect(answers.map((a) => a.status)).toEqual(Array(40).fill(401));
      // The API's own answer, passed back as it came.
      expect(JSON.parse(answers[0]?.body ?? '{}').detail).toMatch(/client credentials/);
      expect(tokens.refreshes()).toBe(0);
      expect(events.at(-1)?.note).toBe('not refreshed: this 401 is not about the token');
      // The token still works.
      expect((await fetch(`${proxy.url}/v2/usercollection/personal_info`)).status).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('a token the API refuses right after a refresh: its 401 is passed back, and 40 requests make one refresh', async () => {
    // Tokens the emulator never issued: every answer is its "invalid token" 401.
    let issued = 0;
    const tokens = countingProvider('never-issued-0', () => `never-issued-${++issued}`);
    const events: ProxyRequestEvent[] = [];
    const proxy = await startProxy({
      apiUrl: emulator.url,
      token: tokens.provider,
      onRequest: (event) => events.push(event),
    });
    try {
      const before = emulator.stats.apiRequests;
      const answers = await fortyRequests(proxy, '/v2/usercollection/personal_info');
      expect(answers.map((a) => a.status)).toEqual(Array(40).fill(401));
      expect(JSON.parse(answers[0]?.body ?? '{}').detail).toMatch(
        /Invalid or revoked access token/,
      );
      expect(tokens.asked.filter((r) => r.rejectedToken)).toEqual([
        { rejectedToken: 'never-issued-0' },
      ]);
      // The first request was sent twice (before and after the refresh), every other once.
      expect(emulator.stats.apiRequests - before).toBe(41);
      expect(events[0]?.note).toBe('refreshed the token; the API refused the new one too');
      expect(events.at(-1)?.note).toBe(
        'not refreshed again: the API refused the token a refresh had just given',
      );
    } finally {
      await proxy.close();
    }
  });

  it('a refreshed token the API has served is refreshed once more when the API later refuses it', async () => {
    const minted: string[] = [];
    const tokens = countingProvider('never-issued', () => {
      minted.push(emulator.mintTokens().access_token);
      return minted.at(-1) as string;
    });
    const proxy = await startProxy({ apiUrl: emulator.url, token: tokens.provider });
    try {
      const personalInfo = `${proxy.url}/v2/usercollection/personal_info`;
      expect((await fetch(personalInfo)).status).toBe(200);
      expect((await fetch(personalInfo)).status).toBe(200);
      expect(tokens.refreshes()).toBe(1);
      // Oura drops the token (a revoke at the legacy endpoint ends its grant).
      await fetch(`${emulator.legacy.revokeUrl}?access_token=${minted[0]}`);
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(personalInfo)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(tokens.asked.filter((r) => r.rejectedToken)).toEqual([
        { rejectedToken: 'never-issued' },
        { rejectedToken: minted[0] },
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('reads the 401 as Oura documents it (an RFC 7807 body, no challenge promised) and as RFC 6750 challenges say', async () => {
    let challenge: string | undefined;
    const upstream = await startRecordingServer((req, res) => {
      const ok = req.headers.authorization === 'Bearer new';
      res.writeHead(ok ? 200 : 401, {
        'content-type': 'application/json',
        ...(ok || challenge === undefined ? {} : { 'www-authenticate': challenge }),
      });
      res.end(ok ? '{"ok":true}' : '{"status":401,"title":"Unauthorized","detail":"no"}');
    });
    try {
      for (const [path, header, refreshes] of [
        ['/v2/usercollection/sleep', undefined, true],
        ['/v2/usercollection/sleep', 'Bearer error="invalid_token"', true],
        ['/v2/usercollection/sleep', 'Bearer realm="oura"', true],
        ['/v2/usercollection/sleep', 'Basic realm="oura"', false],
        ['/v2/usercollection/sleep', 'Bearer error="insufficient_scope"', false],
        ['/v2/sandbox/usercollection/sleep', undefined, false],
        ['/v2/webhook/subscription', undefined, false],
        ['/v2/webhook/subscription', 'Bearer error="invalid_token"', true],
      ] as [string, string | undefined, boolean][]) {
        challenge = header;
        const tokens = countingProvider('old', () => 'new');
        const proxy = await startProxy({ apiUrl: upstream.url, token: tokens.provider });
        try {
          const answer = await fetch(`${proxy.url}${path}`);
          expect(answer.status, `${path} ${header}`).toBe(refreshes ? 200 : 401);
          expect(tokens.refreshes(), `${path} ${header}`).toBe(refreshes ? 1 : 0);
        } finally {
          await proxy.close();
        }
      }
    } finally {
      await upstream.close();
    }
  });

  it('parses WWW-Authenticate challenges (RFC 9110 §11.6.1)', () => {
    const parsed = parseChallenges(
      'Basic realm="a, b", Bearer realm="oura", error="invalid_token", error_description="The \\"token\\" expired", Negotiate abc==',
    );
    expect(parsed.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'negotiate']);
    expect(Object.fromEntries(parsed[1]?.params ?? [])).toEqual({
      realm: 'oura',
      error: 'invalid_token',
      error_description: 'The "token" expired',
    });
    expect(isTokenRejection('/v2/x', 401, 'Basic realm="x", Bearer error=invalid_token')).toBe(
      true,
    );
    expect(isTokenRejection('/v2/usercollection/x', 403, undefined)).toBe(false);
    expect(isTokenRejection('/v2/usercollection/x', 401, 'Bearer error="invalid_request"')).toBe(
      false,
    );
  });
});

describe('proxy: streaming', () => {
  it('hands the first bytes on before the API has finished (nothing is held whole)', async () => {
    let finish: () => void = () => {};
    const upstream = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data": [');
      finish = () => res.end(']}');
    });
    const proxy = await startProxy({ apiUrl: upstream.url, token: 't' });
    try {
      const answer = await fetch(`${proxy.url}/v2/usercollection/heartrate`);
      const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(Buffer.from(first.value ?? []).toString()).toBe('{"data": [');
      finish();
      await reader.cancel();
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('applies backpressure: a caller that stops reading stops the upstream (256 MB never piles up)', async () => {
    const total = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const upstream = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'content-length': total, 'content-type': 'application/octet-stream' });
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const proxy = await startProxy({ apiUrl: upstream.url, token: 't' });
    try {
      let sentWhilePaused = 0;
      const received = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${proxy.url}/v2/usercollection/heartrate`, (res) => {
          let count = 0;
          res.once('data', (first: Buffer) => {
            count += first.length;
            res.pause();
            setTimeout(() => {
              sentWhilePaused = sent;
              res.on('data', (more: Buffer) => {
                count += more.length;
              });
              res.on('end', () => resolve(count));
              res.resume();
            }, 500);
          });
        });
        req.on('error', reject);
        req.end();
      });
      // Only socket and stream buffers may be in flight while the caller waits.
      expect(sentWhilePaused).toBeLessThan(32 * 1024 * 1024);
      expect(received).toBe(total);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
