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
 * generations grow before collecting (a two-year backfill in npm run bench:
 * peak RSS ~185 MB). `--optimize-for-size` holds it near 140 MB, but its
 * memory-reducing collections also let go of the maps the optimised code was
 * built for: on Node 20 the series scan was compiled 17 times in one sync,
 * which cost ~5-10% more CPU (noisy). There, growing the old generation by 30%
 * of what survives a full collection keeps ~140 MB without that. On Node 24
 * the same flag leaves ~155 MB while `--optimize-for-size` costs less, so newer
 * V8s keep it (Node 20 and 24 measured, not 22).
 */
export function syncHeapFlags(): string {
  return v8Major <= 11 ? '--heap-growing-percent=30' : '--optimize-for-size';
}

/**
 * The semi-space (MB) the sync's writer thread starts with (see
 * setWriterSemiSpace). A two-year sync at 0 ms latency, alternating with V8's
 * default: on Node 20, client CPU 2440 against 2760 ms (medians of 8), peak
 * RSS 131-136 MB both ways; on Node 24, 4090 against 4480 ms (medians of 6, a
 * slow machine) and 4020 against 4410 at 40 ms (4 each), peak RSS 137-139
 * against 131-133 MB. Node 24 had kept the default while its peak was at the
 * 150 MB goal, before the writer's page cache shrank (write-worker.ts).
 * Node 22 was not measured.
 */
export const SYNC_WRITER_SEMI_SPACE_MB = 8;

const v8Major = Number(process.versions.v8.split('.')[0]);
