/**
 * How the web side of `oura serve` keeps histories current: a person's sync
 * asked for when they sign in, and a way to wait until nothing is left to do.
 * With the history in files the server syncs in process (`sync-scheduler.ts`);
 * with PostgreSQL, workers do it from the job queue (`jobs/queue-sync.ts`).
 */
export interface ServeSync {
  /** Asks for a sync of this person soon. */
  request(userId: string): void;
  /** Resolves when nothing asked for is waiting or running (tests, the bench). */
  idle(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}
