/**
 * A document that arrives by webhook passes the check a sync applies: the
 * emulator serves a workout whose `day` is not a day (a revision, announced
 * to `oura webhook listen` with a signed event), and the listener refuses it
 * with one clear line, ends the event instead of retrying it, and leaves the
 * history as it was; a sync of the same document refuses it the same way. An
 * event naming an id the history could never store is refused on arrival.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { runCli } from './helpers/cli.js';
import { dumpHistory, queryHistory } from './helpers/history.js';
import {
  type Listener,
  listen,
  makeProfile,
  type Profile,
  signedPost,
  until,
} from './helpers/webhook.js';

/** The emulator's days are fixed, whatever the date the tests run on. */
const LAST_DAY = '2025-06-30';
const FIRST_DAY = '2025-06-01';
/** Markup in a `day`: what broke the report's page before documents were checked. */
const BAD_DAY = '2025-06-1<img src=x onerror=alert(1)>';

let emulator: Emulator;
let profile: Profile;
let listener: Listener;

/** The emulator's days lie before the revisit window of the real date: `--full` re-reads them. */
const syncWorkouts = (...args: string[]) =>
  runCli(['sync', '--types', 'workout', '--since', FIRST_DAY, ...args], { env: profile.env });

beforeAll(async () => {
  emulator = await startEmulator({ today: LAST_DAY, startDay: FIRST_DAY });
  profile = await makeProfile(emulator);
  listener = await listen(profile);
  const synced = await syncWorkouts();
  expect(synced.code, synced.stderr).toBe(0);
  const subscribed = await runCli(
    ['webhook', 'subscribe', '--url', listener.url, '--types', 'workout'],
    { env: profile.env },
  );
  expect(subscribed.code, subscribed.stderr).toBe(0);
});
afterAll(async () => {
  listener?.run.kill();
  await listener?.run.result.catch(() => undefined);
  await emulator?.close();
});

interface QueuedRow {
  done_at: number | null;
  attempts: number;
  last_error: string | null;
}

const queued = (id: string) =>
  queryHistory<QueuedRow>(
    profile.db,
    'SELECT done_at, attempts, last_error FROM webhook_events WHERE object_id = ?',
    id,
  );

it('a workout whose day is not a day, announced by webhook, is refused once with a clear line; the history is unchanged', async () => {
  const ids = queryHistory<{ id: string }>(
    profile.db,
    'SELECT id FROM workout ORDER BY day, id',
  ).map((row) => row.id);
  expect(ids.length).toBeGreaterThan(3);
  const id = ids[Math.floor(ids.length / 2)] as string;
  const before = dumpHistory(profile.db);

  // The emulator serves the revised document and announces it (`update`) to the listener.
  emulator.reviseDocument('workout', id, { day: BAD_DAY });
  await until(() => queued(id)[0]?.done_at != null, 'the event ended');

  expect(dumpHistory(profile.db)).toEqual(before);
  const line = await listener.run.waitForStderr(new RegExp(`refused update workout ${id}: .*`));
  expect(line[0]).toBe(
    `refused update workout ${id}: its day ${JSON.stringify(BAD_DAY)} is not a day (YYYY-MM-DD); not stored, not retried`,
  );
  // Ended, not due again: one attempt, the reason kept.
  expect(queued(id)).toEqual([
    { done_at: expect.any(Number), attempts: 1, last_error: expect.stringMatching(/^refused: /) },
  ]);

  // A sync lists the same document: the same check refuses it, and the stored version stays.
  const synced = await syncWorkouts('--full');
  expect(synced.code, synced.stderr).toBe(0);
  expect(synced.stderr).toContain(
    `refused workout ${id}: its day ${JSON.stringify(BAD_DAY)} is not a day (YYYY-MM-DD); it is not stored (the history keeps what it had under that id).`,
  );
  expect(dumpHistory(profile.db)).toEqual(before);
});

it('an event naming an id the history could never store is answered 422 and not queued', async () => {
  const before = queryHistory(profile.db, 'SELECT key FROM webhook_events');
  for (const objectId of ['..', 'a/../../personal_info', 'id with spaces', 'x'.repeat(201)]) {
    const status = await signedPost(listener.url, profile.secret, {
      event_type: 'update',
      data_type: 'workout',
      object_id: objectId,
      event_time: '2025-06-30T12:00:00+00:00',
      user_id: emulator.user.id,
    });
    expect(status, objectId).toBe(422);
  }
  expect(queryHistory(profile.db, 'SELECT key FROM webhook_events')).toEqual(before);
});

it('the listener never retried the refused event', async () => {
  listener.run.kill();
  const { stderr } = await listener.run.result;
  expect(stderr).not.toMatch(/failed update workout/);
  expect(stderr.match(/refused update workout/g)).toHaveLength(1);
});
