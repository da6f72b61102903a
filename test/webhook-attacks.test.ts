/**
 * Bad input against `oura webhook listen` (a real process on a real socket):
 * each refusal gets its 4xx and changes neither the history nor the queue, a
 * replay is acknowledged without being applied twice, and nothing crashes it —
 * not even a burst of 1,000 forged events, during which its memory and the
 * queue stay flat.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { nowMs } from '../src/clock.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { expectNoSecrets } from './helpers/cli.js';
import { present } from './helpers/fixture.js';
import { dumpHistory, queryHistory } from './helpers/history.js';
import {
  docOf,
  type Listener,
  listen,
  makeProfile,
  nowStamp,
  type Profile,
  post,
  queueRows,
  reviseQuietly,
  sign,
  signedPost,
  signedPostText,
  storedVerificationToken,
  syncAndSubscribe,
  until,
} from './helpers/webhook.js';

const lastDay = addDays(localDay(), -1);
let emulator: Emulator;
let profile: Profile;
let listener: Listener;
let sleepIds: string[];
/** The `n`th daily_sleep of the 10-day history (one a day, so five are there by construction). */
const sleepId = (n: number) => present(sleepIds[n], `daily_sleep document ${n + 1} of 10`);

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: 10 });
  profile = await makeProfile(emulator);
  listener = await listen(profile);
  await syncAndSubscribe(profile, listener.url, 'daily_sleep');
  sleepIds = queryHistory<{ id: string }>(
    profile.db,
    "SELECT id FROM documents WHERE type = 'daily_sleep' ORDER BY day",
  ).map((row) => row.id);
  sleepId(4);
});
afterAll(async () => {
  listener?.run.kill();
  const result = await listener?.run.result.catch(() => undefined);
  if (result)
    expectNoSecrets(result, [
      profile.secret,
      profile.token,
      await storedVerificationToken(profile),
    ]);
  await emulator?.close();
});

const event = (object_id: string, extra: Record<string, unknown> = {}) => ({
  event_type: 'update',
  data_type: 'daily_sleep',
  object_id,
  event_time: new Date(nowMs()).toISOString(),
  user_id: emulator.user.id,
  ...extra,
});

/** Everything a request could change: documents and the queue. */
const snapshot = () => JSON.stringify([dumpHistory(profile.db).documents, queueRows(profile)]);

/** Sends a bad request and checks its status and that nothing changed. */
async function refused(send: () => Promise<number>, status: number): Promise<void> {
  const before = snapshot();
  expect(await send()).toBe(status);
  expect(snapshot()).toBe(before);
}

