import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from '../clock.js';
import {
  BodyTooLargeError,
  createBoundedServer,
  resolveBounds,
  type ServerBounds,
} from '../net/bounded-server.js';
import { SCOPES } from '../oura/data-types.js';
import { createApiHandler } from './api-routes.js';

export { submitConsent } from './consent-client.js';

import { AUTH_PATHS, createAuthHandler } from './auth-server.js';
import { EMULATOR_BOUNDS } from './bounds.js';
import { createControlHandler } from './control-routes.js';
import { DataSource } from './data/data-source.js';
import { type FaultState, Faults } from './faults.js';
import { sendProblem } from './http-util.js';
import { RateLimiter } from './rate-limit.js';
import { bareScope, grantedScopeString } from './scopes.js';
import { persistGrants } from './state-file.js';
import { dayNumber, localToday } from './time.js';
import { randomToken, TokenStore } from './token-store.js';
import { createWebhookHandler, type DeliveryOutcome, type WebhookStats } from './webhooks.js';

export { EmulatorStateError } from './state-file.js';

/**
 * A faithful local stand-in for Oura: the authorization server (both the
 * current and the legacy path sets, with a consent page), and the V2 data API
 * with deterministic synthetic history. The project's demo peer and default
 * test peer. It imports nothing from the client side of the package.
 *
 * @example
 * const emulator = await startEmulator();
 * const { access_token } = emulator.mintTokens();
 * await fetch(`${emulator.url}/v2/usercollection/daily_sleep`, { headers: { authorization: `Bearer ${access_token}` } });
 * await emulator.close();
 */

/** An application registered with the emulator. */
export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match redirect URIs. */
  redirectUris: string[];
  /** Bare scopes ticked for the app on the portal; asking for others is `invalid_scope`. Default: all. */
  scopes?: string[];
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (random). */
  port?: number;
  /**
   * Keep the grants (access and refresh tokens) in this owner-only file, so a
   * restarted emulator still honours its logins. Default: in memory only.
   */
  stateFile?: string;
  /** Registered applications; default `[DEMO_CLIENT]`. */
  clients?: EmulatorClient[];
  /** Authorization code lifetime; default 600 s. */
  codeLifetimeSeconds?: number;
  /**
   * `expires_in` of access tokens from both token endpoints. Default: as Oura
   * answers, 86400 s at moi and 2591999 s (about 30 days) at the legacy endpoint.
   */
  accessTokenLifetimeSeconds?: number;
  /** Page size of list routes; default 50 documents (series: 1000 samples when not given). */
  pageSize?: number;
  /** Page size of series (heartrate, ring_battery_level); default `pageSize` if given, else 1000. */
  seriesPageSize?: number;
  /** Per access token fixed window; default 5000 requests per 300 s. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Each data request is answered this long after it arrives (at the earliest: the answer's own work counts towards it); default 0. */
  latencyMs?: number;
  /** Fraction 0..1 of data requests answered 500/503 (seeded dice); default 0. */
  failureRate?: number;
  /** The first N data requests get 429 with `Retry-After: 1`; default 0. */
  force429?: number;
  /** Last day of the synthetic history, `YYYY-MM-DD`; default today (local). */
  today?: string;
  /** Days of history; default 800. */
  historyDays?: number;
  /** The account's first day with data, `YYYY-MM-DD` (instead of `historyDays`). */
  startDay?: string;
  /**
   * Emulate Oura's reported date-edge quirks: date types treat `end_date` as
   * exclusive, and `sleep` with `start_date == end_date` returns nothing.
   * Default false.
   */
  edgeQuirks?: boolean;
  /** Request log sink: method, path (never the query), status, duration. Default none. */
  log?: (line: string) => void;
  /**
   * Types whose documents for `today` are held back until {@link Emulator.releaseDay}
   * (Oura shows last night's sleep only after the user opens the app). Default none.
   */
  holdToday?: string[];
  /** Lifetime of webhook subscriptions until renewed; default 90 days. */
  webhookLifetimeSeconds?: number;
  /**
   * Delays before each retry of a failed webhook delivery (its length is the
   * number of retries); default ten retries over about an hour, as Oura does.
   */
  webhookRetryDelaysMs?: number[];
  /**
   * Limits of the server: request timeouts (the answer's own time, such as
   * `latencyMs`, is not counted), idle timeout, connection cap. Defaults suit
   * tests and demos; tests of the limits shorten them.
   */
  bounds?: Partial<ServerBounds>;
}

