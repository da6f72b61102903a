/**
 * Webhook events for `oura serve` on PostgreSQL: the web process commits the
 * event to the person's schema and, in the same transaction, asks the job
 * queue for a pass over their events, before Oura gets its answer. Any worker
 * applies it (`jobs/webhook-worker.ts`). A redelivered event is recognised by
 * its key and asks for nothing.
 */
import type { Pool } from 'pg';
import { inTransaction, migrateSchema } from '../../history/postgres/pg-open.js';
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
      return inTransaction(options.pool, async (client) => {
        const outcome = await recordEvent(
          client,
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
        if (outcome === 'queued') await options.queue.applyEvents(person, { transaction: client });
        return outcome;
      });
    },
  };
}
