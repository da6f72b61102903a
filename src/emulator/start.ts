/** Starting the emulator: its parts wired to one loopback server. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from '../clock.js';
import { BodyTooLargeError, createBoundedServer, resolveBounds } from '../net/bounded-server.js';
import { type AccountSummary, Accounts, accountSpecs } from './accounts.js';
import { createApiHandler } from './api-routes.js';
import { AUTH_PATHS, createAuthHandler } from './auth-server.js';
import { EMULATOR_BOUNDS } from './bounds.js';
import { createControlHandler } from './control-routes.js';
import { DataSource } from './data/data-source.js';
import { Faults } from './faults.js';
import { sendProblem } from './http-util.js';
import { DEFAULT_RETRY_DELAYS_MS, DEMO_CLIENT, type EmulatorOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import type { Emulator, EmulatorStats } from './running-emulator.js';
import { persistGrants } from './state-file.js';
import { createTestHooks } from './test-hooks.js';
import { dayNumber, localToday } from './time.js';
import { TokenStore } from './token-store.js';
import { check, validateOptions } from './validate-options.js';
import { createWebhookHandler } from './webhooks.js';

/** Starts the emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  validateOptions(options);
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
  const accounts = new Accounts(accountSpecs(options), {
    today,
    historyDays,
    now,
    holdToday: options.holdToday ?? [],
  });
  const firstAccount = accounts.list[0] as AccountSummary;
  const sandboxData = new DataSource({
    seed: 'sandbox',
    email: 'sandbox.sleeper@example.com',
    today,
    historyDays,
    now,
  });
  const store = new TokenStore(now);
  const restoredLogins = options.stateFile
    ? persistGrants(store, options.stateFile, firstAccount.userId)
    : 0;
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
    accounts,
    now,
  });
  const api = createApiHandler({
    store,
    accounts,
    sandbox: sandboxData,
    faults,
    limiter: new RateLimiter(
      {
        token: options.rateLimit ?? { limit: 5000, windowSeconds: 300 },
        application: options.appRateLimit ?? { limit: 5000, windowSeconds: 300 },
      },
      now,
    ),
    stats,
    pageSize: options.pageSize ?? 50,
    seriesPageSize: options.seriesPageSize ?? options.pageSize ?? 1000,
    edgeQuirks: options.edgeQuirks ?? false,
  });

  const control = createControlHandler(accounts);
  const webhooks = createWebhookHandler({
    clients,
    accounts,
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
    user: { id: firstAccount.userId, email: firstAccount.email },
    restoredLogins,
    ...createTestHooks({
      clients,
      defaultClientId: first.clientId,
      store,
      faults,
      accounts,
      webhooks,
      accessTokenLifetimeSeconds: accessTokenLifetimeSeconds.moi,
      releaseHung: auth.releaseHung,
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        auth.releaseHung();
        webhooks.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
