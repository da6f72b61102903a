import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { ListType } from '../src/api/types.js';
import { addDays, localDay } from '../src/calendar/days.js';
import { nowMs } from '../src/clock.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openForWrite } from '../src/history/database.js';
import { webhookStore } from '../src/history/webhook-store.js';
import { inThreadWriter } from '../src/history/window-writer.js';
import { eventKey } from '../src/webhook/queue.js';
import { startWorker } from '../src/webhook/worker.js';
import { tempDir } from './helpers/temp.js';
import { until } from './helpers/webhook.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    today: addDays(localDay(), -1),
    historyDays: 10,
    latencyMs: 30,
  });
});
afterAll(async () => {
  await emulator?.close();
});

it('50 events for 5 documents: never two fetches of one document at once, all applied', async () => {
  const client = new OuraClient({
    token: emulator.mintTokens().access_token,
    baseUrl: emulator.url,
  });
  const ids: string[] = [];
  const lastDay = addDays(localDay(), -1);
  for await (const doc of client.list('daily_sleep', {
    start: addDays(lastDay, -8),
    end: lastDay,
  })) {
    ids.push(doc.id);
  }
  expect(ids.length).toBeGreaterThanOrEqual(5);
  const docs = ids.slice(0, 5);
  for (const [index, id] of docs.entries())
    emulator.reviseDocument('daily_sleep', id, { score: 90 + index });

  const db = await openForWrite(join(await tempDir('oura-worker-'), 'h.sqlite'));
  const store = webhookStore(db, inThreadWriter(db));
  const inFlight = new Map<string, number>();
  let worst = 0;
  let fetches = 0;
  const fetchDocument = async (type: ListType, id: string) => {
    fetches++;
    const now = (inFlight.get(id) ?? 0) + 1;
    inFlight.set(id, now);
    worst = Math.max(worst, now);
    try {
      return await client.get(type, id);
    } finally {
      inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
    }
  };
  const worker = startWorker({ store, fetchDocument, log: () => {} });
  for (let round = 0; round < 10; round++) {
    for (const id of docs) {
      const event = {
        event_type: 'update' as const,
        data_type: 'daily_sleep' as const,
        object_id: id,
        event_time: `2026-01-01T00:00:${String(round).padStart(2, '0')}Z`,
        user_id: emulator.user.id,
      };
      await store.enqueue({ key: eventKey(event), ...event }, nowMs());
      worker.wake();
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await until(() => store.pendingCount() === 0, 'all events applied');
  await worker.stop();
  expect(worst).toBe(1);
  expect(fetches).toBeGreaterThanOrEqual(5);
  expect(fetches).toBeLessThan(50);
  const scores = db
    .prepare(
      "SELECT json_extract(doc, '$.score') AS score FROM documents WHERE type = 'daily_sleep' ORDER BY score",
    )
    .all() as { score: number }[];
  expect(scores.map((row) => row.score)).toEqual([90, 91, 92, 93, 94]);
  db.close();
});
