/**
 * `oura serve --tls-cert/--tls-key`: the server speaks HTTPS itself, names
 * itself by its https address, and keeps its bounds (a client that opens a
 * TLS connection and says nothing is dropped).
 */
import { request } from 'node:https';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeFixture, startServeFixture } from './helpers/serve.js';
import { selfSignedCert } from './helpers/tls.js';

let fx: ServeFixture;
let cert: string;

function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: cert }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const pair = selfSignedCert('IP:127.0.0.1');
  cert = pair.cert;
  fx = await startServeFixture({
    emulator: { historyDays: 1 },
    serve: {
      tls: { cert: Buffer.from(pair.cert), key: Buffer.from(pair.key) },
      bounds: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 },
    },
  });
}, 60_000);

afterAll(async () => {
  await fx?.serve.close();
});

describe('oura serve over its own TLS', () => {
  it('answers over HTTPS with https addresses in its metadata', async () => {
    expect(fx.serve.publicUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const metadata = await getJson(`${fx.serve.publicUrl}/.well-known/oauth-authorization-server`);
    expect(metadata.status).toBe(200);
    expect(metadata.body.issuer).toBe(`${fx.serve.publicUrl}/`);
    expect(String(metadata.body.token_endpoint)).toMatch(/^https:/);
  });

  it('drops a connection that never completes its handshake', async () => {
    const { port } = new URL(fx.serve.publicUrl);
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => {});
      setTimeout(() => reject(new Error('the silent connection was kept open')), 20_000);
    });
    expect(closedAfter).toBeLessThan(20_000);
  });
});
