/**
 * The webhook side of the emulated Oura (docs/oura-api.md, "Webhooks"):
 * subscription routes authenticated with `x-client-id` / `x-client-secret`,
 * the verification GET to the callback on create, signed deliveries retried
 * after failures, 410 cancelling a subscription, and expiry. It signs with
 * its own code, not the client's, so the two check each other.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounts } from './accounts.js';
import { readJsonObject, safeEqual, sendJson, sendProblem } from './http-util.js';
import { randomToken } from './token-store.js';

export const WEBHOOK_EVENT_TYPES = ['create', 'update', 'delete'] as const;
/** `ExtApiV2DataType` as the subscription routes spell it. */
export const WEBHOOK_DATA_TYPES = [
  'tag',
  'enhanced_tag',
  'workout',
  'session',
  'sleep',
  'daily_sleep',
  'daily_readiness',
  'daily_activity',
  'daily_spo2',
  'sleep_time',
  'rest_mode_period',
  'ring_configuration',
  'daily_stress',
  'daily_cardiovascular_age',
  'daily_resilience',
  'vo2_max',
  'meal',
] as const;

/** REST route name → webhook name, where they differ. */
const WEBHOOK_NAME: Record<string, string> = { vO2_max: 'vo2_max' };

interface StoredSubscription {
  id: string;
  clientId: string;
  callback_url: string;
  event_type: string;
  data_type: string;
  expiresAt: number;
  verification_token: string;
}

/** What one delivery of one event to one subscription came to. */
export interface DeliveryOutcome {
  subscription: string;
  /** HTTP status of the last attempt, or 0 when no answer came. */
  status: number;
  attempts: number;
  delivered: boolean;
}

export interface WebhookStats {
  webhookAttempts: number;
  webhookDelivered: number;
  webhookVerifications: number;
}

