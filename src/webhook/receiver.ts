/**
 * The HTTP side of `oura webhook listen`: Oura's verification challenge, and
 * event deliveries checked (size, timestamp, signature, shape, user) and
 * committed to the queue before the answer, so a 200 means the event is safe
 * on disk. The fetch happens after, in the worker: Oura allows 10 seconds.
 * Every refusal is a 4xx that changes nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from '../clock.js';
import type { WebhookStore } from '../history/history.js';
import { createBoundedServer, resolveBounds, type ServerBounds } from '../net/bounded-server.js';
import {
  checkDelivery,
  checkVerification,
  MAX_DELIVERY_BYTES,
  WebhookRefusal as Refusal,
  readDeliveryBody,
} from './delivery-check.js';
import { eventKey } from './queue.js';

export interface ReceiverOptions {
  host: string;
  port: number;
  /** The one path served, e.g. `/oura/webhook`. */
  path: string;
  /** Key of Oura's signatures. */
  clientSecret: string;
  /**
   * What `oura webhook subscribe` gave Oura (undefined when none is stored:
   * then GETs get 401). Read per request: `subscribe` runs while `listen` does.
   */
  verificationToken: () => Promise<string | undefined>;
  /** The logged-in user's id; events of other users are acknowledged and ignored. Undefined: not checked. */
  userId: string | undefined;
  store: WebhookStore;
  /** Called after an event is queued. */
  onQueued: () => void;
  /** Called after answering a verification challenge (a subscription is being created). */
  onVerified?: () => void;
  /** One line per request, never a secret. */
  log: (line: string) => void;
  /** Largest body accepted (default 64 KiB; Oura's events are ~200 bytes). */
  maxBodyBytes?: number;
  /** Limits of the server (tests shorten them); default {@link RECEIVER_BOUNDS}. */
  bounds?: Partial<ServerBounds>;
  now?: () => number;
}

/**
 * The receiver is the one server meant to face the internet (through a
 * tunnel), so its limits are the tightest that Oura's deliveries fit in.
 */
export const RECEIVER_BOUNDS: Readonly<ServerBounds> = Object.freeze({
  // Oura sends a ~200-byte event in one go: 10 s for its head and its body is ample.
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  // The answer is a queue insert (SQLite waits up to 2 s for a lock): 30 s
  // without a byte either way means a client not reading its answer.
  idleTimeoutMs: 30_000,
  // A sender reusing a connection the server has just closed as idle gets a
  // failed delivery ("other side closed"); Node's 5 s makes that race likely
  // for a sender that pauses between bursts, 65 s makes it rare.
  keepAliveTimeoutMs: 65_000,
  // Oura delivers a few events at a time; 512 also stays under the smallest
  // common descriptor limit (1024) with room for the history and the worker.
  maxConnections: 512,
});

export interface Receiver {
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { log } = options;
  const now = options.now ?? nowMs;
  const max = options.maxBodyBytes ?? MAX_DELIVERY_BYTES;

  async function verification(url: URL, res: ServerResponse): Promise<void> {
    const challenge = checkVerification(url.searchParams, await options.verificationToken());
    send(res, 200, { challenge });
    log('verification: answered the challenge');
    options.onVerified?.();
  }

  async function delivery(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readDeliveryBody(req, max);
    const event = checkDelivery({
      raw,
      headers: req.headers,
      clientSecret: options.clientSecret,
      now: now(),
    });
    const what = `${event.event_type} ${event.webhook_type} ${event.object_id}`;
    if (options.userId && event.user_id !== options.userId) {
      send(res, 200, { status: 'ignored' });
      log(`ignored ${what}: it is for another user`);
      return;
    }
    const outcome = await options.store.enqueue({ key: eventKey(event), ...event }, now());
    send(res, 200, { status: outcome });
    // A queued event gets its one line when the worker applies it.
    if (outcome === 'queued') options.onQueued();
    else log(`already accepted ${what}: not applied again`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url = new URL('http://receiver.invalid/');
    try {
      try {
        url = new URL(req.url ?? '/', url);
      } catch {
        // An absolute-form request target (`POST http://[::1 HTTP/1.1`) can be unparsable.
        throw new Refusal(400, 'unreadable request target');
      }
      if (url.pathname !== options.path)
        throw new Refusal(404, `no route ${req.method} ${url.pathname}`);
      if (req.method === 'GET') await verification(url, res);
      else if (req.method === 'POST') await delivery(req, res);
      else throw new Refusal(405, `method ${req.method} not allowed`);
    } catch (error) {
      const refusal =
        error instanceof Refusal
          ? error
          : new Refusal(
              503,
              `could not queue the event: ${error instanceof Error ? error.message : String(error)}`,
            );
      log(`refused ${refusal.status} ${req.method} ${url.pathname}: ${refusal.message}`);
      if (res.headersSent) return void res.destroy();
      // Oversize bodies: answer, then close rather than read the rest.
      const close = refusal.status === 413 ? { connection: 'close' } : {};
      const allow = refusal.status === 405 ? { allow: 'GET, POST' } : {};
      send(
        res,
        refusal.status,
        { status: refusal.status, detail: refusal.message },
        { ...close, ...allow },
      );
    }
  }

  const server = createBoundedServer(resolveBounds(RECEIVER_BOUNDS, options.bounds), (req, res) => {
    // Nothing a request does may take the receiver down.
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}${options.path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
