/**
 * The History object (src/history/history.ts) on real files, synced from the
 * emulator over real sockets: it opens nothing until used, writes through one
 * connection only (the writer thread; `meta` and `sync_state` included),
 * re-opens its reader when a rebuild replaced the file, and closes twice
 * without harm. The webhook listener's store writes through a writer thread
 * too. The History is the built one: its writer runs as JavaScript.
 */
import {
  existsSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as HistoryModule from '../dist/history/history.js';
import { OuraClient } from '../src/api/client.js';
import { nodeTransport } from '../src/api/node-transport.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { type DataType, ENDPOINTS } from '../src/oura/data-types.js';
import { tempDir } from './helpers/temp.js';

const { openHistory }: typeof HistoryModule = await import('../dist/history/history.js');

const TYPES: DataType[] = ['daily_activity', 'workout', 'heartrate'];
/** The day after the emulator's last day, at noon: whatever the real date. */
const at = (hour: number) => new Date(`2025-06-16T${String(hour).padStart(2, '0')}:00:00`);

let emulator: Emulator;
let client: OuraClient;

beforeAll(async () => {
  emulator = await startEmulator({ today: '2025-06-15', historyDays: 10 });
  client = new OuraClient({ token: emulator.mintTokens().access_token, baseUrl: emulator.url });
});
afterAll(async () => {
  await emulator?.close();
});

/** This process's open descriptors of `path` (the file itself, not its -wal or -shm), by access mode. */
function openHandles(path: string): { readOnly: number; writable: number } {
  const file = realpathSync(path);
  const handles = { readOnly: 0, writable: 0 };
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed since the listing
    }
    if (target !== file) continue;
    const flags = /^flags:\s+(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    // O_ACCMODE: 0 is O_RDONLY; O_WRONLY and O_RDWR can write.
    if ((Number.parseInt(flags ?? '0', 8) & 3) === 0) handles.readOnly++;
    else handles.writable++;
  }
  return handles;
}

