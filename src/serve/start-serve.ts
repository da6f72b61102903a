/**
 * Starting `oura serve`: take the data directory's server lock, open the
 * state, listen, then build the routes for the public URL (known only once
 * the port is). A server with no owner prints a fresh claim code on its
 * console.
 */

import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { createBoundedServer, resolveBounds, type ServerBounds } from '../net/bounded-server.js';
import { createClientMetadataCache } from './client-metadata/client-metadata-cache.js';
import { cohortData } from './cohorts/cohort-data.js';
import { enrollmentFinish } from './cohorts/enrollment-routes.js';
import type { QueueSide } from './jobs/queue-side.js';
import type { RunningWorker, WorkerOptions } from './jobs/start-worker.js';
import { ServeOAuthProvider } from './oauth/oauth-provider.js';
import type { OuraApp } from './oura-app.js';
import { OuraTokenKeeper } from './oura-tokens.js';
import { holdServerLock } from './owner-lock.js';
import { createServeApp, DEFAULT_RATE_LIMITS, type RateLimits } from './serve-app.js';
import type { ServeSync } from './serve-sync.js';
import { SignInFlow } from './sign-in.js';
import { AdmissionPolicy } from './state/admission.js';
import { resolveAppCredentials } from './state/app-credentials.js';
import { ClientStore, type MetadataDocumentFetch } from './state/client-store.js';
import { openSqliteServeState, type ServeState } from './state/serve-state.js';
import type { Sealer, UserStore } from './state/user-store.js';
import { webhookVerificationToken } from './state/webhook-token.js';
import { SyncScheduler } from './sync-scheduler.js';
import { UserEngines } from './user-engines.js';
import { ServeWebhooks, type ServeWebhooksView } from './webhooks/serve-webhooks.js';

export interface ServeOptions {
  /** `<OURA_DATA_DIR>/serve`: the state, the lock, one directory per person. */
  serveDir: string;
  /**
   * A PostgreSQL URL: the web side's state (people, grants, sessions,
   * sign-ins, clients, invites, settings, sealed Oura logins) is kept there
   * instead of `<serveDir>/state.sqlite`.
   */
  databaseUrl?: string;
  host: string;
  port: number;
  /** What people and assistants reach the server at; default `http://<host>:<port>`. */
  publicUrl?: string;
  tls?: { cert: Buffer; key: Buffer };
  /** Oura account ids or emails that may sign in without an invite. */
  allow: string[];
  /**
   * The server's Oura application. Without `credentials`, the ones a previous
   * start remembered (sealed in the state) are used.
   */
  app: Omit<OuraApp, 'credentials'> & { credentials?: OuraApp['credentials'] };
  sealer: Sealer;
  version: string;
  /** Request lines and events, for the operator (stderr). */
  log: (line: string) => void;
  /** The claim code and start-up lines, for the person at the console. */
  console: (line: string) => void;
  syncIntervalMs?: number;
  rateLimits?: Partial<RateLimits>;
  bounds?: Partial<ServerBounds>;
  fetchMetadataDocument?: MetadataDocumentFetch;
  now?: () => number;
  /**
   * Subscribe the Oura application's webhooks to `<public URL>/oura/webhook`
   * at start. Default: when the public URL is https (Oura delivers only there;
   * the emulator also to loopback http).
   */
  webhooks?: boolean;
  /**
   * With `databaseUrl`: `all` (default) also runs a worker in this process,
   * `web` leaves the jobs to `oura serve --role worker` processes.
   */
  role?: 'web' | 'all';
  /** The in-process worker's settings (`role` all). */
  worker?: Pick<WorkerOptions, 'budget' | 'concurrency' | 'turnMs' | 'quietMs' | 'queue' | 'since'>;
}

export interface RunningServe {
  /** The public base URL, without a trailing slash. */
  publicUrl: string;
  /** Where it listens, e.g. `http://127.0.0.1:43117`. */
  listenUrl: string;
  /** The claim code printed at start, while the server has no owner (tests read it here). */
  claimCode: string | undefined;
  sync: ServeSync;
  webhooks: ServeWebhooksView;
  close(): Promise<void>;
}

