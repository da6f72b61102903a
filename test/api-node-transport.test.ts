/**
 * What the client's default transport (node:http) owns, against real sockets:
 * compressed bodies decoded, a body cut off mid-way retried, a body that
 * stalls ended by the timeout, an oversized body refused, a reset connection
 * named as such.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { NetworkError, TimeoutError } from '../src/api/errors.js';
import { nodeTransport } from '../src/api/node-transport.js';
import { tempDirSync } from './helpers/temp.js';
import { selfSignedCert } from './helpers/tls.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
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

const fast = { baseDelayMs: 10, maxDelayMs: 40 };
const TOKEN = 'transport-test-token';
const PERSON = { id: 'me', age: 30, email: 'someone@example.com' };
const BODY = Buffer.from(JSON.stringify(PERSON));

describe('the default transport', () => {
  it('asks for compressed bodies and decodes gzip, deflate and br', async () => {
    const encoders = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
    for (const [coding, encode] of Object.entries(encoders)) {
      const { url, requests } = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
        res.end(encode(BODY));
      });
      const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast });
      await expect(client.personalInfo(), coding).resolves.toEqual(PERSON);
      expect(requests).toHaveLength(1);
      expect(requests[0]?.headers['accept-encoding']).toContain(coding);
    }
  });

  it('retries a body cut off mid-way, whether its length was declared or chunked', async () => {
    for (const framing of ['content-length', 'chunked']) {
      const { url, requests } = await serve((_req, res, n) => {
        const head: Record<string, string | number> = { 'content-type': 'application/json' };
        if (framing === 'content-length') head['content-length'] = BODY.length;
        res.writeHead(200, head);
        if (n > 1) return res.end(BODY);
        // Half the body, then the connection drops.
        res.write(BODY.subarray(0, BODY.length / 2), () => res.socket?.destroy());
      });
      const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast });
      await expect(client.personalInfo(), framing).resolves.toEqual(PERSON);
      expect(requests, framing).toHaveLength(2);
    }
  });

  it('a gzip body cut off mid-way is retried too', async () => {
    const packed = gzipSync(BODY);
    const { url, requests } = await serve((_req, res, n) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      if (n > 1) return res.end(packed);
      res.write(packed.subarray(0, packed.length / 2), () => res.socket?.destroy());
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast });
    await expect(client.personalInfo()).resolves.toEqual(PERSON);
    expect(requests).toHaveLength(2);
  });

  it('ends a body that stalls when the request times out', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
      res.write(BODY.subarray(0, 5));
    });
    const client = new OuraClient({
      token: TOKEN,
      baseUrl: url,
      timeoutMs: 200,
      // A stalled body spends the silence budget like a silent server: two attempts.
      retry: { ...fast, attempts: 3, maxSilenceMs: 400 },
    });
    const error = await client.personalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(String(error)).toContain('within 400 ms');
    expect(requests).toHaveLength(2);
  });

  it('refuses a body larger than its bound, saying so', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'me', padding: 'x'.repeat(4096) }));
    });
    const client = new OuraClient({
      token: TOKEN,
      baseUrl: url,
      retry: { ...fast, attempts: 1 },
      fetch: nodeTransport({ maxBodyBytes: 1024 }),
    });
    const error = await client.personalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(String(error)).toContain('the answer was larger than 1024 bytes');
  });

  it('names a connection reset by the server', async () => {
    const { url, requests } = await serve((req) => req.socket.destroy());
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: { ...fast, attempts: 2 } });
    const error = await client.personalInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(String(error)).toContain('ECONNRESET');
    expect(String(error)).not.toContain(TOKEN);
    expect(requests).toHaveLength(2);
  });

  it('keeps a request in flight until its body is in: no more connections or requests at once than its concurrency', async () => {
    let open = 0;
    let mostOpen = 0;
    // The head at once, the body a little later: the next request must wait for the body.
    const { url, requests } = await serve((_req, res) => {
      mostOpen = Math.max(mostOpen, ++open);
      res.on('finish', () => open--);
      res.writeHead(200, { 'content-type': 'application/json' });
      setTimeout(() => res.end(BODY), 15);
    });
    const client = new OuraClient({ token: TOKEN, baseUrl: url, retry: fast, concurrency: 2 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.personalInfo()));
    expect(answers).toEqual(Array(8).fill(PERSON));
    expect(requests).toHaveLength(8);
    expect(new Set(requests.map((req) => req.socket)).size).toBe(2);
    expect(mostOpen).toBe(2);
  });
});

describe('the default transport over https', () => {
  it('`oura get` reads a gzipped answer from an https server its CA trusts', async () => {
    // The real binary: Node reads NODE_EXTRA_CA_CERTS only as a process starts.
    const pair = selfSignedCert('IP:127.0.0.1');
    const caFile = join(tempDirSync('oura-ca-'), 'ca.pem');
    writeFileSync(caFile, pair.cert);
    const encrypted: boolean[] = [];
    const server = createHttpsServer({ cert: pair.cert, key: pair.key }, (req, res) => {
      encrypted.push((req.socket as TLSSocket).encrypted === true);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ data: [], next_token: null })));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const oura = fileURLToPath(new URL('../bin/oura.js', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [oura, 'get', 'daily_sleep', '--start', 'today', '--format', 'json'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: tempDirSync('oura-home-'),
          OURA_ACCESS_TOKEN: TOKEN,
          OURA_API_URL: `https://127.0.0.1:${port}`,
          NODE_EXTRA_CA_CERTS: caFile,
        },
      },
    );
    expect(JSON.parse(stdout)).toEqual([]);
    expect(encrypted.length).toBeGreaterThan(0);
    expect(encrypted.every(Boolean)).toBe(true);
  });
});
