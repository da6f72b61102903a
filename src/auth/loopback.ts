/**
 * The one-shot HTTP server that catches the browser's redirect back from the
 * authorization server (RFC 8252 §7.3, loopback redirection). It listens on
 * 127.0.0.1 and, where the system has IPv6, ::1 — browsers resolve
 * `localhost` to either — and never on all interfaces.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { OuraError, UsageError } from '../errors.js';
import type { SafeHtml } from '../html/safe-html.js';
import { createBoundedServer, resolveBounds, type ServerBounds } from '../net/bounded-server.js';
import { isLoopbackHttpUrl } from '../secure-url.js';
import { resultPage } from './result-page.js';

/** What the callback handler decided, shown to the person in the browser. */
export interface CallbackAnswer {
  ok: boolean;
  title: string;
  detail: string;
}

export interface LoopbackOptions {
  redirectUri: string;
  /** The `state` sent in the authorization request; anything else is turned away. */
  expectedState: string;
  /**
   * Called once, with the callback's query, for the first request that carries
   * the right `state`. The browser's request is held open until it returns, so
   * the code is exchanged before the page is answered.
   */
  onCallback: (parameters: URLSearchParams) => Promise<CallbackAnswer>;
  /** Limits of each listener (tests shorten them); default {@link LOOPBACK_BOUNDS}. */
  bounds?: Partial<ServerBounds>;
}

/**
 * Only a browser on this machine is expected, but any local program can
 * connect while a login waits, and a stuck listener would keep the login's
 * port for good.
 */
export const LOOPBACK_BOUNDS: Readonly<ServerBounds> = Object.freeze({
  // One GET without a body: a browser sends it at once. Its speculative
  // pre-connections, which may never send anything, are closed after 10 s
  // (the browser opens another when it needs one).
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  // The callback is held open while the code is exchanged: 2 minutes without
  // a byte is an exchange that is not coming back.
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  // A browser opens a handful of connections per host (six, plus pre-connections).
  maxConnections: 64,
});

export interface LoopbackServer {
  /** Settles after `onCallback` has run and the browser was answered. */
  done: Promise<CallbackAnswer>;
  close(): Promise<void>;
}

/** The port of a redirect URI, after checking it is a loopback http URI we can serve. */
export function loopbackPort(redirectUri: string): number {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new UsageError(`The redirect URI "${redirectUri}" is not a valid URL.`);
  }
  if (!isLoopbackHttpUrl(url)) {
    throw new UsageError(
      `The redirect URI ${url.origin}${url.pathname} must be http://localhost:PORT/PATH to be caught on this machine.`,
      { hint: 'Use --paste when the redirect cannot reach this machine.' },
    );
  }
  return Number(url.port || 80);
}

/**
 * A loopback port nothing listens on right now, for a redirect URI chosen at
 * run time (the demo). Another program could take it before we listen; the
 * listener then fails with the usual port-taken message.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts listening; resolves once 127.0.0.1 (and ::1 where possible) are held. */
export async function startLoopbackServer(options: LoopbackOptions): Promise<LoopbackServer> {
  const port = loopbackPort(options.redirectUri);
  const path = new URL(options.redirectUri).pathname;
  let handled = false;
  let settle!: { resolve: (answer: CallbackAnswer) => void; reject: (error: unknown) => void };
  const done = new Promise<CallbackAnswer>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A callback may fail before the caller starts awaiting `done` (it is still
  // opening the browser): keep that from becoming an unhandled rejection.
  done.catch(() => {});

  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' || url.pathname !== path) {
      return send(
        response,
        404,
        resultPage(false, 'Not found', 'This address is not part of the login.'),
      );
    }
    if (!stateMatches(url.searchParams.get('state'), options.expectedState)) {
      return send(
        response,
        400,
        resultPage(
          false,
          'Unexpected request',
          'This request does not belong to the login in progress; it was ignored.',
        ),
      );
    }
    if (handled) {
      return send(
        response,
        409,
        resultPage(false, 'Already handled', 'This login has already been completed.'),
      );
    }
    handled = true;
    try {
      const answer = await options.onCallback(url.searchParams);
      send(response, answer.ok ? 200 : 400, resultPage(answer.ok, answer.title, answer.detail));
      settle.resolve(answer);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      // The redirect itself said no (denied, no code): the outcome, not our failure.
      const refused = error instanceof OuraError && REFUSALS.has(error.code);
      send(response, refused ? 400 : 500, resultPage(false, 'Login failed', detail));
      settle.reject(error);
    }
  };

  const bounds = resolveBounds(LOOPBACK_BOUNDS, options.bounds);
  const servers: Server[] = [];
  servers.push(await listen(handler, bounds, '127.0.0.1', port, true));
  try {
    servers.push(await listen(handler, bounds, '::1', port, false));
  } catch (error) {
    // No IPv6 here is fine; ::1 held by another program is not: a browser
    // resolving localhost to ::1 would hand that program the code.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      throw portInUse(port, '::1');
    }
  }

  return {
    done,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  bounds: ServerBounds,
  host: string,
  port: number,
  required: boolean,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createBoundedServer(bounds, (request, response) => {
      handler(request, response).catch(() => response.destroy());
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (required && error.code === 'EADDRINUSE') reject(portInUse(port, '127.0.0.1'));
      else if (required && error.code === 'EACCES') reject(portDenied(port, error));
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

function portInUse(port: number, host: string): OuraError {
  return new OuraError(
    'PORT_IN_USE',
    `Port ${port} on ${host} is already in use, so the login callback cannot be received.`,
    {
      hint: `Free port ${port} (stop the program using it), or run \`oura auth login --port N\` with a free port N after adding http://localhost:N/callback as a redirect URI of your app on Oura's portal.`,
    },
  );
}

function portDenied(port: number, cause: unknown): OuraError {
  return new OuraError('PORT_DENIED', `Not allowed to listen on port ${port}.`, {
    cause,
    hint: 'Use a port above 1024 with --port N (and register the matching redirect URI).',
  });
}

const REFUSALS = new Set(['ACCESS_DENIED', 'AUTHORIZATION_ERROR', 'NO_CODE', 'CALLBACK_REJECTED']);

function stateMatches(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, status: number, page: SafeHtml): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  response.end(page.toString());
}
