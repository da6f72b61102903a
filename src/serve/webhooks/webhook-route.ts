/**
 * `/oura/webhook` of `oura serve`: Oura's verification challenge, and event
 * deliveries checked as `oura webhook listen` checks them (size, timestamp,
 * signature by the server's Oura application, shape), then committed to the
 * queue of the person the event names before the answer. An event for
 * nobody here is acknowledged, so Oura stops retrying it, and dropped.
 * Every refusal is a 4xx that changes nothing.
 *
 * https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
 */
import type { Request, Response } from 'express';
import {
  checkDelivery,
  checkVerification,
  readDeliveryBody,
  WebhookRefusal,
} from '../../webhook/delivery-check.js';
import { personTag, type WebhookInbox } from './webhook-inbox.js';

export interface WebhookRouteDeps {
  /** The server's Oura application's client secret: the key of Oura's signatures. */
  clientSecret: string;
  /** The token the server gave Oura with its subscriptions. */
  verificationToken: () => string | undefined;
  inbox: Pick<WebhookInbox, 'accept'>;
  /** Called after a challenge was answered: Oura is making a subscription. */
  onVerified?: () => void;
  log: (line: string) => void;
  now: () => number;
}

function send(res: Response, status: number, body: unknown): void {
  res.status(status).set('cache-control', 'no-store').json(body);
}

/** The handler for every method on `/oura/webhook`. */
export function webhookRoute(deps: WebhookRouteDeps) {
  async function handle(req: Request, res: Response): Promise<void> {
    if (req.method === 'GET') {
      const query = new URL(req.originalUrl, 'http://serve.invalid').searchParams;
      send(res, 200, { challenge: checkVerification(query, deps.verificationToken()) });
      deps.onVerified?.();
      return;
    }
    if (req.method !== 'POST') {
      res.set('allow', 'GET, POST');
      throw new WebhookRefusal(405, `method ${req.method} not allowed`);
    }
    const raw = await readDeliveryBody(req);
    const event = checkDelivery({
      raw,
      headers: req.headers,
      clientSecret: deps.clientSecret,
      now: deps.now(),
    });
    const outcome = await deps.inbox.accept(event);
    if (outcome === 'unknown') {
      send(res, 200, { status: 'ignored' });
      const tag = event.user_id === null ? 'no user' : `user ${personTag(event.user_id)}`;
      deps.log(
        `webhook: ignored ${event.event_type} ${event.webhook_type} for ${tag}: nobody here`,
      );
      return;
    }
    send(res, 200, { status: outcome });
    if (outcome === 'duplicate') {
      deps.log(
        `webhook ${personTag(event.user_id ?? '')}: already accepted ${event.event_type} ${event.webhook_type} ${event.object_id}: not applied again`,
      );
    }
  }

  return (req: Request, res: Response): void => {
    handle(req, res).catch((error: unknown) => {
      const refusal =
        error instanceof WebhookRefusal
          ? error
          : new WebhookRefusal(
              503,
              `could not queue the event (${error instanceof Error ? error.name : 'error'})`,
            );
      deps.log(`webhook: refused ${refusal.status} ${req.method}: ${refusal.message}`);
      if (res.headersSent) return void res.destroy();
      // Oversize bodies: answer, then close rather than read the rest.
      if (refusal.status === 413) res.set('connection', 'close');
      send(res, refusal.status, { status: refusal.status, detail: refusal.message });
    });
  };
}
