/**
 * `oura sync`'s writer thread gets a young generation that holds a window: in
 * V8's first semi-space of 1 MB (held there by the CLI's flags on Node 20, by
 * the thread's own 2 MB limit on Node 24), each scavenge copied the documents
 * of the window being written, ~255 scavenges in a two-year sync. Threads
 * started after it get V8's default again. Run in a process of its own with
 * --trace-gc: V8's flags are process-wide, and the writer's collections are
 * seen only in that trace.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const DIST = new URL('../dist/', import.meta.url).href;

/** Windows of ring battery samples (series documents, the writer's busiest per item). */
const WINDOWS = 12;

const script = (dir: string) => `
  const { setProcessV8Flags } = await import(${JSON.stringify(`${DIST}cli/v8-flags.js`)});
  const { workerWriter } = await import(${JSON.stringify(`${DIST}history/window-writer.js`)});
  const { applySyncHeap } = await import(${JSON.stringify(`${DIST}cli/sync-heap.js`)});
  const { Worker } = await import('node:worker_threads');
  // As oura sync sets them (bin/oura.js, then main.ts).
  setProcessV8Flags('--semi-space-growth-factor=1');
  applySyncHeap();
  const writer = await workerWriter(${JSON.stringify(join(dir, 'history.sqlite'))});
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', '+00:00');
  const step = 1_800_000;
  const first = Date.parse('2025-01-01T00:00:00Z');
  // Made before writing begins, so the writing is what the trace shows.
  const windows = Array.from({ length: ${WINDOWS} }, (_, w) => {
    const from = first + w * 960 * step;
    const docs = Array.from({ length: 960 }, (_, i) => {
      const ms = from + i * step;
      return { timestamp: iso(ms), timestamp_unix: ms / 1000, level: 40 + (i % 60), charging: i % 9 === 0, in_charger: false };
    });
    const span = { kind: 'instants', start: iso(from).slice(0, 10), end: iso(from + 960 * step).slice(0, 10), fromMs: from, toMs: from + 960 * step };
    return { type: 'ring_battery_level', span, docs, listedFrom: Date.now() };
  });
  console.log('WRITING');
  for (const write of windows) await writer.write(write, { start: '2025-01-01', through: write.span.end });
  console.log('WRITTEN');
  await writer.close();
  // Read before it allocates anything, so V8's growth of a busy young generation does not count.
  const later = new Worker(
    "require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);",
    { eval: true },
  );
  const young = await new Promise((resolve) => later.once('message', resolve));
  console.log('LATER ' + young);
`;

it("the writer thread's young generation holds a window, and threads started later get the default", async () => {
  const dir = await tempDir('oura-writer-heap-');
  // A file, not -e: a worker thread inherits --input-type, which refuses a file.
  const file = join(dir, 'probe.mjs');
  await writeFile(file, script(dir));
  const { stdout } = await run(process.execPath, ['--trace-gc', file]);
  const lines = stdout.split('\n');
  const [start, end] = [lines.indexOf('WRITING'), lines.indexOf('WRITTEN')];
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const writing = lines.slice(start, end);
  // While writing, in every thread: at V8's default 31 on Node 20 and 25 on Node 24; 4-5 at 8 MB on both.
  expect(writing.filter((line) => line.includes('Scavenge')).length).toBeLessThanOrEqual(15);
  // V8's default young generation for a thread started later (2 MB), not the writer's (8 MB if the flag stayed).
  const later = Number(lines.find((line) => line.startsWith('LATER '))?.slice(6));
  expect(later).toBeGreaterThan(0);
  expect(later).toBeLessThanOrEqual(4 * 1024 * 1024);
});
