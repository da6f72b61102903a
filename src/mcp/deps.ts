/**
 * What the MCP tools need from the rest of the package, as plain functions, so
 * the server can be built over the real session (see {@link depsFromContext})
 * or over anything a test injects.
 */

import type { StatusReport } from '../auth/login-status.js';
import type { Session } from '../auth/session.js';
import { historyPath } from '../history/paths.js';
import type { Subscription } from '../webhook/subscriptions.js';
import type { OuraDataSource } from './data-source.js';
import { type McpHistory, mcpHistory } from './history.js';

/** Where the server runs: the CLI's context (`--profile`, `OURA_*` variables). */
export interface McpContext {
  profile: string;
  configDir: string;
  env: NodeJS.ProcessEnv;
  /** API base without a trailing slash. */
  apiUrl: string;
}

/** Everything the tools use. Only `client` and `status` are required. */
export interface OuraMcpDeps {
  /** The data API, authenticated for the profile. */
  client: OuraDataSource;
  /** The stored login, without secrets (as `oura auth status --json`). */
  status: () => Promise<StatusReport>;
  /**
   * Values that must never leave the server (tokens handed out so far,
   * secrets from the environment): any that slips into a message is masked.
   */
  secrets?: () => Iterable<string>;
  /** The clock; local days are taken from it (default: the clock of `src/clock.ts`). */
  now?: () => Date;
  /** One line for the operator, on stderr (stdout carries the protocol). */
  log?: (line: string) => void;
  /** Reported to clients in `initialize` (default `0.0.0`). */
  version?: string;
  /** The local history (`oura sync`); without it every answer is live. */
  history?: McpHistory;
  /** Oura's webhook subscriptions for the application (`oura webhook list`), for `oura_status`. */
  webhookSubscriptions?: () => Promise<Subscription[]>;
}

/**
 * Deps over the profile's real session: `OURA_ACCESS_TOKEN` as is, or the
 * stored login refreshed as needed. Nothing is opened until a tool runs, so
 * building them has no side effects; they never prompt or open a browser
 * (the session only reads the store and refreshes).
 */
export function depsFromContext(
  ctx: McpContext,
  options: { log?: (line: string) => void; version?: string } = {},
): OuraMcpDeps {
  const log = options.log ?? (() => {});
  const handedOut = new Set<string>();
  const accountCtx = {
    configDir: ctx.configDir,
    profile: ctx.profile,
    env: ctx.env,
    notice: (line: string) => log(line),
  };
  let session: Promise<Session> | undefined;
  const token = async (request: { rejectedToken?: string }): Promise<string> => {
    session ??= import('../auth/session.js').then(({ openSession }) => openSession(accountCtx));
    const value = await (await session).getAccessToken(request);
    handedOut.add(value);
    return value;
  };
  let client: Promise<OuraDataSource> | undefined;
  const lazyClient = (): Promise<OuraDataSource> => {
    client ??= import('../api/client.js').then(
      ({ OuraClient }) =>
        new OuraClient({ token, baseUrl: ctx.apiUrl, userAgent: 'oura-connect-mcp' }),
    );
    return client;
  };
  return {
    client: {
      list: (type, range, listOptions) => ({
        async *[Symbol.asyncIterator]() {
          yield* (await lazyClient()).list(type, range, listOptions);
        },
      }),
      get: async (type, id) => (await lazyClient()).get(type, id),
      personalInfo: async () => (await lazyClient()).personalInfo(),
    },
    status: async () => {
      const { readLoginStatus } = await import('../auth/login-status.js');
      return readLoginStatus(accountCtx);
    },
    secrets: () => {
      const env = [ctx.env.OURA_ACCESS_TOKEN, ctx.env.OURA_CLIENT_SECRET];
      return [...handedOut, ...env.filter((v): v is string => Boolean(v))];
    },
    log,
    ...(options.version ? { version: options.version } : {}),
    webhookSubscriptions: async () => {
      const [{ Account }, { SubscriptionClient }] = await Promise.all([
        import('../auth/account.js'),
        import('../webhook/subscriptions.js'),
      ]);
      const { clientId, clientSecret } = await (await Account.open(accountCtx)).client();
      return new SubscriptionClient({ baseUrl: ctx.apiUrl, clientId, clientSecret }).list();
    },
    history: mcpHistory(historyPath(ctx.profile, ctx.env), async (onRequest) => {
      const { OuraClient, MAX_SERIES_WINDOW_DAYS } = await import('../api/client.js');
      return new OuraClient({
        token,
        baseUrl: ctx.apiUrl,
        userAgent: 'oura-connect-mcp',
        onRequest,
        // Sync cuts its own windows (history/sync.ts); the client must not cut them again.
        seriesWindowDays: MAX_SERIES_WINDOW_DAYS,
      });
    }),
  };
}
