/** Oura's webhook subscriptions for the application: how many, and the soonest expiry. */
import type { Subscription } from '../webhook/subscriptions.js';
import { type Check, fail, ok, reasonOf, warn } from './check.js';

export async function checkWebhooks(
  list: () => Promise<Subscription[]>,
  now: Date,
): Promise<Check> {
  let subscriptions: Subscription[];
  try {
    subscriptions = await list();
  } catch (error) {
    const { ClientRejectedError } = await import('../webhook/subscriptions.js');
    if (error instanceof ClientRejectedError) {
      return fail('webhooks', `${error.message} Check them with \`oura setup\`.`);
    }
    return warn('webhooks', `could not list the subscriptions (${reasonOf(error)}).`);
  }
  if (subscriptions.length === 0) {
    return ok(
      'webhooks',
      'no subscriptions (`oura webhook subscribe` keeps the history current as data arrives)',
    );
  }
  const expired = subscriptions.filter((sub) => Date.parse(sub.expiration_time) <= now.getTime());
  const soonest = subscriptions.map((sub) => sub.expiration_time).sort()[0];
  const count = `${subscriptions.length} subscription${subscriptions.length === 1 ? '' : 's'}`;
  const summary = `${count}, soonest expiry ${soonest}`;
  if (expired.length > 0) {
    return warn(
      'webhooks',
      `${summary}; ${expired.length} expired: run \`oura webhook renew --all\`.`,
    );
  }
  return ok('webhooks', summary);
}