/** About an hour of retries in ten steps ([field] reports of Oura's schedule). */
const DEFAULT_RETRY_DELAYS_MS = [30, 60, 120, 180, 300, 420, 540, 600, 660, 720].map(
  (s) => s * 1000,
);

/** The made-up demo application; its secret is public on purpose. */
export const DEMO_CLIENT: EmulatorClient = Object.freeze({
  clientId: 'oura-demo-client',
  clientSecret: 'oura-demo-secret',
  redirectUris: Object.freeze(['http://localhost:3000/callback']) as string[],
});

/** Token pair in the shape Oura's token endpoint returns it. */
export interface EmulatorTokenResponse {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
  id_token: null;
}

/** Counters for tests. */
export interface EmulatorStats extends WebhookStats {
  authorizationCodeGrants: number;
  refreshGrants: number;
  revocations: number;
  apiRequests: number;
  rateLimited: number;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The issuer every callback names in `iss`: `${url}/oauth/v2/ext/oauth-anonymous`, as moi's. */
  issuer: string;
  /** Endpoints of the current ("oura"/moi) server: `${url}/oauth/v2/ext/oauth-authorize|oauth-token|oauth-revoke`. */
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** Endpoints of the legacy server: `${url}/oauth/authorize`, `/oauth/token`, `/oauth/revoke`. */
  legacy: { authorizeUrl: string; tokenUrl: string; revokeUrl: string };
  /** The `OURA_*` variables pointing `oura` at this emulator (moi endpoints, the first client's credentials). */
  env(): Record<string, string>;
  /** Counters for tests. */
  stats: EmulatorStats;
  /**
   * Test hook: issue a token pair directly (no browser). Scopes default to
   * all, spelled bare; `expiresIn` defaults to `accessTokenLifetimeSeconds`.
   * The refresh token works at either token endpoint.
   */
  mintTokens(options?: {
    clientId?: string;
    scopes?: string[];
    expiresIn?: number;
  }): EmulatorTokenResponse;
  /** Test hook: change fault injection at runtime. `token: null` clears the token fault. */
  setFaults(faults: {
    token?: FaultState['token'];
    failureRate?: number;
    force429?: number;
    latencyMs?: number;
  }): void;
  /** The demo user, as `personal_info` serves them. */
  user: { id: string; email: string };
  /** Logins (refresh tokens) restored from `stateFile` at start. */
  restoredLogins: number;
  /**
   * Test hook: from now on, serve the document `id` of `type` with `patch`
   * applied (a revision, as Oura makes when activity or sleep is recomputed).
   * Returns the revised document; throws if there is no such document.
   */
  reviseDocument(type: string, id: string, patch: Record<string, unknown>): Record<string, unknown>;
  /** Test hook: the document is deleted at Oura (a removed tag or workout). */
  deleteDocument(type: string, id: string): void;
  /** Test hook: documents of `type` on `day` are not served until released (data that appears late). */
  holdDay(type: string, day: string): void;
  releaseDay(type: string, day: string): void;
  /**
   * Test hook: Oura sends this event to every live subscription for its
   * (event, data type), signed, retrying failures. `data_type` may be the REST
   * name. Resolves when each delivery succeeded or ran out of retries.
   * {@link reviseDocument} and {@link deleteDocument} send `update`/`delete` themselves.
   */
  deliverWebhook(event: {
    event_type: 'create' | 'update' | 'delete';
    data_type: string;
    object_id: string;
  }): Promise<DeliveryOutcome[]>;
  /** The webhook subscriptions, as Oura lists them. */
  webhookSubscriptions(): {
    id: string;
    callback_url: string;
    event_type: string;
    data_type: string;
    expiration_time: string;
  }[];
  /** Stops listening and drops open connections (including hung token requests). */
  close(): Promise<void>;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(`startEmulator: ${message}`);
}

