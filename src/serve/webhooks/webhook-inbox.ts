/**
 * Where `/oura/webhook` puts each event: the queue in the history file of the
 * person the event names (`user_id`, their Oura account id), applied by
 * `oura webhook listen`'s own worker with that person's token. Each person
 * with work has a lane (their webhook store and a worker); a lane with
 * nothing pending closes after a quiet spell, so the open files and writer
 * threads follow the people who are getting events, not everyone who ever
 * signed in. Events left queued by an earlier run are picked up at start.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openReadOnly } from '../../history/database.js';
import type { WebhookStore } from '../../history/history.js';
import { pendingCount } from '../../history/webhook-queue.js';
import type { WebhookEvent } from '../../webhook/event.js';
import { eventKey } from '../../webhook/queue.js';
import { startWorker, type Worker } from '../../webhook/worker.js';
import type { UserStore } from '../state/user-store.js';
import type { UserEngines } from '../user-engines.js';

export interface WebhookInboxOptions {
  users: Pick<UserStore, 'get' | 'all'>;
  engines: Pick<UserEngines, 'for'>;
  log: (line: string) => void;
  now: () => number;
  /** A lane with nothing pending closes after this long without an event (default 5 min). */
  idleMs?: number;
  /** Passed to each lane's worker (tests shorten them). */
  retryBaseMs?: number;
}

/** What became of a delivery: `unknown` is an event for nobody on this server. */
export type InboxOutcome = 'queued' | 'duplicate' | 'unknown';

interface Lane {
  store: WebhookStore;
  worker: Worker;
  /** Deliveries being committed: the lane does not close under them. */
  busy: number;
  lastEventAt: number;
  timer: NodeJS.Timeout;
}

async function pendingIn(path: string): Promise<number> {
  const db = await openReadOnly(path);
  try {
    return pendingCount(db);
  } finally {
    db.close();
  }
}

/** A short tag for a person in the log: enough to follow one, not their id. */
export function personTag(userId: string): string {
  return createHash('sha256').update(userId).digest('hex').slice(0, 8);
}

// A sync commits its windows through its own connection: wait a little for it, not
// the default 10 s, since Oura wants an answer within 10 s (a 503 makes it retry).
const BUSY_TIMEOUT_MS = 2000;

export class WebhookInbox {
  private readonly lanes = new Map<string, Promise<Lane>>();
  private readonly idleMs: number;
  private closed = false;

  constructor(private readonly options: WebhookInboxOptions) {
    this.idleMs = options.idleMs ?? 5 * 60_000;
  }

  /**
   * Commits the event to its person's queue before the caller answers Oura,
   * so an acknowledged event survives a crash; the worker applies it after.
   */
  async accept(event: WebhookEvent): Promise<InboxOutcome> {
    const userId = event.user_id;
    if (userId === null || !(await this.options.users.get(userId))) return 'unknown';
    const lane = await this.lane(userId);
    lane.busy++;
    try {
      lane.lastEventAt = this.options.now();
      const outcome = await lane.store.enqueue(
        { key: eventKey(event), ...event },
        lane.lastEventAt,
      );
      if (outcome === 'queued') lane.worker.wake();
      return outcome;
    } finally {
      lane.busy--;
    }
  }

  /**
   * Opens a lane for each person whose history holds events not yet applied
   * (acknowledged before the last stop), one person at a time; returns how many.
   */
  async resume(): Promise<number> {
    let resumed = 0;
    for (const user of await this.options.users.all()) {
      if (this.closed) break;
      const history = this.options.engines.for(user.id).profile.history();
      if (!existsSync(history.path)) continue;
      try {
        // A look on a read-only connection first: a lane (a writer thread) only for those with work.
        if ((await pendingIn(history.path)) === 0) continue;
        await this.lane(user.id);
        resumed++;
      } catch (error) {
        this.options.log(
          `webhook ${personTag(user.id)}: could not open the queue (${error instanceof Error ? error.name : 'error'}); the hourly sync covers it`,
        );
      }
    }
    return resumed;
  }

  /** Closes a person's lane (they left); their queued events stay in their file. */
  async drop(userId: string): Promise<void> {
    const lane = this.lanes.get(userId);
    this.lanes.delete(userId);
    await this.shut(lane);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.lanes.values()];
    this.lanes.clear();
    await Promise.all(all.map((lane) => this.shut(lane)));
  }

  /** Resolves once no open lane has an event left to apply (tests and the bench). */
  async idle(pollMs = 20): Promise<void> {
    for (;;) {
      const lanes = await Promise.all(
        [...this.lanes.values()].map((lane) => lane.catch(() => undefined)),
      );
      if (lanes.every((lane) => !lane || lane.store.pendingCount() === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private lane(userId: string): Promise<Lane> {
    if (this.closed) return Promise.reject(new Error('the webhook inbox is closed'));
    let lane = this.lanes.get(userId);
    if (!lane) {
      lane = this.open(userId);
      this.lanes.set(userId, lane);
      // A lane that failed to open is forgotten, so the next event tries again.
      lane.catch(() => {
        if (this.lanes.get(userId) === lane) this.lanes.delete(userId);
      });
    }
    return lane;
  }

  private async open(userId: string): Promise<Lane> {
    const { engines, log, now } = this.options;
    const { profile } = engines.for(userId);
    const history = profile.history();
    // Before the first sync the person's directory may not exist yet.
    await mkdir(dirname(history.path), { recursive: true, mode: 0o700 });
    const store = await history.openWebhookStore({ busyTimeoutMs: BUSY_TIMEOUT_MS });
    const client = await profile.client({
      userAgent: 'oura-connect-serve-webhook',
      // Few quick retries per fetch: the worker's durable backoff takes over after them.
      retry: { attempts: 2, maxDelayMs: 1000 },
    });
    const tag = personTag(userId);
    const worker = startWorker({
      store,
      fetchDocument: (type, id) => client.get(type, id),
      log: (line) => log(`webhook ${tag}: ${line}`),
      now,
      ...(this.options.retryBaseMs === undefined ? {} : { retryBaseMs: this.options.retryBaseMs }),
    });
    const lane: Lane = {
      store,
      worker,
      busy: 0,
      lastEventAt: now(),
      timer: setInterval(() => this.closeIfIdle(userId, lane), Math.max(1000, this.idleMs / 2)),
    };
    lane.timer.unref();
    return lane;
  }

  private closeIfIdle(userId: string, lane: Lane): void {
    if (lane.busy > 0 || this.options.now() - lane.lastEventAt < this.idleMs) return;
    let pending: number;
    try {
      pending = lane.store.pendingCount();
    } catch {
      return;
    }
    if (pending > 0) return;
    const current = this.lanes.get(userId);
    this.lanes.delete(userId);
    void this.shut(current);
  }

  private async shut(lane: Promise<Lane> | undefined): Promise<void> {
    const opened = await lane?.catch(() => undefined);
    if (!opened) return;
    clearInterval(opened.timer);
    await opened.worker.stop();
    await opened.store.close();
  }
}
