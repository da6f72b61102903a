/**
 * Where a profile lives and how it talks to the person: what every entry point
 * (the CLI, `oura mcp`, the webhook listener, the proxy, a test) gives
 * `openProfile` (open-profile.ts). The CLI's precedence rules
 * (flag > env > switched default > built-in) stay in `cli/context.ts`.
 */
import type { RequestBudget } from '../api/request-budget.js';

export interface ProfileOptions {
  /** The profile's name (`default` unless one was chosen). */
  profile: string;
  /** The contract's config dir (`OURA_CONFIG_DIR`). */
  configDir: string;
  env: NodeJS.ProcessEnv;
  /** API base without a trailing slash; requests go to `${apiUrl}/v2/...`. */
  apiUrl: string;
  /** Receives one-line notices for the person (stderr in the CLI). */
  notice?: (line: string) => void;
  /** Asks for a sealed credential file's passphrase (see `auth/account.ts`). */
  askPassphrase?: (path: string) => Promise<string | undefined>;
  /** The clock local days are taken from (default: `src/clock.ts`). */
  now?: () => Date;
  /** Sent by every client of this profile unless a client names its own. */
  userAgent?: string;
  /** Injected `fetch` for the session's refreshes and the clients (default the global one). */
  fetch?: typeof fetch;
  /**
   * Where the tokens come from when not from this profile's store: `oura serve`
   * keeps each person's Oura login in its own state.
   */
  tokenSource?: (request: { rejectedToken?: string; force?: boolean }) => Promise<string>;
  /** The history file, when not the profile's file under `OURA_DATA_DIR` (`oura serve`: one per person). */
  historyFile?: string;
  /**
   * A request budget the profile's clients share with others beyond it
   * (`oura serve`'s workers: the Oura application's, kept in the database).
   */
  requestBudget?: RequestBudget;
}
