/**
 * What a worker does with a webhook job: one pass over a person's recorded
 * events (their schema's `webhook_events`, committed by the web process
 * before it answered Oura). Each announced document is fetched by id and
 * stored, or deleted for `delete` (and for a 404); the events of one document
 * are applied together, with one fetch of its latest version. A document the
 * history refuses ends its events, logged (fetching it again would bring the
 * same document). Any other failure keeps the events, due again after a
 * doubling delay, and asks for a pass then: nothing is dropped, and a job
 * that died midway is retried by the queue, applying what is still pending.
 */
import type { Pool } from 'pg';
import { NotFoundError } from '../../api/errors.js';
import type { ListType } from '../../api/types.js';
import { DocumentRefusedError } from '../../history/document-check.js';
import {
  dueEvents,
  removeWebhookDocument,
  retryEventsLater,
  settleEvents,
  storeWebhookDocument,
} from '../../history/postgres/pg-webhook-events.js';
import type { QueuedEvent } from '../../history/webhook-queue.js';
import { historySchemaOf } from '../person-schema.js';

export interface WebhookWorkerOptions {
  pool: Pool;
  /** One document by id, read for `person` (their token, the application's budget). */
  fetchDocument(person: string, type: ListType, id: string): Promise<unknown>;
  /** Asks for another pass over `person`'s events at `at` (the queue's `applyEvents`). */
  passAt(person: string, at: Date): Promise<unknown>;
  /** One line per document applied, refused or kept for later; never a token. */
  log?: (line: string) => void;
  now?: () => number;
  /** The first retry's delay, doubling per attempt (default 2 s), up to `retryMaxMs` (default 10 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** Events read per round of a pass. */
const BATCH = 200;

export function webhookWorker(
  options: WebhookWorkerOptions,
): (job: { person: string }) => Promise<void> {
  const now = options.now ?? Date.now;
  const base = options.retryBaseMs ?? 2_000;
  const max = options.retryMaxMs ?? 600_000;

  return async ({ person }) => {
    const schema = historySchemaOf(person);
    const failed = new Set<string>();
    let retryAt: number | undefined;
    for (;;) {
      const due = (await dueEvents(options.pool, schema, now(), BATCH)).filter(
        (event) => !failed.has(event.key),
      );
      if (due.length === 0) break;
      for (const events of byDocument(due).values()) {
        const kept = await apply(person, schema, events);
        if (kept === undefined) continue;
        for (const event of events) failed.add(event.key);
        retryAt = Math.min(retryAt ?? kept, kept);
      }
    }
    if (retryAt !== undefined) await options.passAt(person, new Date(retryAt));
  };

  /** Applies one document's events; answers when they are due again if they were kept. */
  async function apply(
    person: string,
    schema: string,
    events: QueuedEvent[],
  ): Promise<number | undefined> {
    const last = events[events.length - 1] as QueuedEvent;
    const keys = events.map((event) => event.key);
    const what = `${last.event_type} ${last.data_type}`;
    // A delete event, or an update whose document Oura no longer has: both remove it.
    const remove = () =>
      removeWebhookDocument(options.pool, schema, last.data_type, last.object_id, now());
    try {
      let result: string;
      if (last.event_type === 'delete') {
        result = await remove();
      } else {
        try {
          const doc = await options.fetchDocument(
            person,
            last.data_type as ListType,
            last.object_id,
          );
          result = await storeWebhookDocument(
            options.pool,
            schema,
            last.data_type,
            last.object_id,
            doc,
            now(),
          );
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          result = await remove();
        }
      }
      await settleEvents(options.pool, schema, keys, now());
      options.log?.(`applied ${what} in ${schema}: ${result}`);
      return undefined;
    } catch (error) {
      if (error instanceof DocumentRefusedError) {
        await settleEvents(options.pool, schema, keys, now(), error.refusal.reason);
        options.log?.(`refused ${what} in ${schema}: ${error.refusal.reason}; not retried`);
        return undefined;
      }
      const attempts = Math.max(...events.map((event) => event.attempts)) + 1;
      const at = now() + Math.min(max, base * 2 ** (attempts - 1));
      const reason = error instanceof Error ? error.message : String(error);
      await retryEventsLater(options.pool, schema, keys, at, reason);
      options.log?.(`kept ${what} in ${schema} for attempt ${attempts + 1}: ${reason}`);
      return at;
    }
  }
}

/** Due events grouped by the document they announce, oldest first within each. */
function byDocument(events: readonly QueuedEvent[]): Map<string, QueuedEvent[]> {
  const groups = new Map<string, QueuedEvent[]>();
  for (const event of events) {
    const key = `${event.data_type}/${event.object_id}`;
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  return groups;
}
