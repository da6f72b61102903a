/**
 * Webhook events for `oura serve` on PostgreSQL: the web process commits the
 * event to the person's schema, then asks the job queue for a pass over their
 * events, before Oura gets its answer. Any worker applies it
 * (`jobs/webhook-worker.ts`).
 *
 * The pass is asked for after the commit, not in the same transaction: the
 * queue keeps one waiting pass per person, so the ask is dropped when one
 * waits already, and a worker could take that waiting pass and read the
 * events before an uncommitted one was visible, leaving it with no pass at
 * all. Asked after the commit, any pass still waiting then reads it. A
 * redelivered event (recognised by its key) asks again: its first delivery
 * may have been committed and then failed before its ask.
 */
import type { Pool } from 'pg';
import { migrateSchema } from '../../history/postgres/pg-open.js';
import { recordEvent } from '../../history/postgres/pg-webhook-events.js';
import type { WebhookEvent } from '../../webhook/event.js';
import { eventKey } from '../../webhook/queue.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { historySchemaOf } from '../person-schema.js';
import type { UserStore } from '../state/user-store.js';
import type { InboxOutcome } from './webhook-inbox.js';

export interface PgWebhookInboxOptions {
  pool: Pool;
  queue: Pick<JobQueue, 'applyEvents'>;
  users: Pick<UserStore, 'get'>;
  now: () => number;
}

export function pgWebhookInbox(options: PgWebhookInboxOptions): {
  accept(event: WebhookEvent): Promise<InboxOutcome>;
} {
  // Each person's schema is made (or migrated) once per process, on their first event.
  const ready = new Map<string, Promise<void>>();
  const schemaOf = async (person: string) => {
    const schema = historySchemaOf(person);
    let made = ready.get(schema);
    if (!made) {
      made = migrateSchema(options.pool, schema);
      made.catch(() => ready.delete(schema));
      ready.set(schema, made);
    }
    await made;
    return schema;
  };
  return {
    async accept(event) {
      const person = event.user_id;
      if (person === null || !(await options.users.get(person))) return 'unknown';
      const schema = await schemaOf(person);
      const outcome = await recordEvent(
        options.pool,
        schema,
        {
          key: eventKey(event),
          event_type: event.event_type,
          data_type: event.data_type,
          object_id: event.object_id,
          event_time: event.event_time,
        },
        options.now(),
      );
      await options.queue.applyEvents(person);
      return outcome;
    },
  };
}
