/**
 * V8 flags this process sets for itself (heap sizing: see bin/oura.js and
 * sync-heap.ts). Starting a worker thread puts `--semi-space-growth-factor`
 * back to its default (Node 20 and 24; other flags set at run time stayed):
 * once the sync's writer thread had started, the main thread's young
 * generation grew from 2 to 34 MB where the flag holds it at its start. So the
 * flags are set again as each worker comes online. Until that event reaches
 * this thread (~100 ms on Node 20) V8's default growth factor applies, so a
 * thread churning out objects then can still grow it: 8-16 MB in a script made
 * to, while a two-year `oura sync` kept 2 MB throughout (sampled every 20 ms,
 * 3 syncs). Both were measured by hand; no test covers that window.
 */
import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';

/** Every call's flags, in order: set again in that order, the later winning as they did. */
const keptFlags: string[] = [];

function setKeptFlags(): void {
  for (const flags of keptFlags) setFlagsFromString(flags);
}

function onWorker(worker: Worker): void {
  worker.once('online', setKeptFlags);
}

/** Sets `flags` (space-separated) now, and again once each worker thread started later runs. */
export function setProcessV8Flags(flags: string): void {
  setFlagsFromString(flags);
  if (keptFlags.length === 0) process.on('worker', onWorker);
  keptFlags.push(flags);
}