function validate(options: EmulatorOptions): void {
  const nonNegativeInt = (value: number | undefined, name: string) =>
    check(
      value === undefined || (Number.isInteger(value) && value >= 0),
      `${name} must be a non-negative integer`,
    );
  nonNegativeInt(options.port, 'port');
  nonNegativeInt(options.latencyMs, 'latencyMs');
  nonNegativeInt(options.force429, 'force429');
  for (const [name, value] of Object.entries({
    codeLifetimeSeconds: options.codeLifetimeSeconds,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds,
    pageSize: options.pageSize,
    seriesPageSize: options.seriesPageSize,
    historyDays: options.historyDays,
    'rateLimit.limit': options.rateLimit?.limit,
    'rateLimit.windowSeconds': options.rateLimit?.windowSeconds,
    webhookLifetimeSeconds: options.webhookLifetimeSeconds,
  })) {
    check(
      value === undefined || (Number.isInteger(value) && value > 0),
      `${name} must be a positive integer`,
    );
  }
  check(
    (options.webhookRetryDelaysMs ?? []).every((ms) => Number.isInteger(ms) && ms >= 0),
    'webhookRetryDelaysMs must hold non-negative integers',
  );
  const rate = options.failureRate;
  check(rate === undefined || (rate >= 0 && rate <= 1), 'failureRate must be between 0 and 1');
  check(
    options.today === undefined || dayNumber(options.today) !== undefined,
    'today must be YYYY-MM-DD',
  );
  check(
    options.startDay === undefined || dayNumber(options.startDay) !== undefined,
    'startDay must be YYYY-MM-DD',
  );
  check(
    options.startDay === undefined || options.historyDays === undefined,
    'give startDay or historyDays, not both',
  );
  check(options.clients === undefined || options.clients.length > 0, 'clients must not be empty');
}

