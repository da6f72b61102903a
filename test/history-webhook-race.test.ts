/**
 * A sync window and a webhook meeting on one document, on a real history
 * file: a window listed before the webhook brought a document in neither
 * deletes it nor puts back the older version; a window listed after the
 * webhook is the newer word again (a deletion at Oura is a deletion here).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openForWrite } from '../src/history/database.js';
import { storeDocument } from '../src/history/webhook-documents.js';
import { enqueue, markDone } from '../src/history/webhook-queue.js';
import { writeWindow } from '../src/history/writer.js';
import { eventKey } from '../src/webhook/queue.js';
import { tempDir } from './helpers/temp.js';

const span = { kind: 'days', start: '2025-03-01', end: '2025-03-03' } as const;
const state = { start: '2025-03-01', through: '2025-03-03' };
const workout = (id: string, day: string, calories: number) => ({ id, day, calories });

it('a window listed before a webhook leaves what the webhook stored; one listed after has the last word', async () => {
  const db = await openForWrite(join(await tempDir('oura-race-'), 'history.sqlite'));
  const window = (docs: unknown[], listedFrom: number) =>
    writeWindow(db, { type: 'workout', span, docs, listedFrom }, state);
  const stored = () =>
    db.prepare("SELECT id, doc ->> 'calories' AS calories FROM documents ORDER BY id").all();

  window([workout('a', '2025-03-01', 100), workout('b', '2025-03-02', 200)], 1_000);

  // The sync starts listing at 2000; meanwhile Oura announces a new workout and a revision.
  const listedFrom = 2_000;
  const webhook = (id: string, doc: unknown, at: number) => {
    const event = {
      event_type: 'create',
      data_type: 'workout',
      object_id: id,
      event_time: null,
    } as const;
    const key = eventKey({ ...event, user_id: null });
    enqueue(db, { key, ...event }, at);
    storeDocument(db, 'workout', id, doc);
    markDone(db, [key], at + 5);
  };
  webhook('c', workout('c', '2025-03-03', 300), 2_100);
  webhook('b', workout('b', '2025-03-02', 250), 2_200);

  // The window's listing predates both: it has no `c`, and the old `b`.
  const counts = window(
    [workout('a', '2025-03-01', 100), workout('b', '2025-03-02', 200)],
    listedFrom,
  );
  expect(counts).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  expect(stored()).toEqual([
    { id: 'a', calories: 100 },
    { id: 'b', calories: 250 },
    { id: 'c', calories: 300 },
  ]);

  // A later listing is newer than the webhooks: it revises and deletes as Oura says.
  const later = window([workout('a', '2025-03-01', 100), workout('b', '2025-03-02', 260)], 3_000);
  expect(later).toEqual({ inserted: 0, updated: 1, deleted: 1 });
  expect(stored()).toEqual([
    { id: 'a', calories: 100 },
    { id: 'b', calories: 260 },
  ]);
  db.close();
});
