/**
 * Making an application's subscriptions point at one callback URL: Oura keeps
 * one subscription per (event type, data type) and application, so each pair
 * is kept (already there), moved (there, for another URL) or created. Shared
 * by `oura webhook subscribe` and `oura serve`.
 *
 * https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
 */
import type { EventType } from './queue.js';
import type { Subscription, SubscriptionClient } from './subscriptions.js';

/** What to do for one (event type, data type) pair. */
export type SubscriptionStep =
  | { action: 'keep'; event_type: EventType; data_type: string; existing: Subscription }
  | { action: 'move'; event_type: EventType; data_type: string; existing: Subscription }
  | { action: 'create'; event_type: EventType; data_type: string };

/** One step per pair, data types outer, events inner. `dataTypes` in the webhook spelling (`vo2_max`). */
export function planSubscriptions(
  existing: readonly Subscription[],
  url: string,
  dataTypes: readonly string[],
  events: readonly EventType[],
): SubscriptionStep[] {
  const steps: SubscriptionStep[] = [];
  for (const data_type of dataTypes) {
    for (const event_type of events) {
      const same = existing.find((s) => s.data_type === data_type && s.event_type === event_type);
      if (!same) steps.push({ action: 'create', event_type, data_type });
      else
        steps.push({
          action: same.callback_url === url ? 'keep' : 'move',
          event_type,
          data_type,
          existing: same,
        });
    }
  }
  return steps;
}

/**
 * Carries out one step that changes something (Oura verifies `url` with
 * `token` before answering); undefined for a `keep`.
 */
export async function applySubscriptionStep(
  client: Pick<SubscriptionClient, 'create' | 'update'>,
  step: SubscriptionStep,
  url: string,
  token: string,
): Promise<Subscription | undefined> {
  if (step.action === 'keep') return undefined;
  if (step.action === 'move') {
    return client.update(step.existing.id, { callback_url: url, verification_token: token });
  }
  return client.create({
    callback_url: url,
    verification_token: token,
    event_type: step.event_type,
    data_type: step.data_type,
  });
}
