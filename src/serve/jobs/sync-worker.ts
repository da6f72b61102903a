/**
 * What a worker does with a sync job: the person's history in their own
 * PostgreSQL schema (`person-schema.ts`), synced from Oura with their token.
 */
import type { Pool } from 'pg';
import type { Day } from '../../calendar/days.js';
import { LoginRequiredError } from '../../errors.js';
import type { HistorySource } from '../../history/history-source.js';
import { openPostgresHistory } from '../../history/postgres/pg-history.js';
import { schemaIdentifier } from '../../history/postgres/pg-open.js';
import type { DataType } from '../../oura/data-types.js';
import { historySchemaOf } from '../person-schema.js';
import type { SyncJob } from './job-queue.js';

export interface SyncWorkerOptions {
  /** The database holding every person's history. */
  pool: Pool;
  /** An Oura client acting for `person` (their token, refreshed as needed). */
  sourceFor(person: string): Promise<HistorySource>;
  types: readonly DataType[];
  /** First day of a first sync (else the account's first day). */
  since?: Day;
  now?: () => Date;
  /** One line per job started and finished, naming the person's schema, never a token. */
  log?: (line: string) => void;
  /**
   * How long one job may sync before it stops starting new windows and asks
   * for the rest later (`JobQueue.continueLater`); what it committed stays.
   * Unset: a job syncs to the end.
   */
  turn?: { ms: number; continueLater(person: string): Promise<unknown> };
  /** Records that `person`'s history is whole as of now (their last sync, for the owner's pages). */
  markSynced?(person: string): Promise<void>;
  /**
   * Whether `person` is still here. A job asked for before they left (withdrew
   * from a cohort, deleted their data) and run after would otherwise make their
   * schema again. Unset: everyone is.
   */
  present?(person: string): Promise<boolean>;
}

/** The job handler for `JobQueue.work`. */
export function syncWorker(options: SyncWorkerOptions): (job: SyncJob) => Promise<void> {
  return async ({ person }) => {
    const schema = historySchemaOf(person);
    options.log?.(`sync started ${schema}`);
    const store = await openPostgresHistory(options.pool, schema);
    try {
      // Asked once the schema is open: leaving deletes the person before their schema,
      // so one who left before, or while, it was opened is seen gone here, and the
      // schema this job made is dropped. One who leaves later has it dropped by leaving.
      if (options.present && !(await options.present(person))) {
        await options.pool.query(`DROP SCHEMA IF EXISTS ${schemaIdentifier(schema)} CASCADE`);
        options.log?.(`sync skipped ${schema}: the person left`);
        return;
      }
      const result = await store.sync(await options.sourceFor(person), {
        types: options.types,
        since: options.since,
        ...(options.now ? { now: options.now } : {}),
        ...(options.turn ? { deadline: Date.now() + options.turn.ms } : {}),
      });
      const counts = Object.values(result.types);
      const changed = counts.reduce((sum, c) => sum + c.inserted + c.updated + c.deleted, 0);
      if (!result.complete && options.turn) {
        await options.turn.continueLater(person);
        options.log?.(`sync paused ${schema}: ${changed} changes, the rest later`);
        return;
      }
      await options.markSynced?.(person);
      options.log?.(`sync done ${schema}: ${changed} changes`);
    } catch (error) {
      // One who left while this ran had their schema dropped under it ("relation … does
      // not exist"): nothing failed, and no retry has anyone to sync.
      if (options.present && !(await options.present(person).catch(() => true))) {
        options.log?.(`sync skipped ${schema}: the person left`);
        return;
      }
      if (error instanceof LoginRequiredError) {
        // No retry can help until the person signs in again (their sign-in asks for a
        // sync): the job ends here, and the budget is spent on people it can serve.
        options.log?.(`sync stopped ${schema}: the person must sign in with Oura again`);
        return;
      }
      // The queue retries the job; the line says why this attempt ended.
      options.log?.(`sync failed ${schema}: ${(error as Error).message}`);
      throw error;
    } finally {
      await store.close();
    }
  };
}
