/**
 * A webhook event's identity. The queue itself (a table of the history) is
 * `history/webhook-queue.ts`, reached through the History's webhook store.
 */
import { createHash } from 'node:crypto';

export type { EventType, QueuedEvent } from '../history/webhook-queue.js';

/** The identity of an event: the same event redelivered (even re-signed later) has the same key. */
export function eventKey(event: {
  event_type: string;
  data_type: string;
  object_id: string;
  event_time: string | null;
  user_id: string | null;
}): string {
  const fields = [
    event.event_type,
    event.data_type,
    event.object_id,
    event.event_time,
    event.user_id,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}