describe('each bad delivery gets its 4xx and changes nothing', () => {
  it('forged or missing signature: 401', async () => {
    const body = JSON.stringify(event(sleepId(0)));
    const stamp = nowStamp();
    await refused(
      () =>
        post(listener.url, body, {
          'x-oura-timestamp': stamp,
          'x-oura-signature': sign('wrong-secret', stamp, body),
        }),
      401,
    );
    await refused(() => post(listener.url, body, { 'x-oura-timestamp': stamp }), 401);
    await refused(() => post(listener.url, body), 401);
    // A valid signature of another timestamp.
    await refused(
      () =>
        post(listener.url, body, {
          'x-oura-timestamp': String(Number(stamp) - 1),
          'x-oura-signature': sign(profile.secret, stamp, body),
        }),
      401,
    );
  });

  it('a timestamp more than 5 minutes off, signed correctly: 401', async () => {
    for (const offMs of [-6 * 60_000, 6 * 60_000]) {
      await refused(
        () => signedPost(listener.url, profile.secret, event(sleepId(0)), nowStamp(offMs)),
        401,
      );
    }
    await refused(
      () => signedPost(listener.url, profile.secret, event(sleepId(0)), 'yesterday'),
      401,
    );
  });

  it('oversize body: 413; non-JSON: 400; unknown data type or missing fields: 422', async () => {
    const big = JSON.stringify(event(sleepId(0), { padding: 'x'.repeat(70 * 1024) }));
    const stamp = nowStamp();
    await refused(() => signedPostText(listener.url, profile.secret, big, stamp), 413);
    const text = 'event_type=update';
    await refused(() => signedPostText(listener.url, profile.secret, text, stamp), 400);
    await refused(
      () => signedPost(listener.url, profile.secret, event('x', { data_type: 'heartrate' })),
      422,
    );
    await refused(
      () => signedPost(listener.url, profile.secret, event('x', { data_type: 'meal' })),
      422,
    );
    await refused(
      () => signedPost(listener.url, profile.secret, event('x', { event_type: 'upsert' })),
      422,
    );
    await refused(() => signedPost(listener.url, profile.secret, [event('x')]), 400);
  });

  it('wrong method or path: 405 / 404; a verification GET with a wrong token: 401', async () => {
    await refused(
      async () => (await fetch(listener.url, { method: 'PUT', body: '{}' })).status,
      405,
    );
    await refused(async () => (await fetch(listener.url, { method: 'DELETE' })).status, 405);
    await refused(
      async () => (await fetch(`${listener.url}/../admin`, { method: 'POST', body: '{}' })).status,
      404,
    );
    await refused(
      async () =>
        (await fetch(`http://127.0.0.1:${listener.port}/`, { method: 'POST', body: '{}' })).status,
      404,
    );
    await refused(
      async () => (await fetch(`${listener.url}?verification_token=guess&challenge=abc`)).status,
      401,
    );
    const token = present(await storedVerificationToken(profile), 'the stored verification token');
    const ok = await fetch(
      `${listener.url}?verification_token=${encodeURIComponent(token)}&challenge=abc`,
    );
    expect(await ok.json()).toEqual({ challenge: 'abc' });
  });

  it('garbage on the socket or an unparsable request target gets 400 and the receiver carries on', async () => {
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(listener.port, '127.0.0.1', () => socket.write(text));
        let data = '';
        socket.on('data', (chunk) => {
          data += chunk.toString();
        });
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
    const before = snapshot();
    expect(await raw('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    const target =
      'POST http://[::1 HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}';
    expect(await raw(target)).toMatch(/^HTTP\/1\.1 400/);
    expect(snapshot()).toBe(before);
    expect(process.kill(listener.run.pid as number, 0)).toBe(true);
  });
});

describe('valid deliveries', () => {
  it('a replayed event (same delivery, or re-signed later as Oura retries) is acknowledged and not applied twice', async () => {
    const id = sleepId(1);
    await reviseQuietly(emulator, 'daily_sleep', id, { score: 33 });
    const body = event(id);
    const stamp = nowStamp();
    expect(await signedPost(listener.url, profile.secret, body, stamp)).toBe(200);
    await until(() => docOf(profile, 'daily_sleep', id)?.score === 33, 'applied');
    await until(() => queueRows(profile).every((row) => row.done_at !== null), 'queue drained');
    const requests = emulator.stats.apiRequests;
    const before = snapshot();
    expect(await signedPost(listener.url, profile.secret, body, stamp)).toBe(200);
    expect(await signedPost(listener.url, profile.secret, body, nowStamp(2000))).toBe(200);
    // Both replays were recognised (a queued one would get no such line), then nothing changed.
    const accepted = `already accepted update daily_sleep ${id.replace(/\W/g, '\\$&')}`;
    await listener.run.waitForStderr(new RegExp(`${accepted}[\\s\\S]*${accepted}`));
    expect(snapshot()).toBe(before);
    expect(emulator.stats.apiRequests).toBe(requests);
  });

  it("a body signed in its compact re-serialization (Oura's example) is accepted", async () => {
    const id = sleepId(2);
    await reviseQuietly(emulator, 'daily_sleep', id, { score: 44 });
    const e = event(id);
    const stamp = nowStamp();
    const pretty = JSON.stringify(e, null, 2);
    expect(
      await post(listener.url, pretty, {
        'x-oura-timestamp': stamp,
        'x-oura-signature': sign(profile.secret, stamp, JSON.stringify(e)),
      }),
    ).toBe(200);
    await until(() => docOf(profile, 'daily_sleep', id)?.score === 44, 'applied');
  });

  it("another user's event is acknowledged, logged and ignored", async () => {
    const before = snapshot();
    expect(
      await signedPost(
        listener.url,
        profile.secret,
        event(sleepId(3), { user_id: 'someone-else' }),
      ),
    ).toBe(200);
    expect(snapshot()).toBe(before);
    await listener.run.waitForStderr(/ignored update daily_sleep .* another user/);
  });
});

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
}

it('a burst of 1,000 forged 60 KiB events: all 401, memory and queue flat, and the receiver still works', async () => {
  const pid = listener.run.pid as number;
  // 60 KiB a body (under the receiver's 64 KiB limit): keeping the 1,000 bodies,
  // or anything of their size per request, would add 60 MB.
  const padding = 'x'.repeat(60 * 1024);
  const burst = async (n: number, offset: number) => {
    const statuses: number[] = [];
    for (let batch = 0; batch < n; batch += 50) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, n - batch) }, (_, i) => {
            const body = JSON.stringify(event(`forged-${offset + batch + i}`, { padding }));
            const stamp = nowStamp();
            return post(listener.url, body, {
              'x-oura-timestamp': stamp,
              'x-oura-signature': sign('forger', stamp, body),
            });
          }),
        )),
      );
    }
    return statuses;
  };
  // A first burst of the same size lets V8 grow its heap to what this load
  // needs (seen: 10 MB on Node 24), so the measured one shows only what stays.
  await burst(1000, 0);
  const queueBefore = queueRows(profile).length;
  const rssBefore = rssKb(pid);
  const statuses = await burst(1000, 1000);
  const rssAfter = rssKb(pid);
  expect(statuses.every((status) => status === 401)).toBe(true);
  expect(queueRows(profile).length).toBe(queueBefore);
  // Flat: growth well under the 60 MB that keeping the bodies would show.
  expect(rssAfter - rssBefore, `RSS ${rssBefore} -> ${rssAfter} kB`).toBeLessThan(20_000);

  const id = sleepId(4);
  emulator.reviseDocument('daily_sleep', id, { score: 55 });
  await until(
    () => docOf(profile, 'daily_sleep', id)?.score === 55,
    'a real event after the burst applied',
  );
  // Two bursts of 1,000 requests: seconds alone, a minute on a loaded 2-core machine.
}, 180_000);