/** Starts the emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  validate(options);
  const now = nowMs;
  const clients = (options.clients ?? [DEMO_CLIENT]).map((client) => ({
    ...client,
    redirectUris: [...client.redirectUris],
  }));
  const accessTokenLifetimeSeconds = {
    moi: options.accessTokenLifetimeSeconds ?? 86_400,
    legacy: options.accessTokenLifetimeSeconds ?? 2_591_999,
  };
  const today = options.today ?? localToday();
  const startNum = options.startDay === undefined ? undefined : dayNumber(options.startDay);
  const historyDays =
    startNum === undefined ? (options.historyDays ?? 800) : (dayNumber(today) ?? 0) - startNum + 1;
  check(historyDays >= 1, 'startDay must not be after today');
  const userData = new DataSource({ seed: 'user', today, historyDays, now });
  const sandboxData = new DataSource({ seed: 'sandbox', today, historyDays, now });
  for (const type of options.holdToday ?? []) userData.changes.hold(type, today);
  const store = new TokenStore(now);
  const restoredLogins = options.stateFile ? persistGrants(store, options.stateFile) : 0;
  const faults = new Faults({
    failureRate: options.failureRate ?? 0,
    force429: options.force429 ?? 0,
    latencyMs: options.latencyMs ?? 0,
  });
  const stats: EmulatorStats = {
    authorizationCodeGrants: 0,
    refreshGrants: 0,
    revocations: 0,
    apiRequests: 0,
    rateLimited: 0,
    webhookAttempts: 0,
    webhookDelivered: 0,
    webhookVerifications: 0,
  };
  let baseUrl = '';
  const auth = createAuthHandler({
    baseUrl: () => baseUrl,
    clients,
    store,
    faults,
    stats,
    codeLifetimeSeconds: options.codeLifetimeSeconds ?? 600,
    accessTokenLifetimeSeconds,
    userEmail: userData.user.email,
    now,
  });
  const api = createApiHandler({
    store,
    user: userData,
    sandbox: sandboxData,
    faults,
    limiter: new RateLimiter(options.rateLimit ?? { limit: 5000, windowSeconds: 300 }, now),
    stats,
    pageSize: options.pageSize ?? 50,
    seriesPageSize: options.seriesPageSize ?? options.pageSize ?? 1000,
    edgeQuirks: options.edgeQuirks ?? false,
  });

  const control = createControlHandler(userData);
  const webhooks = createWebhookHandler({
    clients,
    userId: userData.user.id,
    lifetimeSeconds: options.webhookLifetimeSeconds ?? 90 * 86_400,
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    stats,
    now,
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    if (await auth.handle(req, res, url)) return;
    if (await webhooks.handle(req, res, url)) return;
    if (await api.handle(req, res, url)) return;
    if (await control.handle(req, res, url)) return;
    sendProblem(res, 404, 'Not Found', `No route ${url.pathname}.`);
  }

  const bounds = resolveBounds(EMULATOR_BOUNDS, options.bounds);
  const server = createBoundedServer(bounds, (req, res) => {
    const started = now();
    if (options.log) {
      const log = options.log;
      // Path only: queries carry state, codes and PKCE values.
      const path = (req.url ?? '/').split('?')[0];
      res.on('finish', () => log(`${req.method} ${path} ${res.statusCode} ${now() - started}ms`));
    }
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        // Answer, then close rather than read the rest.
        sendProblem(res, 413, 'Content Too Large', `${error.message}.`, { connection: 'close' });
        return;
      }
      sendProblem(
        res,
        500,
        'Internal Server Error',
        error instanceof Error ? error.message : 'Unexpected error.',
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  const first = clients[0] ?? DEMO_CLIENT;

  const issuer = `${baseUrl}${AUTH_PATHS.issuer}`;

  return {
    url: baseUrl,
    issuer,
    authorizeUrl: `${baseUrl}${AUTH_PATHS.moi.authorize}`,
    tokenUrl: `${baseUrl}${AUTH_PATHS.moi.token}`,
    revokeUrl: `${baseUrl}${AUTH_PATHS.moi.revoke}`,
    legacy: {
      authorizeUrl: `${baseUrl}${AUTH_PATHS.legacy.authorize}`,
      tokenUrl: `${baseUrl}${AUTH_PATHS.legacy.token}`,
      revokeUrl: `${baseUrl}${AUTH_PATHS.legacy.revoke}`,
    },
    env: () => ({
      OURA_AUTHORIZE_URL: `${baseUrl}${AUTH_PATHS.moi.authorize}`,
      OURA_TOKEN_URL: `${baseUrl}${AUTH_PATHS.moi.token}`,
      OURA_REVOKE_URL: `${baseUrl}${AUTH_PATHS.moi.revoke}`,
      OURA_ISSUER: issuer,
      OURA_API_URL: baseUrl,
      OURA_CLIENT_ID: first.clientId,
      OURA_CLIENT_SECRET: first.clientSecret,
    }),
    stats,
    mintTokens(mint = {}) {
      const clientId = mint.clientId ?? first.clientId;
      check(
        clients.some((client) => client.clientId === clientId),
        `mintTokens: unknown client ${clientId}`,
      );
      const scopes = (mint.scopes ?? [...SCOPES]).map((scope) => {
        const bare = bareScope(scope, 'any');
        check(bare !== undefined, `mintTokens: unknown scope ${scope}`);
        return bare as string;
      });
      const expiresIn = mint.expiresIn ?? accessTokenLifetimeSeconds.moi;
      const pair = store.issue(
        { clientId, scopes, server: 'any', grantId: randomToken(12) },
        expiresIn,
      );
      return {
        token_type: 'bearer',
        access_token: pair.accessToken,
        expires_in: expiresIn,
        refresh_token: pair.refreshToken,
        scope: grantedScopeString(scopes),
        id_token: null,
      };
    },
    setFaults(change) {
      const next: Partial<FaultState> = {};
      if (change.token !== undefined) next.token = change.token;
      if (change.failureRate !== undefined) {
        check(
          change.failureRate >= 0 && change.failureRate <= 1,
          'failureRate must be between 0 and 1',
        );
        next.failureRate = change.failureRate;
      }
      if (change.force429 !== undefined) next.force429 = change.force429;
      if (change.latencyMs !== undefined) next.latencyMs = change.latencyMs;
      Object.assign(faults.state, next);
      if (change.token === null) auth.releaseHung();
    },
    user: { id: userData.user.id, email: userData.user.email },
    restoredLogins,
    reviseDocument(type, id, patch) {
      const doc = userData.findDocument(type, id);
      check(doc !== undefined, `reviseDocument: no ${type} document ${id}`);
      const revised = { ...doc, ...patch, id };
      userData.changes.revise(revised);
      void webhooks.deliver({ event_type: 'update', data_type: type, object_id: id });
      return revised;
    },
    deleteDocument(type, id) {
      check(
        userData.findDocument(type, id) !== undefined,
        `deleteDocument: no ${type} document ${id}`,
      );
      userData.changes.delete(id);
      void webhooks.deliver({ event_type: 'delete', data_type: type, object_id: id });
    },
    deliverWebhook: (event) => webhooks.deliver(event),
    webhookSubscriptions: () => webhooks.list(),
    holdDay: (type, day) => userData.changes.hold(type, day),
    releaseDay: (type, day) => userData.changes.release(type, day),
    close: () =>
      new Promise<void>((resolve, reject) => {
        auth.releaseHung();
        webhooks.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
