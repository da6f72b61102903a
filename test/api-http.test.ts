/**
 * The retry policy of the client against real sockets: 429 with Retry-After,
 * 5xx backoff, 401 → one refresh, 403 naming the scope, timeouts, typed errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../src/api/errors.js';
import { rateLimitWait } from '../src/api/http.js';
import { nowMs } from '../src/clock.js';
import { LoginRequiredError } from '../src/errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: Handler): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const fast = { baseDelayMs: 10, maxDelayMs: 40 };
const TOKEN = 'tok-secret-abc';

describe('rateLimitWait', () => {
  it('reads Retry-After seconds, Retry-After HTTP dates, and X-RateLimit-Reset', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(rateLimitWait(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(
      rateLimitWait(new Headers({ 'retry-after': 'Wed, 01 May 2024 12:00:30 GMT' }), now),
    ).toBe(30_000);
    expect(rateLimitWait(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 12) }), now)).toBe(
      12_000,
    );
    expect(rateLimitWait(new Headers({}), now)).toBeUndefined();
  });
});

describe('http retries', () => {
  it('honours Retry-After on 429 and loses nothing', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n === 1) return json(res, 429, { detail: 'slow down' }, { 'retry-after': '1' });
      json(res, 200, { id: 'me', age: 30 });
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast });
    const started = Date.now();
    const info = await client.personalInfo();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(info.id).toBe('me');
    expect(requests).toHaveLength(2);
  });

  it('pauses every request after one 429 (no retry storm)', async () => {
    let limited = false;
    const times: number[] = [];
    const { url } = await serve((_req, res) => {
      times.push(Date.now());
      if (!limited) {
        limited = true;
        return json(res, 429, {}, { 'retry-after': '1' });
      }
      json(res, 200, { id: 'x' });
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast, concurrency: 1 });
    const started = Date.now();
    await Promise.all([client.personalInfo(), client.personalInfo(), client.personalInfo()]);
    // After the 429, nothing reached the server before the pause ended.
    expect(times.slice(1).every((t) => t - started >= 950)).toBe(true);
    expect(times).toHaveLength(4);
  });

  it('gives up with RateLimitError past the wait ceiling, saying when to retry', async () => {
    const reset = Math.floor(nowMs() / 1000) + 600;
    const { url } = await serve((_req, res) =>
      json(res, 429, {}, { 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '5000' }),
    );
    const client = new OuraClient({
      token: TOKEN,
      baseUrl: url,
      retry: { ...fast, maxRateLimitWaitMs: 2000 },
    });
    const error = await client.personalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAt.getTime()).toBeGreaterThan(nowMs() + 500_000);
    expect((error as RateLimitError).hint).toContain('Try again after');
    expect((error as RateLimitError).exitCode).toBe(1);
  });

  it('retries 5xx with backoff, then succeeds', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n < 3) return json(res, n === 1 ? 502 : 503, { detail: 'busy' });
      json(res, 200, { data: [{ id: 'a', day: '2024-01-02' }], next_token: null });
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast });
    const docs = [];
    for await (const d of client.list('tag', { start: '2024-01-02', end: '2024-01-02' }))
      docs.push(d);
    expect(docs).toHaveLength(1);
    expect(requests).toHaveLength(3);
  });

  it('a 503 waits for its own Retry-After only, not for the rate window to reset', async () => {
    // Oura's data answers carry the rate window's reset (minutes away) on every
    // status; a 503 without Retry-After is retried after the usual backoff.
    const reset = String(Math.floor(nowMs() / 1000) + 300);
    const { url, requests } = await serve((_req, res, n) => {
      if (n === 1) return json(res, 503, { detail: 'busy' }, { 'x-ratelimit-reset': reset });
      json(res, 200, { id: 'me' });
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast });
    const started = Date.now();
    await client.personalInfo();
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops after the attempts with ServerError', async () => {
    const { url, requests } = await serve((_req, res) =>
      json(res, 500, { title: 'Internal', detail: 'boom' }),
    );
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: { ...fast, attempts: 3 } });
    const error = await client.personalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(String(error)).toContain('GET /v2/usercollection/personal_info');
    expect(String(error)).toContain('boom');
    expect(requests).toHaveLength(3);
  });

  it('refreshes once on 401 with the rejected token, then retries', async () => {
    const { url, requests } = await serve((req, res) => {
      if (req.headers.authorization === 'Bearer fresh') return json(res, 200, { id: 'me' });
      json(res, 401, { detail: 'expired' });
    });
    const calls: { rejectedToken?: string }[] = [];
    const client = new OuraClient({
      baseUrl: url,
      retry: fast,
      token: async (request) => {
        calls.push(request);
        return request.rejectedToken ? 'fresh' : 'stale';
      },
    });
    await expect(client.personalInfo()).resolves.toEqual({ id: 'me' });
    expect(calls).toEqual([{}, { rejectedToken: 'stale' }]);
    expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('a 401 that is not about the token (the webhook routes want the client secret) spends no refresh', async () => {
    const { url } = await serve((_req, res) =>
      json(res, 401, { detail: 'bad client credentials' }),
    );
    let refreshes = 0;
    const client = new OuraClient({
      baseUrl: url,
      retry: fast,
      token: async (request) => {
        if (request.rejectedToken) refreshes++;
        return 'good';
      },
    });
    for (let i = 0; i < 5; i++) {
      await expect(client.request('/v2/webhook/subscription')).rejects.toBeInstanceOf(
        AuthenticationError,
      );
    }
    expect(refreshes).toBe(0);
    // The same answer on a data route is about the token: one refresh, then the 401 stands.
    await expect(client.personalInfo()).rejects.toBeInstanceOf(AuthenticationError);
    expect(refreshes).toBe(1);
  });

  it('concurrent 401s share one refresh', async () => {
    const { url } = await serve((req, res) => {
      if (req.headers.authorization === 'Bearer fresh') return json(res, 200, { id: 'me' });
      setTimeout(() => json(res, 401, {}), 20);
    });
    let refreshes = 0;
    const client = new OuraClient({
      baseUrl: url,
      token: async (request) => {
        if (request.rejectedToken) {
          refreshes++;
          await new Promise((r) => setTimeout(r, 30));
          return 'fresh';
        }
        return 'stale';
      },
    });
    await Promise.all(Array.from({ length: 5 }, () => client.personalInfo()));
    expect(refreshes).toBe(1);
  });

  it('a second 401 is an AuthenticationError; a dead session propagates LoginRequiredError', async () => {
    const { url } = await serve((_req, res) => json(res, 401, { detail: `bad token ${TOKEN}` }));
    const fixed = new OuraClient({ token: TOKEN, baseUrl: url });
    const error = await fixed.personalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).not.toContain(TOKEN);

    const refreshing = new OuraClient({
      baseUrl: url,
      token: async (r) => (r.rejectedToken ? 'second' : 'first'),
    });
    await expect(refreshing.personalInfo()).rejects.toBeInstanceOf(AuthenticationError);

    const dead = new OuraClient({
      baseUrl: url,
      token: async (r) => {
        if (r.rejectedToken) throw new LoginRequiredError('the refresh chain is dead');
        return 'first';
      },
    });
    const died = await dead.personalInfo().catch((e: unknown) => e);
    expect(died).toBeInstanceOf(LoginRequiredError);
    expect((died as LoginRequiredError).exitCode).toBe(4);
  });

  it('403 names the scope to grant and how', async () => {
    const { url } = await serve((_req, res) => json(res, 403, { detail: 'Forbidden' }));
    const client = new OuraClient({ token: TOKEN, baseUrl: url });
    const iterate = async () => {
      for await (const _ of client.list('heartrate', { start: '2024-01-01', end: '2024-01-01' })) {
        /* drain */
      }
    };
    const error = await iterate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).scope).toBe('heartrate');
    expect((error as PermissionError).message).toContain('"heartrate" scope');
    expect((error as PermissionError).hint).toContain('leave "heartrate" ticked');
  });

  it('404 and 422 are typed, with the API detail and no query string', async () => {
    const { url } = await serve((req, res) => {
      if (req.url?.includes('/sleep/')) return json(res, 404, { detail: 'Document not found' });
      json(res, 422, {
        detail: [{ loc: ['query', 'start_date'], msg: 'invalid date', type: 'value_error' }],
      });
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url });
    const missing = await client.get('sleep', 'nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).message).toContain('Document not found');
    const invalid = await client
      .request('/v2/usercollection/sleep', { start_date: 'x' })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).message).toContain('query.start_date: invalid date');
    expect((invalid as ValidationError).message).not.toContain('start_date=x');
  });

  it('times out slow answers, retries, then throws TimeoutError', async () => {
    const { url, requests } = await serve(() => {
      /* never answers */
    });
    const client = new OuraClient({
      token: TOKEN,
      baseUrl: url,
      timeoutMs: 150,
      retry: { ...fast, attempts: 2 },
    });
    const started = Date.now();
    const error = await client.personalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    // The time waited in all, and where: two attempts of 150 ms.
    expect((error as TimeoutError).message).toContain(
      `no answer from ${new URL(url).host} within 300 ms`,
    );
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('spends at most the silence budget on a silent server, across attempts, and says it is waiting', async () => {
    const { url, requests } = await serve(() => {
      /* never answers */
    });
    const slow: { host: string; waitedMs: number }[] = [];
    const client = new OuraClient({
      token: TOKEN,
      baseUrl: url,
      timeoutMs: 400,
      // Four attempts of 400 ms would be 1.6 s; the budget cuts the second one to 200 ms.
      retry: { ...fast, attempts: 4, maxSilenceMs: 600 },
      slowAnswerMs: 100,
      onSlowAnswer: (event) => slow.push(event),
    });
    const started = Date.now();
    const error = await client.personalInfo().catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain('within 600 ms');
    expect((error as TimeoutError).hint).toContain('OURA_API_URL');
    expect(requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(1500);
    // Told once per attempt, with the host only (the CLI says it once per command).
    expect(slow).toEqual([
      { host: new URL(url).host, waitedMs: 100 },
      { host: new URL(url).host, waitedMs: 100 },
    ]);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const { url } = await serve((_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, { id: 'x' });
      }, 20);
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url, concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => client.personalInfo()));
    expect(peak).toBe(3);
  });
});
