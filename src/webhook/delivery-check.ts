/**
 * The checks every Oura webhook request passes, wherever it is received
 * (`oura webhook listen`, `oura serve`'s `/oura/webhook`): the verification
 * challenge against the verification token, and a delivery's size,
 * timestamp window, signature and shape. Each refusal is a
 * {@link WebhookRefusal} naming the 4xx to answer; nothing here writes.
 *
 * https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readCappedBody } from '../net/bounded-server.js';
import { parseEvent, type WebhookEvent } from './event.js';
import { MAX_SKEW_MS, parseTimestamp, verifySignature } from './signature.js';

/** Largest delivery accepted: Oura's events are ~200 bytes. */
export const MAX_DELIVERY_BYTES = 64 * 1024;

/** A request refused: `status` is the answer, `message` the log line (never a secret). */
export class WebhookRefusal extends Error {
  override readonly name = 'WebhookRefusal';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sameSecret(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The challenge to echo for Oura's verification GET (`verification_token`,
 * `challenge` in the query). `expected` undefined: no subscription was made
 * with a token here, so every challenge is refused (401).
 */
export function checkVerification(query: URLSearchParams, expected: string | undefined): string {
  const token = query.get('verification_token') ?? '';
  const challenge = query.get('challenge');
  if (!expected || !sameSecret(expected, token)) {
    throw new WebhookRefusal(401, 'verification request with a wrong verification_token');
  }
  if (!challenge) throw new WebhookRefusal(400, 'verification request without a challenge');
  return challenge;
}

/** The body of a delivery, refused with 413 once it is over `maxBytes`. */
export async function readDeliveryBody(
  req: IncomingMessage,
  maxBytes = MAX_DELIVERY_BYTES,
): Promise<string> {
  try {
    return await readCappedBody(req, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new WebhookRefusal(413, error.message);
    throw error;
  }
}

/**
 * The event a delivery carries, once its `x-oura-timestamp` is within
 * {@link MAX_SKEW_MS} of `now` and its `x-oura-signature` is the
 * HMAC-SHA256 of timestamp + body keyed by `clientSecret`.
 */
export function checkDelivery(input: {
  raw: string;
  headers: IncomingMessage['headers'];
  clientSecret: string;
  now: number;
}): WebhookEvent {
  const header = (name: string) => {
    const value = input.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const stamp = header('x-oura-timestamp');
  const signature = header('x-oura-signature');
  if (!stamp || !signature) throw new WebhookRefusal(401, 'unsigned delivery');
  const at = parseTimestamp(stamp);
  if (at === undefined) throw new WebhookRefusal(401, 'unreadable x-oura-timestamp');
  if (Math.abs(input.now - at) > MAX_SKEW_MS) {
    throw new WebhookRefusal(401, `stale timestamp (${Math.round((input.now - at) / 1000)} s off)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.raw);
  } catch {
    parsed = undefined;
  }
  if (!verifySignature(input.clientSecret, stamp, input.raw, parsed, signature)) {
    throw new WebhookRefusal(401, 'bad signature');
  }
  if (parsed === undefined) throw new WebhookRefusal(400, 'the body is not JSON');
  const event = parseEvent(parsed);
  if ('error' in event) throw new WebhookRefusal(event.status, event.error);
  return event;
}
