/**
 * The emulator as Oura's webhook sender, seen from a plain HTTP server: the
 * subscription routes refuse a wrong client, deliveries are signed as Oura
 * documents it, a failed delivery is retried, 410 cancels the subscription,
 * and an expired subscription gets nothing.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let emulator: Emulator | undefined;
const servers: { close(): void }[] = [];
afterEach(async () => {
  await emulator?.close();
  for (const server of servers.splice(0)) server.close();
});

/** A callback that passes verification and answers deliveries with the next status of `statuses` (then 200). */
async function callback(statuses: number[]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      const challenge = new URL(req.url ?? '/', 'http://x').searchParams.get('challenge');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ challenge }));
      return;
    }
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, received };
}

async function subscribe(e: Emulator, url: string, secret = 'oura-demo-secret') {
  return fetch(`${e.url}/v2/webhook/subscription`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-client-id': 'oura-demo-client',
      'x-client-secret': secret,
    },
    body: JSON.stringify({
      callback_url: url,
      verification_token: 't',
      event_type: 'update',
      data_type: 'daily_sleep',
    }),
  });
}

it('refuses a wrong client secret with 401, and a second subscription for the same pair with 409', async () => {
  emulator = await startEmulator({ historyDays: 3 });
  const cb = await callback([]);
  expect((await subscribe(emulator, cb.url, 'wrong')).status).toBe(401);
  expect((await subscribe(emulator, cb.url)).status).toBe(201);
  const again = await subscribe(emulator, cb.url);
  expect(again.status).toBe(409);
  expect(((await again.json()) as { detail: string }).detail).toMatch(/already exists/);
});

it('signs deliveries as Oura documents it, retries failures, and stops at 410', async () => {
  emulator = await startEmulator({ historyDays: 3, webhookRetryDelaysMs: [50, 50, 50] });
  const cb = await callback([500, 503]);
  expect((await subscribe(emulator, cb.url)).status).toBe(201);
  const outcomes = await emulator.deliverWebhook({
    event_type: 'update',
    data_type: 'daily_sleep',
    object_id: 'doc-1',
  });
  expect(outcomes).toEqual([
    expect.objectContaining({ delivered: true, attempts: 3, status: 200 }),
  ]);
  expect(cb.received).toHaveLength(3);
  for (const { headers, body } of cb.received) {
    const stamp = String(headers['x-oura-timestamp']);
    const expected = createHmac('sha256', 'oura-demo-secret')
      .update(stamp + body)
      .digest('hex')
      .toUpperCase();
    expect(headers['x-oura-signature']).toBe(expected);
    expect(Math.abs(Number(stamp) * 1000 - nowMs())).toBeLessThan(60_000);
    expect(JSON.parse(body)).toEqual({
      event_type: 'update',
      data_type: 'daily_sleep',
      object_id: 'doc-1',
      event_time: expect.any(String),
      user_id: emulator.user.id,
    });
  }

  const gone = await callback([410]);
  await emulator.close();
  emulator = await startEmulator({ historyDays: 3, webhookRetryDelaysMs: [50, 50] });
  expect((await subscribe(emulator, gone.url)).status).toBe(201);
  const cancelled = await emulator.deliverWebhook({
    event_type: 'update',
    data_type: 'daily_sleep',
    object_id: 'x',
  });
  expect(cancelled).toEqual([
    expect.objectContaining({ delivered: false, attempts: 1, status: 410 }),
  ]);
  expect(emulator.webhookSubscriptions()).toHaveLength(0);
});

it('an expired subscription gets no deliveries until renewed', async () => {
  // Three seconds: the renewed subscription must still be alive when the delivery
  // after the renewal is made, however slow a loaded machine is between the two.
  emulator = await startEmulator({ historyDays: 3, webhookLifetimeSeconds: 3 });
  const cb = await callback([]);
  const created = (await (await subscribe(emulator, cb.url)).json()) as {
    id: string;
    expiration_time: string;
  };
  // Time has to pass: until the expiration the emulator gave, on the clock it reads.
  const expired = Date.parse(created.expiration_time) + 100;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expired - nowMs())));
  expect(
    await emulator.deliverWebhook({
      event_type: 'update',
      data_type: 'daily_sleep',
      object_id: 'x',
    }),
  ).toEqual([]);
  const renewed = await fetch(`${emulator.url}/v2/webhook/subscription/renew/${created.id}`, {
    method: 'PUT',
    headers: { 'x-client-id': 'oura-demo-client', 'x-client-secret': 'oura-demo-secret' },
  });
  expect(renewed.status).toBe(200);
  expect(
    await emulator.deliverWebhook({
      event_type: 'update',
      data_type: 'daily_sleep',
      object_id: 'x',
    }),
  ).toHaveLength(1);
});
