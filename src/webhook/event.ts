/**
 * Checking the body of a webhook delivery: the fields Oura sends
 * (`event_type`, `data_type`, `object_id`, `event_time`, `user_id`) and a data
 * type this client can fetch.
 */

import { isDocumentId } from '../history/document-check.js';
import { type DataType, typeOfWebhook } from '../oura/data-types.js';
import type { EventType } from './queue.js';

export interface WebhookEvent {
  event_type: EventType;
  /** REST spelling (`vO2_max`). */
  data_type: DataType;
  /** As Oura sent it (`vo2_max`). */
  webhook_type: string;
  object_id: string;
  event_time: string | null;
  user_id: string | null;
}

const EVENT_TYPES: readonly string[] = ['create', 'update', 'delete'];

/** The event, or the reason it is not one (for a 400/422 answer and the log). */
export function parseEvent(body: unknown): WebhookEvent | { error: string; status: 400 | 422 } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { error: 'the body is not a JSON object', status: 400 };
  }
  const record = body as Record<string, unknown>;
  const { event_type, data_type, object_id, event_time, user_id } = record;
  if (typeof event_type !== 'string' || !EVENT_TYPES.includes(event_type)) {
    return { error: 'event_type must be create, update or delete', status: 422 };
  }
  if (typeof data_type !== 'string') return { error: 'data_type is missing', status: 422 };
  // Accept the REST spelling too, in case Oura aligns the two names one day.
  const type = typeOfWebhook(data_type) ?? typeOfWebhook(data_type.toLowerCase());
  if (!type) return { error: `unknown data_type "${data_type.slice(0, 40)}"`, status: 422 };
  if (typeof object_id !== 'string' || object_id.length === 0) {
    return { error: 'object_id is missing', status: 422 };
  }
  // The history's own rule: an id it could never store is not worth queueing.
  if (!isDocumentId(object_id)) {
    return { error: 'object_id is not a document id', status: 422 };
  }
  return {
    event_type: event_type as EventType,
    data_type: type,
    webhook_type: data_type,
    object_id,
    event_time: typeof event_time === 'string' ? event_time : null,
    user_id: typeof user_id === 'string' ? user_id : null,
  };
}
