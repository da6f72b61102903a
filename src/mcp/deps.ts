/**
 * What the MCP tools need from the rest of the package, as plain functions, so
 * the server can be built over the real session (see {@link depsFromProfile})
 * or over anything a test injects.
 */

import type { StatusReport } from '../auth/login-status.js';
import type { Profile } from '../profile/open-profile.js';
import type { Subscription } from '../webhook/subscriptions.js';
import type { OuraDataSource } from './data-source.js';
import { type McpHistory, mcpHistory } from './history.js';

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
  /**
   * Whether `oura_report` may write its HTML file on this machine (default
   * true). A remote server's files are out of its user's reach: `oura serve` says false.
   */
  reportFiles?: boolean;
  /**
   * What the assistant should tell the person when the login is missing or
   * dead; default: run `oura auth login` in a terminal. `oura serve` says to
   * connect again from the assistant.
   */
  loginAdvice?: string;
}

/** What the server's requests say they come from. */
export const MCP_USER_AGENT = 'oura-connect-mcp';

/**
 * Deps over a profile (`profile/open-profile.ts`; open it with {@link MCP_USER_AGENT}
 * so Oura can tell the server's requests apart): `OURA_ACCESS_TOKEN` as is,
 * or the stored login refreshed as needed. Nothing is opened until a tool
 * runs, so building them has no side effects; they never prompt or open a
 * browser (the session only reads the store and refreshes).
 */
export function depsFromProfile(
  profile: Profile,
  options: { log?: (line: string) => void; version?: string } = {},
): OuraMcpDeps {
  return {
    client: {
      list: (type, range, listOptions) => ({
        async *[Symbol.asyncIterator]() {
          yield* (await profile.client()).list(type, range, listOptions);
        },
      }),
      get: async (type, id) => (await profile.client()).get(type, id),
      personalInfo: async () => (await profile.client()).personalInfo(),
    },
    status: () => profile.status(),
    secrets: () => profile.secrets(),
    now: () => profile.now(),
    log: options.log ?? (() => {}),
    ...(options.version ? { version: options.version } : {}),
    webhookSubscriptions: async () => (await profile.subscriptions()).list(),
    history: mcpHistory(profile.history(), async (onRequest) => {
      const { MAX_SERIES_WINDOW_DAYS } = await import('../api/client.js');
      return profile.client({
        onRequest,
        // Sync cuts its own windows (history/sync.ts); the client must not cut them again.
        seriesWindowDays: MAX_SERIES_WINDOW_DAYS,
      });
    }),
  };
}
