/**
 * What `oura_status` says about freshness: when the history last changed (a
 * sync that finished, or a webhook that brought a document) and which
 * webhook subscriptions Oura has for the application.
 */
import type { Subscription } from './subscriptions.js';

/** The subscriptions in a form for people and assistants: each with its time left. */
export function describeSubscriptions(subs: Subscription[], now: Date) {
  return subs.map((sub) => ({
    id: sub.id,
    event_type: sub.event_type,
    data_type: sub.data_type,
    expiration_time: sub.expiration_time,
    expired: Date.parse(sub.expiration_time) <= now.getTime(),
  }));
}
