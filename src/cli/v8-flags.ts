/**
 * V8 flags this process sets for itself (heap sizing: see bin/oura.js and
 * main.ts). Starting a worker thread puts `--semi-space-growth-factor` back to
 * its default (Node 20 and 24; other flags set at run time stayed): once the
 * sync's writer thread had started, the main thread's young generation grew
 * from 2 to 34 MB where the flag holds it at its start. So the flags are set again as
 * each worker comes online.
 */
import { setFlagsFromString } from 'node:v8';

/** Sets `flags` (space-separated) now, and again once each worker thread started later runs. */
export function setProcessV8Flags(flags: string): void {
  setFlagsFromString(flags);
  process.on('worker', (worker) => worker.once('online', () => setFlagsFromString(flags)));
}
