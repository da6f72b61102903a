/**
 * Keeps the subscriptions alive while the receiver runs: Oura's expire
 * (`expiration_time`) and stop delivering, silently. Each is renewed when less
 * than a margin of its life is left: a day, or half the lifetime Oura granted
 * on the last renewal when that is shorter (so a short-lived subscription is
 * not renewed in a tight loop, nor too late).
 */

import { nowMs } from '../clock.js';
import type { Subscription, SubscriptionClient } from './subscriptions.js';

const DAY_MS = 86_400_000;
const MIN_WAIT_MS = 1000;
const MAX_WAIT_MS = 3_600_000;
const RETRY_MS = 60_000;
/** After a verification, Oura creates the subscription once our answer arrives. */
const SOON_MS = 2000;

export interface RenewalOptions {
  client: Pick<SubscriptionClient, 'list' | 'renew'>;
  log: (line: string) => void;
  now?: () => number;
}

export interface Renewal {
  /** Looks at the subscriptions again shortly (one was just created). */
  soon(): void;
  stop(): void;
}

export function startRenewal(options: RenewalOptions): Renewal {
  const now = options.now ?? nowMs;
  let lifetime: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const margin = () => Math.min(DAY_MS, lifetime === undefined ? DAY_MS : lifetime / 2);

  async function renew(sub: Subscription): Promise<Subscription> {
    const renewed = await options.client.renew(sub.id);
    const until = Date.parse(renewed.expiration_time);
    if (!Number.isNaN(until)) lifetime = until - now();
    options.log(
      `renewed subscription ${sub.id} (${sub.event_type} ${sub.data_type}) until ${renewed.expiration_time}`,
    );
    return renewed;
  }

  async function tick(): Promise<void> {
    let wait = MAX_WAIT_MS;
    try {
      for (let sub of await options.client.list()) {
        if (stopped) return;
        const expires = () => Date.parse(sub.expiration_time) - now();
        if (Number.isNaN(expires())) continue;
        if (expires() < margin()) sub = await renew(sub);
        wait = Math.min(wait, expires() - margin());
      }
    } catch (error) {
      options.log(
        `could not renew the subscriptions (retrying in ${RETRY_MS / 1000} s): ${error instanceof Error ? error.message : String(error)}`,
      );
      wait = RETRY_MS;
    }
    if (stopped) return;
    arm(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, wait)));
  }

  function arm(ms: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  }

  void tick();
  return {
    soon() {
      if (!stopped) arm(SOON_MS);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
