/**
 * `oura sync --every DURATION`: an incremental sync on that period until
 * stopped, for machines Oura's webhooks cannot reach. The period is jittered
 * (±10%) so that many machines started together do not hit Oura together; a
 * failed run is retried sooner, backing off from 30 s up to the period, and a
 * rate limit is waited out. Only what cannot cure itself stops it: bad usage
 * (exit 2) or a dead login (exit 4). Killing it is safe at any moment: a sync
 * loses nothing it committed.
 */
import { RateLimitError } from '../../api/errors.js';
import { nowMs } from '../../clock.js';
import { exitCodeOf } from '../../errors.js';

const FIRST_RETRY_MS = 30_000;

/** How long to wait before the next run, after `failures` failed runs in a row (0 after a success). */
export function nextDelay(
  periodMs: number,
  failures: number,
  options: { random?: () => number; error?: unknown; now?: number } = {},
): number {
  const jitter = 0.9 + 0.2 * (options.random ?? Math.random)();
  if (failures === 0) return Math.round(periodMs * jitter);
  const backoff = Math.min(periodMs, FIRST_RETRY_MS * 2 ** (failures - 1)) * jitter;
  const { error } = options;
  const limited =
    error instanceof RateLimitError ? error.retryAt.getTime() - (options.now ?? nowMs()) : 0;
  return Math.round(Math.max(backoff, limited));
}

export interface EveryOptions {
  periodMs: number;
  run: () => Promise<void>;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Stop after this many runs (tests); default forever. */
  runs?: number;
}

export async function runEvery(options: EveryOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  let failures = 0;
  for (let run = 1; options.runs === undefined || run <= options.runs; run++) {
    let error: unknown;
    try {
      await options.run();
      failures = 0;
    } catch (caught) {
      const code = exitCodeOf(caught);
      if (code === 2 || code === 4) throw caught;
      error = caught;
      failures++;
    }
    if (options.runs !== undefined && run === options.runs) return;
    const delay = nextDelay(options.periodMs, failures, {
      error,
      ...(options.random ? { random: options.random } : {}),
    });
    const at = new Date(nowMs() + delay).toISOString();
    if (error) {
      const reason = error instanceof Error ? error.message : String(error);
      options.log(`sync failed (${reason}); trying again at ${at}.`);
    } else options.log(`next sync at ${at}.`);
    await sleep(delay);
  }
}