describe('History', () => {
  it('opens nothing, and makes no file or folder, until a method needs it', async () => {
    const dir = join(await tempDir('oura-history-object-'), 'profile');
    const history = openHistory(join(dir, 'history.sqlite'));
    expect(existsSync(dir)).toBe(false);
    // Reading before the first sync answers "nothing" and still makes nothing.
    expect(await history.reader()).toBeUndefined();
    await expect(history.open()).rejects.toMatchObject({ code: 'NO_HISTORY' });
    expect(existsSync(dir)).toBe(false);
    history.close();
  });

  it.runIf(existsSync('/proc/self/fdinfo'))(
    'writes through one connection: a read-only reader sees the meta and sync state the sync wrote',
    async () => {
      const path = join(await tempDir('oura-history-object-'), 'history.sqlite');
      const history = openHistory(path);
      await history.sync(client, { types: TYPES, now: () => at(12) });
      const reader = await history.open();
      expect(reader.lastSyncedAt()).toBe(at(12).toISOString());
      // The reader stays open (read-only) through the next sync.
      expect(openHandles(path)).toEqual({ readOnly: 1, writable: 0 });

      const during: { readOnly: number; writable: number }[] = [];
      const result = await history.sync(client, {
        types: TYPES,
        now: () => at(13),
        onProgress: () => during.push(openHandles(path)),
      });
      expect(result.complete).toBe(true);
      expect(during.length).toBeGreaterThan(0);
      // The writer thread's connection is the only one that may write (it may still be opening
      // when the first windows are fetched); the shared reader and the sync's own are read-only.
      for (const handles of during) expect(handles.readOnly).toBe(2);
      for (const handles of during) expect(handles.writable).toBeLessThanOrEqual(1);
      expect(during.some((handles) => handles.writable === 1)).toBe(true);
      // What the sync wrote to meta and sync_state, seen by the reader opened before it.
      expect(await history.reader()).toBe(reader);
      expect(reader.lastSyncedAt()).toBe(at(13).toISOString());
      expect(reader.coverage('workout')).toMatchObject({
        through: '2025-06-16',
        syncedAt: at(13).toISOString(),
      });
      // The sync closed what it opened. (Counted once the reader is closed too: SQLite keeps
      // a closed connection's descriptor open while another in the process holds a lock on the file.)
      history.close();
      expect(openHandles(path)).toEqual({ readOnly: 0, writable: 0 });
    },
  );

  it.runIf(existsSync('/proc/self/fdinfo'))(
    "writes the webhook listener's queue through a writer thread too, and reads it read-only",
    async () => {
      const path = join(await tempDir('oura-history-object-'), 'history.sqlite');
      // The store's writer creates the file: the listener may start before any sync.
      const store = await openHistory(path).openWebhookStore({ busyTimeoutMs: 2000 });
      expect(openHandles(path)).toEqual({ readOnly: 1, writable: 1 });
      const event = {
        key: 'event-1',
        event_type: 'create' as const,
        data_type: 'workout' as const,
        object_id: 'workout-1',
        event_time: null,
      };
      expect(await store.enqueue(event, at(12).getTime())).toBe('queued');
      expect(await store.enqueue(event, at(12).getTime())).toBe('duplicate');
      expect(store.dueEvents(at(12).getTime(), 10).map((due) => due.key)).toEqual(['event-1']);
      await store.markDone(['event-1'], at(12).getTime());
      expect(store.pendingCount()).toBe(0);
      await store.close();
      expect(openHandles(path)).toEqual({ readOnly: 0, writable: 0 });
    },
  );

  it("asks for the revisit week's heart rate in windows side by side, not one chain of pages", async () => {
    const path = join(await tempDir('oura-history-object-'), 'history.sqlite');
    const history = openHistory(path);
    await history.sync(client, { types: ['heartrate'], now: () => at(12) });
    const transport = nodeTransport();
    let open = 0;
    let mostOpen = 0;
    const watched = new OuraClient({
      token: emulator.mintTokens().access_token,
      baseUrl: emulator.url,
      fetch: async (url, request) => {
        if (!url.pathname.endsWith('/heartrate')) return transport(url, request);
        mostOpen = Math.max(mostOpen, ++open);
        try {
          return await transport(url, request);
        } finally {
          open--;
        }
      },
    });
    const result = await history.sync(watched, { types: ['heartrate'], now: () => at(13) });
    expect(result.types.heartrate).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    // One window would send its pages one after another (one open at a time).
    expect(mostOpen).toBeGreaterThan(1);
    history.close();
  });

  it('re-opens its reader on the new file after a rebuild replaced it', async () => {
    const path = join(await tempDir('oura-history-object-'), 'history.sqlite');
    const history = openHistory(path);
    await history.sync(client, { types: TYPES, now: () => at(12) });
    const before = await history.reader();
    const inode = statSync(path).ino;
    // Another History (another process, in life) rebuilds the file under this one's reader.
    const other = openHistory(path);
    await other.sync(client, { types: ['workout'], now: () => at(14), rebuild: true });
    other.close();
    expect(statSync(path).ino).not.toBe(inode);

    const after = await history.open();
    expect(after).not.toBe(before);
    expect(after.lastSyncedAt()).toBe(at(14).toISOString());
    // Only workouts were synced into the rebuilt file.
    expect(after.coverage('daily_activity')).toBeUndefined();
    history.close();
    // The old file's connection was closed when the new one was opened.
    if (existsSync('/proc/self/fd'))
      expect(openHandles(path)).toEqual({ readOnly: 0, writable: 0 });
  });

  it('gives callers that arrive together one read-only connection, not one each', async () => {
    const path = join(await tempDir('oura-history-object-'), 'history.sqlite');
    const writer = openHistory(path);
    await writer.sync(client, { types: ['workout'], now: () => at(12) });
    writer.close();
    // MCP tools run side by side: all of them ask before the first connection is open.
    const history = openHistory(path);
    const readers = await Promise.all([1, 2, 3, 4].map(() => history.reader()));
    expect(new Set(readers).size).toBe(1);
    expect(openHandles(path)).toEqual({ readOnly: 1, writable: 0 });
    history.close();
    expect(openHandles(path)).toEqual({ readOnly: 0, writable: 0 });
  });

  it('closes twice without harm, and reads again after a close', async () => {
    const path = join(await tempDir('oura-history-object-'), 'history.sqlite');
    const history = openHistory(path);
    history.close();
    await history.sync(client, { types: ['workout'], now: () => at(12) });
    const [workout] = [...(await history.open()).documents(ENDPOINTS.workout, undefined)] as {
      id: string;
    }[];
    expect(workout).toBeDefined();
    history.close();
    history.close();
    expect((await history.open()).document('workout', workout?.id ?? '')).toEqual(workout);
    history.close();
  });
});
