/**
 * Oura webhooks for everyone on the server, put together: the route that
 * receives them, the inbox that queues each in its person's history and
 * applies it, and the application's subscriptions. The route exists from the
 * first request; {@link ServeWebhooks.start} runs once the server listens,
 * because making a subscription has Oura call the route.
 */

import { nowMs } from '../../clock.js';
import type { WebhookEvent } from '../../webhook/event.js';
import type { OuraApp } from '../oura-app.js';
import type { UserStore } from '../state/user-store.js';
import type { UserEngines } from '../user-engines.js';
import { type ServeSubscriptions, startServeSubscriptions } from './serve-subscriptions.js';
import { type InboxOutcome, WebhookInbox } from './webhook-inbox.js';
import { webhookRoute } from './webhook-route.js';

/** Where the route puts each event, and what the server asks of it. */
export interface ServeInbox {
  /** Commits the event before Oura gets its answer. */
  accept(event: WebhookEvent): Promise<InboxOutcome>;
  /** Picks up events left by an earlier run; says for how many people. */
  resume(): Promise<number>;
  /** Resolves once every event received so far is applied (or left for a retry later). */
  idle(): Promise<void>;
  /** Stops applying a person's events (they left). */
  drop(userId: string): Promise<void>;
  close(): Promise<void>;
}

export interface ServeWebhooksOptions {
  /** The token Oura echoes when it verifies a subscription (`state/webhook-token.ts`). */
  verificationToken: string;
  app: OuraApp;
  users: UserStore;
  engines: UserEngines;
  /** Subscribe the application at start (an https public URL, or asked for). */
  subscribe: boolean;
  publicUrl: string;
  log: (line: string) => void;
  now: () => number;
  /** Default: each person's queue in their history file, applied in this process. */
  inbox?: ServeInbox;
}

/** What a running server tells about its webhooks (tests and the bench wait on these). */
export interface ServeWebhooksView {
  /** Resolves once the subscriptions point here; at once when the server does not subscribe. */
  readonly subscribed: Promise<void>;
  /** Resolves once every event received so far is applied (or left for a retry later). */
  idle(): Promise<void>;
  /** Stops applying a person's events (they left); what is queued stays in their file. */
  drop(userId: string): Promise<void>;
}

export class ServeWebhooks implements ServeWebhooksView {
  readonly route: ReturnType<typeof webhookRoute>;
  private readonly inbox: ServeInbox;
  private subscriptions: ServeSubscriptions | undefined;
  private resuming: Promise<unknown> | undefined;

  constructor(private readonly options: ServeWebhooksOptions) {
    this.inbox =
      options.inbox ??
      new WebhookInbox({
        users: options.users,
        engines: options.engines,
        log: options.log,
        now: options.now,
      });
    this.route = webhookRoute({
      clientSecret: options.app.credentials.clientSecret,
      verificationToken: () => options.verificationToken,
      inbox: this.inbox,
      onVerified: () => this.subscriptions?.soon(),
      log: options.log,
      // A delivery's timestamp is Oura's: checked against the project's clock of record
      // (OURA_NOW pins it with the emulator's), not the state's (a test may move that one).
      now: nowMs,
    });
  }

  get subscribed(): Promise<void> {
    return this.subscriptions?.ready ?? Promise.resolve();
  }

  /** Picks up events queued before the last stop, and subscribes when asked to; returns at once. */
  start(): void {
    this.resuming = this.inbox.resume().then((people) => {
      if (people > 0) this.options.log(`webhooks: applying events queued before the last stop`);
    });
    if (!this.options.subscribe) return;
    this.subscriptions = startServeSubscriptions({
      app: this.options.app,
      callbackUrl: `${this.options.publicUrl}/oura/webhook`,
      verificationToken: this.options.verificationToken,
      log: this.options.log,
    });
  }

  idle(): Promise<void> {
    return this.inbox.idle();
  }

  drop(userId: string): Promise<void> {
    return this.inbox.drop(userId);
  }

  async close(): Promise<void> {
    this.subscriptions?.stop();
    await this.inbox.close();
    await this.resuming?.catch(() => {});
  }
}
