/**
 * Applies queued webhook events: fetches each announced document by id and
 * stores it (or deletes it for `delete`). Events for the same document are
 * applied together with one fetch, and a document is never fetched twice at
 * once; an event that arrives while its document is being fetched waits for
 * the next round, because the document may have changed after that fetch
 * began. A failure keeps the events and retries them with capped exponential
 * backoff: nothing is dropped. A document the history refuses (the check a
 * sync applies too) ends its events at once, logged: a retry would fetch the
 * same document.
 */

import { NotFoundError } from '../api/errors.js';
import type { ListType } from '../api/types.js';
import { nowMs } from '../clock.js';
import { delay } from '../delay.js';
import { DocumentRefusedError } from '../history/document-check.js';
import type { Applied, WebhookStore } from '../history/history.js';
import type { QueuedEvent } from './queue.js';

export interface WorkerOptions {
  store: WebhookStore;
  /** One document by id (the API client's `get`, with its own retries and token refresh). */
  fetchDocument: (type: ListType, id: string) => Promise<unknown>;
  /** Documents fetched at once (default 4). */
  concurrency?: number;
  /** First retry delay; doubles per attempt (default 2 s). */
  retryBaseMs?: number;
  /** Longest retry delay (default 10 min). */
  retryMaxMs?: number;
  /** One line per applied or failed event. */
  log: (line: string) => void;
  now?: () => number;
}

export interface Worker {
  /** Look at the queue now (the receiver calls it after queueing an event). */
  wake(): void;
  /** Stops taking work and resolves when the fetches in flight are done (or after a grace period). */
  stop(): Promise<void>;
}

const BATCH = 200;
const STOP_GRACE_MS = 5000;

export function startWorker(options: WorkerOptions): Worker {
  const { store, log } = options;
  const now = options.now ?? nowMs;
  const concurrency = options.concurrency ?? 4;
  const base = options.retryBaseMs ?? 2000;
  const max = options.retryMaxMs ?? 600_000;
  const inFlight = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let scanning = false;
  let again = false;

  const docKey = (event: QueuedEvent) => `${event.data_type}/${event.object_id}`;

  async function apply(events: QueuedEvent[]): Promise<void> {
    // Events of one document, oldest first: the last one says what the document is now.
    const last = events[events.length - 1] as QueuedEvent;
    const keys = events.map((event) => event.key);
    const what = `${last.event_type} ${last.data_type} ${last.object_id}`;
    try {
      let result: Applied;
      if (last.event_type === 'delete') {
        result = await store.removeDocument(last.data_type, last.object_id);
      } else {
        try {
          const doc = await options.fetchDocument(last.data_type as ListType, last.object_id);
          result = await store.storeDocument(last.data_type, last.object_id, doc);
        } catch (error) {
          // Gone at Oura since the event was sent: the history follows.
          if (!(error instanceof NotFoundError)) throw error;
          result = await store.removeDocument(last.data_type, last.object_id);
        }
      }
      await store.markDone(keys, now());
      const waited = now() - (events[0] as QueuedEvent).received_at;
      const several = events.length > 1 ? `, ${events.length} events` : '';
      log(`applied ${what}: ${result} (${waited} ms after delivery${several})`);
    } catch (error) {
      // Stopping (the database may be closed already): the events stay queued for the next start.
      if (stopped) return;
      if (error instanceof DocumentRefusedError && (await refuse(events, what, error))) return;
      const attempts = Math.max(...events.map((event) => event.attempts)) + 1;
      const waitMs = Math.min(max, base * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
      const reason = error instanceof Error ? error.message : String(error);
      log(
        `failed ${what} (attempt ${attempts}, retry in ${Math.round(waitMs / 1000)} s): ${reason}`,
      );
      try {
        await store.retryLater(keys, now() + waitMs, reason);
      } catch {
        // The database refuses writes (disk full, locked): the events stay as they were, due
        // now; holding the document's slot for the delay keeps this from spinning.
        await delay(waitMs);
      }
    }
  }

  /**
   * The document Oura serves fails the history's check: fetching it again
   * would bring the same document, so the events end here, marked refused
   * (kept a day, like applied ones, so a redelivery is not fetched again).
   * Nothing is lost by not retrying: Oura announces a corrected document with
   * a new event, and `oura sync` re-reads it within its revisit window.
   */
  async function refuse(
    events: QueuedEvent[],
    what: string,
    error: DocumentRefusedError,
  ): Promise<boolean> {
    const reason = error.refusal.reason;
    try {
      await store.markRefused(
        events.map((event) => event.key),
        now(),
        reason,
      );
    } catch {
      // The database refuses writes: the events take the way of any failure (a later retry).
      return false;
    }
    log(`refused ${what}: ${reason}; not stored, not retried`);
    return true;
  }

  function scan(): void {
    if (stopped) return;
    if (scanning) {
      again = true;
      return;
    }
    scanning = true;
    try {
      const groups = new Map<string, QueuedEvent[]>();
      for (const event of store.dueEvents(now(), BATCH)) {
        const key = docKey(event);
        if (inFlight.has(key)) continue;
        const group = groups.get(key);
        if (group) group.push(event);
        else groups.set(key, [event]);
      }
      for (const [key, events] of groups) {
        if (inFlight.size >= concurrency) break;
        const job = apply(events).finally(() => {
          inFlight.delete(key);
          scan();
        });
        inFlight.set(key, job);
      }
      schedule();
    } catch (error) {
      // The database is busy or failing: the events are safe in it; look again soon.
      log(`queue unreadable, retrying: ${error instanceof Error ? error.message : String(error)}`);
      arm(base);
    } finally {
      scanning = false;
    }
    if (again) {
      again = false;
      scan();
    }
  }

  function arm(ms: number): void {
    clearTimeout(timer);
    timer = setTimeout(scan, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
  }

  /**
   * Sleeps until the next event falls due. Events due already wait for a
   * fetch in flight (of their document, or for a free slot), whose end scans again.
   */
  function schedule(): void {
    const due = store.nextDue();
    if (due === undefined) return;
    if (due > now()) arm(due - now());
    else if (inFlight.size === 0) arm(base);
  }

  // Forgetting is housekeeping: a failure (a busy or full disk) is tried again by the next sweep.
  const forget = () => void store.forgetOld(now()).catch(() => {});
  forget();
  const sweep = setInterval(forget, 3_600_000);
  sweep.unref();
  setImmediate(scan);

  // A burst of deliveries wakes the worker once per turn of the event loop, not once per event.
  let waking = false;
  const wake = () => {
    if (waking) return;
    waking = true;
    setImmediate(() => {
      waking = false;
      scan();
    });
  };

  return {
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(sweep);
      // Fetches in flight get a few seconds to land; anything unfinished stays queued for the next start.
      const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...inFlight.values()]), grace]);
    },
  };
}
