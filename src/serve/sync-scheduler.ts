/**
 * Keeps every person's history current: a sync right after they sign in
 * (the backfill), then one per person every interval. One sync at a time,
 * people in turn, so a two-year backfill never runs beside another and the
 * application's rate budget is spent evenly. A failed sync is logged (its
 * code, never its text: it may quote Oura) and tried again next round.
 */
import { OuraError } from '../errors.js';
import type { UserStore } from './state/user-store.js';
import type { UserEngines } from './user-engines.js';

export class SyncScheduler {
  private readonly waiting = new Set<string>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly deps: {
      users: UserStore;
      engines: UserEngines;
      log: (line: string) => void;
      intervalMs: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.deps.users.all().then(
        (users) => {
          for (const user of users) if (!user.ouraProblem) this.request(user.id);
        },
        () => this.deps.log('sync: could not list the people to sync; trying at the next interval'),
      );
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  /** Asks for a sync of this person soon (a second request while one waits is the same request). */
  request(userId: string): void {
    if (this.stopped) return;
    this.waiting.add(userId);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when nothing is waiting or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.waiting.clear();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const [next] = this.waiting;
      if (next === undefined || this.stopped) return;
      this.waiting.delete(next);
      await this.syncOne(next);
    }
  }

  private async syncOne(userId: string): Promise<void> {
    // Asked first: a sync asked for before the person left (withdrew, deleted their data)
    // must not build them engines, which would stay in memory until the server stops.
    if (!(await this.deps.users.get(userId))) return;
    const history = this.deps.engines.for(userId).deps.history;
    if (!history) return;
    const started = Date.now();
    try {
      const result = await history.sync({
        deadline: Number.POSITIVE_INFINITY,
        onProgress: () => {},
      });
      await this.deps.users.markSynced(userId);
      this.deps.log(`sync: ${result.requests} requests in ${Date.now() - started} ms`);
    } catch (error) {
      this.deps.log(
        `sync failed (${error instanceof OuraError ? error.code : 'unexpected error'})`,
      );
    }
  }
}
