/**
 * A loopback proxy to the Oura API that adds a fresh bearer to each request,
 * so a program can read the data without ever holding the token (the way
 * `op run` or a credential vault injects secrets). Only `GET`/`HEAD` under
 * `/v2/` are forwarded, to the one configured API origin; the caller proves it
 * may use the proxy with the proxy's random key (TCP), or by being the only
 * user who can open its socket (Unix socket, mode 0600).
 *
 * Responses stream through with backpressure, never held whole. When the API
 * says the token itself is invalid (see api/token-rejection.ts) the session is
 * asked for a new token (refreshing under the profile lock), at most once per
 * token, and the request is sent once more; any other 401 is the caller's.
 */
import {
  Agent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { TokenProvider } from '../api/http.js';
import { isBearerRoute, isTokenRejection } from '../api/token-rejection.js';
import { OuraError } from '../errors.js';
import { createBoundedServer, resolveBounds, type ServerBounds } from '../net/bounded-server.js';
import { assertSecureEndpoint } from '../secure-url.js';
import { PROXY_BOUNDS } from './bounds.js';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './headers.js';
import { newProxyKey } from './key.js';
import {
  authorize,
  checkApiPath,
  loggablePath,
  PROXY_KEY_HEADER,
  type Refusal,
} from './request-target.js';
import { TokenSource } from './token-source.js';
import { listenOwnerOnly } from './unix-socket.js';

export interface ProxyOptions {
  /** The API base requests are forwarded to (https, or http on loopback), e.g. `https://api.ouraring.com`. */
  apiUrl: string;
  /** Where bearer tokens come from: the session (`(r) => session.getAccessToken(r)`) or a fixed token. */
  token: TokenProvider;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. Not used with `socketPath`. */
  port?: number;
  /** Serve on this Unix socket (owner-only, no key) instead of a TCP port. */
  socketPath?: string;
  /** Called once per finished request; never given a token, the key or a query. */
  onRequest?: (event: ProxyRequestEvent) => void;
  /** Limits of the server (tests shorten them); default {@link PROXY_BOUNDS}. */
  bounds?: Partial<ServerBounds>;
}

export interface ProxyRequestEvent {
  method: string;
  /**
   * The path below the key, without the query; segments that could carry the
   * key (see `loggablePath`) are shown as `<hidden>`.
   */
  path: string;
  /** 0 when the caller left before an answer was sent. */
  status: number;
  durationMs: number;
  /** Why a request was refused or failed, when it was. */
  note?: string;
}

export interface RunningProxy {
  /**
   * The base URL to give a program: `http://127.0.0.1:PORT/KEY` (requests go to
   * `${url}/v2/...`), or `http+unix://<percent-encoded socket path>`. It
   * carries the key: hand it only to programs you trust.
   */
  url: string;
  /** Stops listening, drops open connections, and removes the socket file. */
  close(): Promise<void>;
}

/** Starts the proxy; resolves once it listens. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  assertSecureEndpoint(options.apiUrl, 'the API URL');
  const api = new URL(options.apiUrl);
  const basePath = api.pathname.replace(/\/+$/, '');
  const secure = api.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const tokens = new TokenSource(options.token);
  const key = options.socketPath === undefined ? newProxyKey() : undefined;
  let allowedHosts: Set<string> | undefined;

  function sendUpstream(
    method: string,
    path: string,
    headers: OutgoingHttpHeaders,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = send(
        {
          protocol: api.protocol,
          // `[::1]` in a URL is `::1` to the socket layer.
          hostname: api.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: api.port,
          path: `${basePath}${path}`,
          method,
          headers,
          agent,
          signal,
        },
        resolve,
      );
      outgoing.once('error', reject);
      outgoing.end();
    });
  }

  async function forward(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: string,
    note: (text: string) => void,
  ): Promise<void> {
    const method = req.method as 'GET' | 'HEAD';
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const ask = (token: string) =>
      sendUpstream(
        method,
        `${path}${query}`,
        upstreamRequestHeaders(req.headers, token),
        abort.signal,
      );
    const rejected = (answer: IncomingMessage) =>
      isTokenRejection(path, answer.statusCode, answer.headers['www-authenticate']);
    let token: string;
    let answer: IncomingMessage;
    try {
      token = await tokens.current();
      answer = await ask(token);
      if (rejected(answer)) {
        const refused = answer;
        const fresh = await tokens.renew(token)?.catch((error: unknown) => {
          refused.resume();
          throw error;
        });
        if (fresh === undefined) {
          note('not refreshed again: the API refused the token a refresh had just given');
        } else if (fresh !== token) {
          refused.resume();
          token = fresh;
          answer = await ask(token);
          if (rejected(answer)) note('refreshed the token; the API refused the new one too');
        }
      } else if (answer.statusCode === 401) {
        note('not refreshed: this 401 is not about the token');
      }
    } catch (error) {
      if (abort.signal.aborted) return note('the caller left');
      const problem = upstreamProblem(error, api.origin);
      note(problem.reason);
      return sendProblem(res, problem.status, problem.reason);
    }
    // Only a route that checks the bearer can vouch for it.
    if ((answer.statusCode ?? 500) < 400 && isBearerRoute(path)) tokens.accepted(token);
    res.writeHead(answer.statusCode ?? 502, downstreamResponseHeaders(answer.headers));
    try {
      await pipeline(answer, res);
    } catch {
      note(abort.signal.aborted ? 'the caller left' : 'the API broke off the answer');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const target = req.url ?? '/';
    let path = loggablePath(target, key);
    let note: string | undefined;
    res.once('close', () =>
      options.onRequest?.({
        method: req.method ?? '?',
        path,
        status: res.headersSent ? res.statusCode : 0,
        durationMs: performance.now() - started,
        // Notes are the proxy's own words; the key is kept out of them all the same.
        ...(note === undefined ? {} : { note: key ? note.replaceAll(key, '<hidden>') : note }),
      }),
    );
    const refuse = (refusal: Pick<Refusal, 'status' | 'reason'>, headers = {}) => {
      note = refusal.reason;
      sendProblem(res, refusal.status, refusal.reason, headers);
    };
    const header = req.headers[PROXY_KEY_HEADER];
    const authorized = authorize(target, typeof header === 'string' ? header : undefined, key);
    if (!authorized.ok) return refuse(authorized);
    path = loggablePath(authorized.path, key);
    // Only names of this proxy: a page that rebinds a DNS name to 127.0.0.1 cannot use it.
    if (allowedHosts && !allowedHosts.has(req.headers.host ?? '')) {
      return refuse({
        status: 400,
        reason: `the Host header must be one of ${[...allowedHosts].join(', ')}`,
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuse(
        { status: 405, reason: 'only GET and HEAD are forwarded' },
        { allow: 'GET, HEAD' },
      );
    }
    const bad = checkApiPath(authorized.path);
    if (bad) return refuse(bad);
    await forward(req, res, authorized.path, authorized.query, (text) => {
      note = text;
    });
  }

  const server: Server = createBoundedServer(
    resolveBounds(PROXY_BOUNDS, options.bounds),
    (req, res) => {
      handle(req, res).catch(() => res.destroy());
    },
  );
  let url: string;
  if (options.socketPath !== undefined) {
    await listenOwnerOnly(server, options.socketPath);
    url = `http+unix://${encodeURIComponent(options.socketPath)}`;
  } else {
    const port = await listenLoopback(server, options.port ?? 0);
    allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    url = `http://127.0.0.1:${port}/${key}`;
  }

  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function listenLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new OuraError('PORT_IN_USE', `Port ${port} on 127.0.0.1 is taken.`, {
              hint: 'Choose another with --port (0 = any free port).',
            })
          : error,
      );
    });
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** What the caller is told when no answer came from the API. */
function upstreamProblem(error: unknown, origin: string): { status: 401 | 502; reason: string } {
  if (error instanceof OuraError && error.exitCode === 4) {
    return { status: 401, reason: `${error.message} ${error.hint ?? ''}`.trim() };
  }
  const code = (error as NodeJS.ErrnoException).code;
  const why = error instanceof OuraError ? error.message : (code ?? (error as Error).message);
  return { status: 502, reason: `could not get an answer from ${origin}: ${why}` };
}

/** A JSON problem answer in the shape Oura's own errors have (`status`, `title`, `detail`). */
function sendProblem(
  res: ServerResponse,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ status, title: STATUS_CODES[status], detail });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