export const SERVE_BOUNDS: ServerBounds = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The contract's rule: off loopback, only behind TLS (here or in front). */
export function checkExposure(host: string, publicUrl: string | undefined, tls: boolean): void {
  if (publicUrl === undefined && (host === '0.0.0.0' || host === '::')) {
    throw new UsageError(
      `--host ${host} listens on every address: say which one people reach with --public-url.`,
      {
        hint: 'e.g. --public-url https://oura.example.net (the name your certificate or proxy answers to).',
      },
    );
  }
  if (isLoopback(host) || tls || publicUrl?.startsWith('https://')) return;
  throw new UsageError(
    `--host ${host} would serve the open network over plain HTTP: tokens and sign-ins would travel in clear.`,
    {
      hint: 'Put a TLS reverse proxy in front and give its address with --public-url https://…, or pass --tls-cert and --tls-key.',
    },
  );
}

async function openState(options: ServeOptions, now: () => number): Promise<ServeState> {
  if (!options.databaseUrl)
    return openSqliteServeState(join(options.serveDir, 'state.sqlite'), options.sealer, now);
  const { connectPgServeState } = await import('./state-pg/pg-serve-state.js');
  return connectPgServeState(options.databaseUrl, options.sealer, now, options.log);
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  checkExposure(options.host, options.publicUrl, Boolean(options.tls));
  const now = options.now ?? Date.now;
  const lock = await holdServerLock(join(options.serveDir, 'serve.lock'));
  let state: ServeState | undefined;
  let app: OuraApp;
  let webhookToken: string;
  try {
    state = await openState(options, now);
    app = {
      ...options.app,
      credentials: await resolveAppCredentials(
        state.settings,
        options.sealer,
        options.app.credentials,
      ),
    };
    // Made now, so the webhook route can answer Oura's first challenge at once.
    webhookToken = await webhookVerificationToken(state.settings, options.sealer);
  } catch (error) {
    await state?.close();
    lock.release();
    throw error;
  }
  const { users, grants } = state;
  const admission = new AdmissionPolicy(
    state.settings,
    state.invites,
    options.allow,
    options.databaseUrl ? { sealer: options.sealer, now } : undefined,
  );
  const tokens = new OuraTokenKeeper(state.ouraLogins, app);
  const engines = new UserEngines({
    app,
    users,
    tokens,
    usersDir: join(options.serveDir, 'users'),
    version: options.version,
    log: options.log,
    ...(state.database ? { historyDatabase: state.database } : {}),
  });
  let queueSide: QueueSide | undefined;
  let worker: RunningWorker | undefined;
  try {
    if (options.databaseUrl && state.database) {
      ({ queueSide, worker } = await startQueueWork(options, state.database, users, app, now));
    }
  } catch (error) {
    await state.close();
    lock.release();
    throw error;
  }
  const sync: ServeSync =
    queueSide?.sync ??
    new SyncScheduler({
      users,
      engines,
      log: options.log,
      intervalMs: options.syncIntervalMs ?? 3_600_000,
    });

  let handler:
    | ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void)
    | undefined;
  const server = createBoundedServer(
    resolveBounds(SERVE_BOUNDS, options.bounds),
    (req, res) => {
      if (handler) handler(req, res);
      else res.writeHead(503).end();
    },
    options.tls,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  }).catch(async (error: unknown) => {
    await state.close();
    lock.release();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = isIP(options.host) === 6 ? `[${options.host}]` : options.host;
  const listenUrl = `${options.tls ? 'https' : 'http'}://${hostInUrl}:${port}`;
  const publicUrl = (options.publicUrl ?? listenUrl).replace(/\/+$/, '');
  const allowedHosts = new Set([
    new URL(publicUrl).host.toLowerCase(),
    new URL(listenUrl).host.toLowerCase(),
  ]);
  if (isLoopback(options.host)) {
    allowedHosts.add(`localhost:${port}`);
    allowedHosts.add(`127.0.0.1:${port}`);
  }
  await state.settings.write('public_url', publicUrl);

  const { sessions } = state;
  const clients = new ClientStore(
    state.clients,
    now,
    options.fetchMetadataDocument ?? createClientMetadataCache().get,
  );
  const leaving = {
    app,
    users,
    engines,
    beforeDelete: (userId: string) => webhooks.drop(userId),
    afterDelete: async (userId: string) => queueSide?.forget(userId),
    log: options.log,
  };
  const enrollment = {
    ...leaving,
    cohorts: state.cohorts,
    publicUrl,
    scopes: app.scopes,
    onEnrolled: (userId: string) => sync.request(userId),
    owner: () => admission.owner(),
    now,
  };
  const signIn = new SignInFlow({
    enrollment: enrollmentFinish(enrollment),
    sessions,
    app,
    signIns: state.signIns,
    admission,
    users,
    grants,
    publicUrl,
    onSignedIn: (userId) => sync.request(userId),
    log: options.log,
  });
  const provider = new ServeOAuthProvider(clients, grants, signIn, new URL(`${publicUrl}/mcp`));
  const webhooks = new ServeWebhooks({
    verificationToken: webhookToken,
    app,
    users,
    engines,
    subscribe: options.webhooks ?? publicUrl.startsWith('https://'),
    publicUrl,
    log: options.log,
    now,
    ...(queueSide ? { inbox: queueSide.inbox } : {}),
  });
  handler = createServeApp({
    publicUrl,
    allowedHosts,
    provider,
    signIn,
    engines,
    users,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    account: { ...leaving, signIn, sessions, grants, clients },
    enrollment,
    admin: {
      signIn,
      sessions,
      users,
      cohorts: state.cohorts,
      owner: () => admission.owner(),
      scopes: app.scopes,
      scopePrefix: app.endpoints.scopePrefix,
      data: cohortData(engines, users, state.audit),
      publicUrl,
      log: options.log,
    },
    log: options.log,
    trustLoopbackProxy: isLoopback(options.host) && publicUrl.startsWith('https://'),
    webhook: webhooks.route,
  });
  await grants.prune();
  sync.start();
  webhooks.start();

  const claimCode = await admission.newClaimCode();
  options.console(`oura serve: listening on ${listenUrl}; assistants connect to ${publicUrl}/mcp`);
  if (claimCode) {
    options.console(
      `oura serve: no owner yet. Claim this server: connect ${publicUrl}/mcp from your assistant and type this code on the consent page: ${claimCode}`,
    );
  }

  let closing: Promise<void> | undefined;
  return {
    publicUrl,
    listenUrl,
    claimCode,
    sync,
    webhooks,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await sync.stop();
        await webhooks.close();
        await worker?.stop();
        await queueSide?.close();
        await engines.close();
        await state.close();
        lock.release();
      })();
      return closing;
    },
  };
}

/** The queue's side of a web process on PostgreSQL, and its worker with `role` all. */
async function startQueueWork(
  options: ServeOptions,
  database: import('pg').Pool,
  users: UserStore,
  app: OuraApp,
  now: () => number,
): Promise<{ queueSide: QueueSide; worker: RunningWorker | undefined }> {
  const databaseUrl = options.databaseUrl as string;
  const { openQueueSide } = await import('./jobs/queue-side.js');
  const queueSide = await openQueueSide({
    databaseUrl,
    pool: database,
    users,
    now,
    log: options.log,
  });
  if (options.role === 'web') return { queueSide, worker: undefined };
  try {
    const [{ startWorker }, { DATA_TYPES }] = await Promise.all([
      import('./jobs/start-worker.js'),
      import('../oura/data-types.js'),
    ]);
    const worker = await startWorker({
      databaseUrl,
      sealer: options.sealer,
      app,
      types: DATA_TYPES,
      log: options.log,
      ...options.worker,
    });
    return { queueSide, worker };
  } catch (error) {
    await queueSide.close();
    throw error;
  }
}
