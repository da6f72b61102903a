/**
 * What an acknowledged event survives: a receiver killed with SIGKILL between
 * acknowledging and fetching finishes it when started again; a fetch that
 * fails is kept and retried until it succeeds. And the subscriptions outlive
 * a short emulated lifetime because `listen` renews them before they expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { nowMs } from '../src/clock.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { present } from './helpers/fixture.js';
import { queryHistory } from './helpers/history.js';
import {
  docOf,
  listen,
  makeProfile,
  type Profile,
  queueRows,
  reviseQuietly,
  signedPost,
  syncAndSubscribe,
  until,
} from './helpers/webhook.js';

const lastDay = addDays(localDay(), -1);

describe('an acknowledged event is never lost', () => {
  let emulator: Emulator;
  let profile: Profile;
  let sleepIds: string[];
  /** The `n`th daily_sleep of the 10-day history (one a day). */
  const sleepId = (n: number) => present(sleepIds[n], `daily_sleep document ${n + 1} of 10`);
  const event = (object_id: string) => ({
    event_type: 'update',
    data_type: 'daily_sleep',
    object_id,
    event_time: new Date(nowMs()).toISOString(),
    user_id: emulator.user.id,
  });

  beforeAll(async () => {
    emulator = await startEmulator({ today: lastDay, historyDays: 10 });
    profile = await makeProfile(emulator);
    const first = await listen(profile);
    await syncAndSubscribe(profile, first.url, 'daily_sleep');
    first.run.kill();
    await first.run.result;
    sleepIds = queryHistory<{ id: string }>(
      profile.db,
      "SELECT id FROM documents WHERE type = 'daily_sleep' ORDER BY day",
    ).map((row) => row.id);
    sleepId(1);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('a receiver killed (SIGKILL) after acknowledging finishes the event when it starts again', async () => {
    const listener = await listen(profile);
    const id = sleepId(0);
    await reviseQuietly(emulator, 'daily_sleep', id, { score: 21 });
    // The fetch will take 10 s: the kill lands after the answer and before the document arrives.
    emulator.setFaults({ latencyMs: 10_000 });
    expect(await signedPost(listener.url, profile.secret, event(id))).toBe(200);
    listener.run.kill('SIGKILL');
    await listener.run.result;
    expect(queueRows(profile).filter((row) => row.done_at === null)).toHaveLength(1);
    expect(docOf(profile, 'daily_sleep', id)?.score).not.toBe(21);

    emulator.setFaults({ latencyMs: 0 });
    const again = await listen(profile);
    await again.run.waitForStderr(/1 event queued before the last stop: applying now/);
    await until(
      () => docOf(profile, 'daily_sleep', id)?.score === 21,
      'event finished after restart',
    );
    await until(() => queueRows(profile).every((row) => row.done_at !== null), 'queue drained');
    again.run.kill();
    await again.run.result;
  });

  it('a fetch that keeps failing is kept and retried until it succeeds', async () => {
    const listener = await listen(profile);
    const id = sleepId(1);
    await reviseQuietly(emulator, 'daily_sleep', id, { score: 22 });
    emulator.setFaults({ failureRate: 1 });
    expect(await signedPost(listener.url, profile.secret, event(id))).toBe(200);
    await listener.run.waitForStderr(/failed update daily_sleep \S+ \(attempt 1, retry in \d+ s\)/);
    expect(queueRows(profile).filter((row) => row.done_at === null)).toHaveLength(1);
    emulator.setFaults({ failureRate: 0 });
    await until(() => docOf(profile, 'daily_sleep', id)?.score === 22, 'applied on retry', 20_000);
    listener.run.kill();
    await listener.run.result;
  });
});

it('listen renews the subscriptions before they expire (4-second emulated lifetime)', async () => {
  const emulator = await startEmulator({
    today: lastDay,
    // Any 7 days hold a tag (the emulator's weekly habit).
    historyDays: 7,
    webhookLifetimeSeconds: 4,
  });
  try {
    const profile = await makeProfile(emulator);
    const listener = await listen(profile);
    await syncAndSubscribe(profile, listener.url, 'tag');
    await listener.run.waitForStderr(
      /renewed subscription (?:.|\n)*renewed subscription (?:.|\n)*renewed subscription/,
      10_000,
    );
    // Past the first lifetime, every subscription is still alive and delivers.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const subs = emulator.webhookSubscriptions();
    expect(subs).toHaveLength(3);
    for (const sub of subs) expect(Date.parse(sub.expiration_time)).toBeGreaterThan(nowMs());
    const outcomes = await emulator.deliverWebhook({
      event_type: 'update',
      data_type: 'tag',
      object_id: present(
        queryHistory<{ id: string }>(profile.db, "SELECT id FROM documents WHERE type = 'tag'")[0]
          ?.id,
        'a tag in 7 days of history',
      ),
    });
    expect(outcomes.map((o) => o.delivered)).toEqual([true]);
    listener.run.kill();
    await listener.run.result;
  } finally {
    await emulator.close();
  }
});