export interface WebhookDeps {
  clients: { clientId: string; clientSecret: string }[];
  /** One subscription hears every account; an event names its account in `user_id`. */
  accounts: Accounts;
  /** Subscription lifetime; default 90 days. */
  lifetimeSeconds: number;
  /** Delay before each retry of a failed delivery; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  stats: WebhookStats;
  now: () => number;
}

const ROUTE_RE = /^\/v2\/webhook\/subscription(?:\/(renew\/)?([^/]+))?$/;

/** `http(s)://…`: where Oura can deliver. */
function isHttpUrl(value: unknown): value is string {
  return typeof value === 'string' && /^https?:\/\//.test(value);
}

/** A FastAPI-style 422, the shape Oura's validation errors have. */
function invalid(res: ServerResponse, field: string, msg: string): void {
  sendJson(res, 422, { detail: [{ loc: ['body', field], msg, type: 'value_error' }] });
}

export function createWebhookHandler(deps: WebhookDeps) {
  const subscriptions = new Map<string, StoredSubscription>();
  const timers = new Set<NodeJS.Timeout>();
  const view = (sub: StoredSubscription) => ({
    id: sub.id,
    callback_url: sub.callback_url,
    event_type: sub.event_type,
    data_type: sub.data_type,
    expiration_time: new Date(sub.expiresAt).toISOString(),
  });

  function client(req: IncomingMessage) {
    const id = req.headers['x-client-id'];
    const secret = req.headers['x-client-secret'];
    if (typeof id !== 'string' || typeof secret !== 'string') return undefined;
    return deps.clients.find((c) => c.clientId === id && safeEqual(c.clientSecret, secret));
  }

  /**
   * Oura's check that the callback belongs to whoever subscribes it: true when
   * it passed; otherwise the 422 is already answered.
   */
  async function verifyCallback(
    res: ServerResponse,
    callback: string,
    token: string,
  ): Promise<boolean> {
    const failure = await challengeOf(callback, token);
    if (failure) {
      sendProblem(
        res,
        422,
        'Unprocessable Entity',
        `Callback URL verification failed: ${failure}.`,
      );
    }
    return failure === undefined;
  }

  /** Why the callback failed the challenge, or undefined when it passed. */
  async function challengeOf(callback: string, token: string): Promise<string | undefined> {
    deps.stats.webhookVerifications++;
    const challenge = randomToken(16);
    const url = new URL(callback);
    url.searchParams.set('verification_token', token);
    url.searchParams.set('challenge', challenge);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) return `the callback answered HTTP ${response.status}`;
      const body = (await response.json().catch(() => undefined)) as
        | { challenge?: unknown }
        | undefined;
      return body?.challenge === challenge ? undefined : 'the callback did not echo the challenge';
    } catch (error) {
      return `the callback could not be reached (${error instanceof Error ? error.message : String(error)})`;
    }
  }

  async function create(
    req: IncomingMessage,
    res: ServerResponse,
    clientId: string,
  ): Promise<void> {
    const body = await readJsonObject(req);
    if (!body) return invalid(res, 'body', 'Expected a JSON object.');
    const { callback_url, verification_token, event_type, data_type } = body;
    if (!isHttpUrl(callback_url)) {
      return invalid(res, 'callback_url', 'Field required: an http(s) URL.');
    }
    if (typeof verification_token !== 'string' || !verification_token) {
      return invalid(res, 'verification_token', 'Field required.');
    }
    if (!WEBHOOK_EVENT_TYPES.includes(event_type as never)) {
      return invalid(res, 'event_type', "Input should be 'create', 'update' or 'delete'.");
    }
    if (!WEBHOOK_DATA_TYPES.includes(data_type as never)) {
      return invalid(res, 'data_type', `Input should be one of ${WEBHOOK_DATA_TYPES.join(', ')}.`);
    }
    const taken = [...subscriptions.values()].find(
      (s) => s.clientId === clientId && s.event_type === event_type && s.data_type === data_type,
    );
    if (taken) {
      return sendProblem(
        res,
        409,
        'Conflict',
        `A subscription for ${event_type} ${data_type} already exists (${taken.id}).`,
      );
    }
    if (!(await verifyCallback(res, callback_url, verification_token))) return;
    const sub: StoredSubscription = {
      id: randomUUID(),
      clientId,
      callback_url,
      event_type: event_type as string,
      data_type: data_type as string,
      verification_token,
      expiresAt: deps.now() + deps.lifetimeSeconds * 1000,
    };
    subscriptions.set(sub.id, sub);
    sendJson(res, 201, view(sub));
  }

  /**
   * `POST /_emulator/webhook/events` `{event_type, data_type, object_id, account?}`:
   * send an event now, of the account at that position or with that user id (default the first).
   */
  async function controlEvent(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const event = await readJsonObject(req);
    const { event_type, data_type, object_id, account = 0 } = event ?? {};
    const index =
      typeof account === 'number' || typeof account === 'string'
        ? deps.accounts.indexOf(account)
        : undefined;
    const userId = index === undefined ? undefined : deps.accounts.list[index]?.userId;
    if (
      req.method !== 'POST' ||
      typeof event_type !== 'string' ||
      typeof data_type !== 'string' ||
      typeof object_id !== 'string' ||
      userId === undefined
    ) {
      return sendProblem(
        res,
        400,
        'Bad Request',
        'POST {event_type, data_type, object_id, account?} (account: a position or a user id of this emulator).',
      );
    }
    // Deliveries (and their retries) go on after the answer.
    void deliver({ event_type, data_type, object_id, userId });
    res.writeHead(202).end();
  }

  /** `PUT /{id}` (`UpdateWebhookSubscriptionRequest`): a new callback is verified like a new subscription. */
  async function update(
    req: IncomingMessage,
    res: ServerResponse,
    sub: StoredSubscription,
  ): Promise<void> {
    const body = await readJsonObject(req);
    if (!body) return invalid(res, 'body', 'Expected a JSON object.');
    const { verification_token, callback_url } = body;
    if (typeof verification_token !== 'string' || !verification_token) {
      return invalid(res, 'verification_token', 'Field required.');
    }
    if (callback_url !== undefined && callback_url !== null) {
      if (!isHttpUrl(callback_url)) {
        return invalid(res, 'callback_url', 'Expected an http(s) URL.');
      }
      if (!(await verifyCallback(res, callback_url, verification_token))) return;
      sub.callback_url = callback_url;
    }
    sub.verification_token = verification_token;
    sendJson(res, 200, view(sub));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === '/_emulator/webhook/events') {
      await controlEvent(req, res);
      return true;
    }
    const match = ROUTE_RE.exec(url.pathname);
    if (!match) return false;
    const app = client(req);
    if (!app) {
      sendProblem(
        res,
        401,
        'Unauthorized',
        'Invalid client credentials (x-client-id, x-client-secret).',
      );
      return true;
    }
    const [, renew, rawId] = match;
    if (rawId === undefined) {
      if (req.method === 'GET') {
        sendJson(
          res,
          200,
          [...subscriptions.values()].filter((s) => s.clientId === app.clientId).map(view),
        );
      } else if (req.method === 'POST') await create(req, res, app.clientId);
      else sendProblem(res, 405, 'Method Not Allowed', 'Use GET or POST.', { allow: 'GET, POST' });
      return true;
    }
    const sub = subscriptions.get(decodeURIComponent(rawId));
    if (!sub || sub.clientId !== app.clientId) {
      sendProblem(res, 403, 'Forbidden', 'No such subscription for this client.');
    } else if (renew && req.method === 'PUT') {
      sub.expiresAt = deps.now() + deps.lifetimeSeconds * 1000;
      sendJson(res, 200, view(sub));
    } else if (renew) {
      sendProblem(res, 405, 'Method Not Allowed', 'Use PUT.', { allow: 'PUT' });
    } else if (req.method === 'GET') sendJson(res, 200, view(sub));
    else if (req.method === 'PUT') await update(req, res, sub);
    else if (req.method === 'DELETE') {
      subscriptions.delete(sub.id);
      res.writeHead(204).end();
    } else sendProblem(res, 405, 'Method Not Allowed', 'Use GET, PUT or DELETE.');
    return true;
  }

  /** One signed POST of `body` to a subscription's callback; the HTTP status, 0 on no answer. */
  async function post(sub: StoredSubscription, body: string): Promise<number> {
    deps.stats.webhookAttempts++;
    const secret = deps.clients.find((c) => c.clientId === sub.clientId)?.clientSecret ?? '';
    const timestamp = String(Math.floor(deps.now() / 1000));
    const signature = createHmac('sha256', secret)
      .update(timestamp + body)
      .digest('hex')
      .toUpperCase();
    try {
      const response = await fetch(sub.callback_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-oura-signature': signature,
          'x-oura-timestamp': timestamp,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Delivers to one subscription, retrying on the schedule; 410 cancels the subscription. */
  async function deliverTo(sub: StoredSubscription, body: string): Promise<DeliveryOutcome> {
    for (let attempt = 0; ; attempt++) {
      const status = await post(sub, body);
      const outcome = {
        subscription: sub.id,
        status,
        attempts: attempt + 1,
        delivered: status >= 200 && status < 300,
      };
      if (outcome.delivered) deps.stats.webhookDelivered++;
      if (status === 410) subscriptions.delete(sub.id);
      const delay = deps.retryDelaysMs[attempt];
      if (outcome.delivered || status === 410 || delay === undefined || !subscriptions.has(sub.id))
        return outcome;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, delay);
        timers.add(timer);
      });
    }
  }

  /**
   * Sends an event of account `userId` to every live subscription for its
   * (event, data type). An application's subscription hears every account
   * (Oura's hear each user who granted the application access; the emulator
   * does not ask for a grant first). `data_type` may be the REST name
   * (`vO2_max`). Resolves when every delivery succeeded or ran out of retries.
   */
  function deliver(event: {
    event_type: string;
    data_type: string;
    object_id: string;
    userId: string;
  }): Promise<DeliveryOutcome[]> {
    const dataType = WEBHOOK_NAME[event.data_type] ?? event.data_type;
    const body = JSON.stringify({
      event_type: event.event_type,
      data_type: dataType,
      object_id: event.object_id,
      event_time: new Date(deps.now()).toISOString(),
      user_id: event.userId,
    });
    const live = [...subscriptions.values()].filter(
      (s) =>
        s.event_type === event.event_type && s.data_type === dataType && s.expiresAt > deps.now(),
    );
    return Promise.all(live.map((sub) => deliverTo(sub, body)));
  }

  return {
    handle,
    deliver,
    list: () => [...subscriptions.values()].map(view),
    /** Stops pending retries (the emulator is closing). */
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
