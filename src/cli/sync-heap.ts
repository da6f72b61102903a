/**
 * How `oura sync` holds its heaps: V8 flags are process-wide, so they are set
 * by the process (main.ts), not by the library's sync, and a program running
 * a sync in-process keeps its own.
 */
import { setWriterSemiSpace } from '../history/window-writer.js';
import { setProcessV8Flags } from './v8-flags.js';

/** Sets what `oura sync` runs with, before its writer thread starts. */
export function applySyncHeap(): void {
  setProcessV8Flags(syncHeapFlags());
  setWriterSemiSpace(SYNC_WRITER_SEMI_SPACE_MB);
}

/**
 * A backfill parses hundreds of MB of JSON that dies young, and with the
 * writer's worker thread there are two heaps: left to itself V8 lets the old
 * generations grow before collecting (a two-year backfill: peak RSS ~185 MB
 * on Node 20 when this was chosen, 158 MB on Node 22 now). Two flags hold it
 * near 140 MB. `--optimize-for-size`'s memory-reducing collections also let
 * go of the maps the optimised code was built for (on Node 20 the series scan
 * was compiled 17 times in one sync); growing the old generation by 30% of
 * what survives a full collection (`--heap-growing-percent=30`) does not.
 * Two-year sync, alternating, that flag against `--optimize-for-size`, client
 * CPU and peak RSS (medians):
 * - Node 22 (V8 12), at 0 ms, 5 each: 2000 against 2400 ms, 136 against
 *   130 MB; at 40 ms, 3 each: 2430 against 2650 ms, 133 against 127 MB.
 * - Node 24 (V8 13), at 0 ms, 10 each: 2240 against 2350 ms, 143 against
 *   140 MB; at 40 ms, 3 each: 2410 against 2650 ms, 138 against 134 MB; in
 *   npm run bench 144.3 MB against 136.2. There the CPU saved is small and
 *   the memory is close to the 150 MB goal, so V8 13 and later keep
 *   `--optimize-for-size`.
 */
export function syncHeapFlags(): string {
  return v8Major <= 12 ? '--heap-growing-percent=30' : '--optimize-for-size';
}

/**
 * The semi-space (MB) the sync's writer thread starts with (see
 * setWriterSemiSpace). A two-year sync at 0 ms latency, alternating with V8's
 * default: on Node 20, client CPU 2440 against 2760 ms (medians of 8), peak
 * RSS 131-136 MB both ways; on Node 24, 4090 against 4480 ms (medians of 6, a
 * slow machine) and 4020 against 4410 at 40 ms (4 each), peak RSS 137-139
 * against 131-133 MB. Node 24 had kept the default while its peak was at the
 * 150 MB goal, before the writer's page cache shrank (write-worker.ts).
 * Node 22 was measured with it on (the flag's figures above), not without.
 */
export const SYNC_WRITER_SEMI_SPACE_MB = 8;

const v8Major = Number(process.versions.v8.split('.')[0]);
