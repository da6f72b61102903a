/**
 * The CLI's own V8 flags hold after a worker thread starts. Starting one put
 * `--semi-space-growth-factor` back to its default: once `oura sync` had
 * started its writer thread, the main thread's young generation grew from
 * 2 MB to 34 MB (Node 20), and a two-year backfill's peak memory with it.
 * Each case runs in its own process: V8's flags are process-wide.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FLAGS = new URL('../dist/cli/v8-flags.js', import.meta.url).href;
const SYNC_HEAP = new URL('../dist/cli/sync-heap.js', import.meta.url).href;

/**
 * The largest the young generation grows (bytes) while short-lived objects
 * pile up, after the flag is set the given way and, with `worker`, after a
 * worker thread has started and ended.
 */
async function youngGenerationPeak(setBy: 'helper' | 'plain', worker: boolean): Promise<number> {
  const script = `
    import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
    import { Worker } from 'node:worker_threads';
    const { setProcessV8Flags } = await import(${JSON.stringify(FLAGS)});
    const { syncHeapFlags } = await import(${JSON.stringify(SYNC_HEAP)});
    const flag = '--semi-space-growth-factor=1';
    // As the CLI's sync does: bin/oura.js sets the flag, then main.ts sets another.
    if (${JSON.stringify(setBy)} === 'helper') {
      setProcessV8Flags(flag);
      setProcessV8Flags(syncHeapFlags());
    } else setFlagsFromString(flag);
    if (${worker}) {
      const thread = new Worker('', { eval: true });
      await new Promise((resolve) => thread.once('online', resolve));
      await new Promise((resolve) => thread.once('exit', resolve));
    }
    const youngGeneration = () =>
      getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    let kept = [];
    let peak = 0;
    for (let i = 0; i < 3e6; i++) {
      kept.push({ i, text: 'sample ' + i });
      if (kept.length > 2e5) kept = kept.slice(1e5);
      if (i % 1e5 === 0) peak = Math.max(peak, youngGeneration());
    }
    process.stdout.write(String(peak));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return Number(stdout);
}

/**
 * V8 11 (Node 20) holds the young generation by this flag. Newer V8s size it
 * by other rules, flag or not (Node 24: 5 to 17 MB from run to run), so
 * there the flag's effect cannot be seen.
 */
const flagHoldsYoungGeneration = Number(process.versions.v8.split('.')[0]) <= 11;

describe('setProcessV8Flags', () => {
  it.runIf(flagHoldsYoungGeneration)(
    'keeps the young generation as small after a worker thread starts as without one',
    async () => {
      const withoutWorker = await youngGenerationPeak('plain', false);
      const afterWorker = await youngGenerationPeak('helper', true);
      expect(withoutWorker).toBeGreaterThan(0);
      expect(afterWorker).toBeLessThanOrEqual(withoutWorker * 1.25);
    },
  );
});
