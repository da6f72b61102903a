/**
 * What `oura_status` says about freshness: when the history last changed (a
 * sync that finished, or a webhook that brought a document) and which
 * webhook subscriptions Oura has for the application.
 */
import type { Db } from '../history/database.js';
import { CHANGED_AT_KEY } from './apply.js';
import type { Subscription } from './subscriptions.js';

/** The later of the last completed sync and the last change a webhook made; null if neither. */
export function historyChangedAt(db: Db): string | null {
  const rows = db
    .prepare("SELECT value FROM meta WHERE key IN ('synced_at', ?)")
    .all(CHANGED_AT_KEY) as { value: string }[];
  const times = rows.map((row) => row.value).sort();
  return times.at(-1) ?? null;
}

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
