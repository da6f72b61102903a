/**
 * The server's webhook subscriptions: one per (event type, data type) for its
 * Oura application, which hears every person who granted the application
 * access, pointed at `<public URL>/oura/webhook`. Made after the server
 * listens (Oura verifies the callback before it answers), kept where they
 * already point here, moved where they point elsewhere, and renewed before
 * they expire. A failure is logged and tried again; the hourly sync keeps
 * everyone current meanwhile.
 *
 * https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
 */
import { ENDPOINTS, webhookTypes } from '../../oura/data-types.js';
import type { EventType } from '../../webhook/queue.js';
import { startRenewal } from '../../webhook/renewal.js';
import { applySubscriptionStep, planSubscriptions } from '../../webhook/subscription-plan.js';
import { SubscriptionClient } from '../../webhook/subscriptions.js';
import type { OuraApp } from '../oura-app.js';

const EVENTS: readonly EventType[] = ['create', 'update', 'delete'];
const RETRY_MS = 60_000;

export interface ServeSubscriptionsOptions {
  app: OuraApp;
  /** `<public URL>/oura/webhook`. */
  callbackUrl: string;
  verificationToken: string;
  log: (line: string) => void;
  /** Wait before trying again after a failure (default 1 min). */
  retryMs?: number;
}

export interface ServeSubscriptions {
  /** Resolves once every pair points here (the first time); never rejects. */
  readonly ready: Promise<void>;
  /** Look at the subscriptions again shortly (Oura just verified a callback). */
  soon(): void;
  stop(): void;
}

export function startServeSubscriptions(options: ServeSubscriptionsOptions): ServeSubscriptions {
  const { app, callbackUrl, verificationToken, log } = options;
  const client = new SubscriptionClient({
    baseUrl: app.apiUrl,
    clientId: app.credentials.clientId,
    clientSecret: app.credentials.clientSecret,
    ...(app.fetch ? { fetch: app.fetch } : {}),
  });
  const types = webhookTypes().map((type) => ENDPOINTS[type].webhook as string);
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let renewal: ReturnType<typeof startRenewal> | undefined;
  let done: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    done = resolve;
  });

  async function attempt(): Promise<void> {
    if (stopped) return;
    try {
      const steps = planSubscriptions(await client.list(), callbackUrl, types, EVENTS);
      let created = 0;
      let moved = 0;
      for (const step of steps) {
        if (stopped) return;
        await applySubscriptionStep(client, step, callbackUrl, verificationToken);
        if (step.action === 'create') created++;
        if (step.action === 'move') moved++;
      }
      log(
        `webhooks: ${steps.length - created - moved} subscriptions kept, ${created} made, ${moved} moved here`,
      );
      renewal ??= startRenewal({ client, log: (line) => log(`webhooks: ${line}`) });
      done();
    } catch (error) {
      if (stopped) return;
      const wait = options.retryMs ?? RETRY_MS;
      log(
        `webhooks: could not subscribe (retrying in ${Math.round(wait / 1000)} s): ${error instanceof Error ? error.message : String(error)}`,
      );
      retry = setTimeout(() => void attempt(), wait);
      retry.unref();
    }
  }

  void attempt();
  return {
    ready,
    soon: () => renewal?.soon(),
    stop() {
      stopped = true;
      clearTimeout(retry);
      renewal?.stop();
      done();
    },
  };
}
