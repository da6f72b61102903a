/**
 * One policy for every HTTP server we run (the webhook receiver, the proxy,
 * the login callback listener, the emulator), so that no client can hold a
 * connection, or enough connections to lock the others out, by being slow:
 *
 * - A request head must arrive within `headersTimeoutMs` and the whole request
 *   within `requestTimeoutMs`, counted from its first byte (from the connection
 *   for the first request). The answer's own time is not counted: a slow
 *   answer (the emulator's `latencyMs`, a held login callback) is never cut.
 *   On a timeout the socket is destroyed after a 408, not half-closed: a
 *   half-closed socket stays open for as long as the client likes.
 * - With a request open and no byte moving either way for `idleTimeoutMs`
 *   (a client that does not read its answer), the socket is destroyed.
 * - At most `maxConnections` at once. A plain cap would refuse the one
 *   legitimate client while an attacker holds every slot with connections that
 *   never finish a request; so when the cap is reached, a new connection takes
 *   the place of the connection that has waited longest without a complete
 *   request in hand (first one waiting for a request head, then one still
 *   sending its body). Only connections whose request has fully arrived and is
 *   being answered are never dropped; when all are, the newcomer is refused.
 *   An attacker can still push a legitimate connection out, but only by
 *   opening `maxConnections` new ones in the moment between its connect and
 *   its request head (milliseconds for a real client).
 * - Bodies are read through {@link readCappedBody}; the server answers its
 *   {@link BodyTooLargeError} with 413 and `connection: close` (the rest of the
 *   body is not read).
 *
 * Node's own `server.maxConnections` only refuses (the plain cap), and Node's
 * default `connectionsCheckingInterval` (30 s) would let a 10 s timeout run to
 * 40 s: both are replaced here.
 *
 * @see https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';

/** The limits of one server; each server states its own, with the reasons. */
export interface ServerBounds {
  /** From the connection (or a further request's first byte) to a complete request head. */
  headersTimeoutMs: number;
  /** From the same start to the whole request, body included; at least `headersTimeoutMs`. */
  requestTimeoutMs: number;
  /** A connection with a request open and no byte moving either way for this long is dropped. */
  idleTimeoutMs: number;
  /** How long a kept-alive connection may wait, idle, for its next request. */
  keepAliveTimeoutMs: number;
  /** Connections held at once (see the module comment for who gives way at the cap). */
  maxConnections: number;
}

/** A request body over its server's limit; the server answers 413 and closes. */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`the request body is over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Bounds with `overrides` applied (tests shorten timeouts), checked. */
export function resolveBounds(
  defaults: ServerBounds,
  overrides: Partial<ServerBounds> = {},
): ServerBounds {
  const bounds = { ...defaults, ...overrides };
  for (const [name, value] of Object.entries(bounds)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`server bounds: ${name} must be a positive integer, not ${value}`);
    }
  }
  if (bounds.headersTimeoutMs > bounds.requestTimeoutMs) {
    throw new RangeError('server bounds: headersTimeoutMs must not exceed requestTimeoutMs');
  }
  return bounds;
}

/**
 * A `node:http` server with `bounds` applied (or `node:https` with `tls`:
 * `oura serve --tls-cert/--tls-key`); listen on it as usual.
 */
export function createBoundedServer(
  bounds: ServerBounds,
  listener: RequestListener,
  tls?: { cert: Buffer; key: Buffer },
): Server {
  const shortest = Math.min(bounds.headersTimeoutMs, bounds.requestTimeoutMs);
  const create = (tls ? createHttpsServer : createServer) as typeof createServer;
  const server = create(
    {
      ...(tls ? { cert: tls.cert, key: tls.key, handshakeTimeout: bounds.headersTimeoutMs } : {}),
      headersTimeout: bounds.headersTimeoutMs,
      requestTimeout: bounds.requestTimeoutMs,
      keepAliveTimeout: bounds.keepAliveTimeoutMs,
      // How often the two timeouts above are checked: a tenth of the shortest, at most 1 s.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(shortest / 10))),
    },
    (req, res) => {
      track(req, res);
      listener(req, res);
    },
  );
  // Node destroys a socket whose `timeout` has no listener.
  server.timeout = bounds.idleTimeoutMs;

  /** Open connections, the one that changed state longest ago first; each with its requests in progress. */
  const open = new Map<Duplex, Map<IncomingMessage, ServerResponse>>();
  const touch = (socket: Duplex, requests: Map<IncomingMessage, ServerResponse>) => {
    if (!open.delete(socket)) return;
    open.set(socket, requests);
  };

  function track(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    const requests = open.get(socket);
    if (!requests) return;
    requests.set(req, res);
    touch(socket, requests);
    res.once('close', () => {
      requests.delete(req);
      touch(socket, requests);
    });
  }

  /** Who gives way to a new connection at the cap, if anyone may. */
  function victim(): Duplex | undefined {
    let sending: Duplex | undefined;
    for (const [socket, requests] of open) {
      if (requests.size === 0) return socket;
      if (!sending && ![...requests.keys()].some((req) => req.complete)) sending = socket;
    }
    return sending;
  }

  // Over TLS the requests arrive on the TLS socket, which exists once the handshake is done.
  server.on(tls ? 'secureConnection' : 'connection', (socket: Duplex) => {
    if (open.size >= bounds.maxConnections) {
      const out = victim();
      if (!out) return void socket.destroy();
      open.delete(out);
      out.destroy();
    }
    open.set(socket, new Map());
    socket.once('close', () => open.delete(socket));
  });

  // A timeout or a malformed request: say why (when no answer is under way) and
  // destroy. Node does the same when no listener is set; this makes it the
  // policy rather than a default a later listener could silently replace.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answering = [...(open.get(socket)?.values() ?? [])].some((res) => res.headersSent);
    if (socket.writable && !answering) {
      const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\n\r\n`);
    }
    socket.destroy();
  });
  return server;
}

const CLIENT_ERROR_STATUS: Record<string, number> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

/**
 * The request body as UTF-8 text, refused with {@link BodyTooLargeError} as
 * soon as it is known to be over `maxBytes` (a declared `content-length`
 * before reading anything). Reading then stops, so the caller can still
 * answer 413 on the socket; it should add `connection: close`.
 */
export function readCappedBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    return Promise.reject(new BodyTooLargeError(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stop();
      req.pause();
      reject(new BodyTooLargeError(maxBytes));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onClose = () => {
      stop();
      reject(new Error('the client left before sending the whole body'));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onError);
  });
}
