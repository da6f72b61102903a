/**
 * The catalogue of error codes: every `code` an {@link OuraError} of this
 * package can carry, with the exit code the CLI ends with and one line of
 * meaning for people. Like oauth4webapi's exported codes, they are stable
 * names that programs branch on (`error.code === 'API_RATE_LIMITED'`), so a
 * code is added here and never renamed (docs/error-codes.md, generated from
 * this table by `npm run docs`, lists them for people).
 *
 * The exit codes are those of the CLI contract: 1 runtime failure, 2 usage
 * error, 4 authentication needed.
 */

/** Exit code the CLI uses for an error of a given kind (0 is success). */
export type ExitCode = 1 | 2 | 4;

/** What each exit code means, as the CLI contract words it. */
export const EXIT_CODES = {
  1: 'runtime failure: network, server error, not found, rate limit outlasted, denied consent, timeout, port taken',
  2: 'usage error: unknown command, flag or type, bad date, end before start, a refused query; reported before any request',
  4: 'authentication needed: not logged in, or the refresh chain is dead (`invalid_grant`); the message says to run `oura auth login`',
} as const satisfies Record<ExitCode, string>;

/** One entry of {@link ERROR_CODES}. */
export interface ErrorCodeEntry {
  readonly exitCode: ExitCode;
  /** One line for people: when this code is given. */
  readonly meaning: string;
}

export const ERROR_CODES = {
  // Asking wrongly, and needing a login
  USAGE: {
    exitCode: 2,
    meaning:
      'Bad input: an unknown type, a bad date or flag value, or a query that was refused. Nothing was sent.',
  },
  LOGIN_REQUIRED: {
    exitCode: 4,
    meaning: 'No usable login: none is stored, or it can no longer be refreshed.',
  },
  CANCELLED: { exitCode: 1, meaning: 'The person cancelled a prompt.' },
  JQ_FAILED: {
    exitCode: 1,
    meaning: 'The command ran, but the --jq expression failed on its output.',
  },

  // The login (OAuth)
  ACCESS_DENIED: {
    exitCode: 1,
    meaning: "The person declined on Oura's consent page (access_denied).",
  },
  AUTHORIZATION_ERROR: {
    exitCode: 1,
    meaning: 'Oura did not authorize the app, e.g. it refused the scopes asked for.',
  },
  CALLBACK_REJECTED: {
    exitCode: 1,
    meaning:
      'The login callback failed its checks (e.g. an `iss` from another server); the code was not used.',
  },
  STATE_MISMATCH: {
    exitCode: 1,
    meaning: 'The pasted redirect URL belongs to another login attempt (its state differs).',
  },
  NO_CODE: { exitCode: 1, meaning: 'The login redirect carried no authorization code.' },
  LOGIN_TIMEOUT: {
    exitCode: 1,
    meaning: 'No login callback arrived before --timeout ran out.',
  },
  LOGIN_FAILED: { exitCode: 1, meaning: 'The login ended without tokens.' },
  CONNECTION_TEST: {
    exitCode: 1,
    meaning: 'The login was saved, but the first request with it failed.',
  },
  INVALID_CLIENT: {
    exitCode: 1,
    meaning: "The token endpoint rejected the app's client ID or secret (invalid_client).",
  },
  INVALID_GRANT: {
    exitCode: 1,
    meaning:
      'The token endpoint refused the grant (invalid_grant): a spent code or a dead refresh token.',
  },
  TOKEN_ENDPOINT: {
    exitCode: 1,
    meaning: 'The token or revocation endpoint could not be reached or gave an unusable answer.',
  },
  CLIENT_METADATA_REFUSED: {
    exitCode: 1,
    meaning:
      "`oura serve` refused a client's URL client_id: its metadata document could not be fetched safely or failed the checks (invalid_client).",
  },
  TOKENS_CORRUPT: {
    exitCode: 1,
    meaning: 'The stored tokens are not readable; `oura auth login` replaces them.',
  },

  // Local ports, sockets and child programs
  PORT_IN_USE: { exitCode: 1, meaning: 'The port to listen on is taken by another program.' },
  PORT_DENIED: { exitCode: 1, meaning: 'Not allowed to listen on the port (below 1024).' },
  PORT_UNAVAILABLE: {
    exitCode: 1,
    meaning: 'Cannot listen on the address and port: taken, not on this machine, or not allowed.',
  },
  SOCKET_IN_USE: { exitCode: 1, meaning: 'Another program is serving on the Unix socket.' },
  COMMAND_FAILED: { exitCode: 1, meaning: 'The program given to `oura run` could not be started.' },
  EMULATOR_STATE: { exitCode: 1, meaning: "The emulator's state file cannot be used." },

  // Configuration and the credential store
  CONFIG_CORRUPT: { exitCode: 1, meaning: 'The configuration file is not valid JSON.' },
  STORE_CORRUPT: { exitCode: 1, meaning: 'The credential file is not valid JSON.' },
  STORE_UNSUPPORTED: {
    exitCode: 1,
    meaning: 'The credential file is sealed in a form this version cannot read.',
  },
  STORE_PASSPHRASE_WRONG: {
    exitCode: 4,
    meaning: 'The passphrase did not open the sealed credential file; nothing was changed.',
  },
  STORE_PASSPHRASE_NEEDED: {
    exitCode: 4,
    meaning:
      'The credential file is sealed with a passphrase and there is no terminal to ask for it.',
  },
  KEYRING_FAILED: { exitCode: 1, meaning: 'The OS keychain refused to read or write a secret.' },
  LOCK_TIMEOUT: {
    exitCode: 1,
    meaning: 'Another oura process has held the lock on the profile for too long.',
  },
  SERVE_RUNNING: {
    exitCode: 1,
    meaning: 'Another `oura serve` already runs on this data directory.',
  },
  SERVE_NOT_STARTED: {
    exitCode: 1,
    meaning:
      '`oura serve invite` or `rotate-key` needs a server that has started once on this data directory.',
  },

  // Files
  FILE_WRITE: {
    exitCode: 1,
    meaning: 'A file could not be written (permissions, read-only disk, no such folder).',
  },
  DISK_FULL: {
    exitCode: 1,
    meaning: 'The disk or quota is full; what was written before is kept.',
  },
  EXPORT_FOLDER: {
    exitCode: 1,
    meaning: 'The --out path of `oura export` is not a usable folder.',
  },

  // The local history and what reads it
  NO_HISTORY: { exitCode: 1, meaning: 'There is no local history yet: run `oura sync` first.' },
  HISTORY: {
    exitCode: 1,
    meaning:
      'The history file cannot be used: damaged (`oura sync --rebuild`), from a newer version, or not openable (permissions, a full disk).',
  },
  SQLITE_MODULE: {
    exitCode: 1,
    meaning:
      "SQLite (better-sqlite3's native part) does not load in this Node.js: built for another version, or not built. `npm rebuild better-sqlite3`; nothing stored was changed.",
  },
  QUERY: {
    exitCode: 1,
    meaning: 'A query over the history failed for a reason other than the statement (e.g. a lock).',
  },
  DOCUMENT_REFUSED: {
    exitCode: 1,
    meaning: 'A document from Oura failed the checks before storing (no usable id or day).',
  },
  NOT_COVERED: {
    exitCode: 1,
    meaning: 'The history does not cover the days asked for: run `oura sync`.',
  },
  NO_DATA: { exitCode: 1, meaning: 'The history has no data for the days asked for.' },

  // The service's secrets at rest (`oura serve`)
  DATABASE: {
    exitCode: 1,
    meaning:
      'The PostgreSQL database of a --database deployment could not be opened: no such database, a login refused, or nothing answering at its address.',
  },
  SERVE_KEY: {
    exitCode: 1,
    meaning:
      "The key that encrypts the service's stored secrets is unusable: a bad OURA_SERVE_KEY, or a key file open to others or damaged.",
  },
  SEALED_VALUE: {
    exitCode: 1,
    meaning:
      'A stored secret of the service did not decrypt: sealed under a key no longer held, altered, or moved from its row.',
  },

  // The Oura API
  API_UNAUTHORIZED: {
    exitCode: 4,
    meaning:
      "Oura rejected the access token (HTTP 401 after a refresh), or the app's client credentials.",
  },
  API_FORBIDDEN: {
    exitCode: 1,
    meaning: 'HTTP 403: the login lacks the scope for this data, or the membership has lapsed.',
  },
  API_NOT_FOUND: { exitCode: 1, meaning: 'HTTP 404: no such document, route or subscription.' },
  API_VALIDATION: { exitCode: 1, meaning: 'HTTP 400 or 422: Oura refused the request.' },
  API_RATE_LIMITED: {
    exitCode: 1,
    meaning: 'HTTP 429 for longer than the client is willing to wait.',
  },
  API_SERVER_ERROR: { exitCode: 1, meaning: 'HTTP 5xx after the retries ran out.' },
  API_ERROR: { exitCode: 1, meaning: 'Another unexpected HTTP status from Oura.' },
  API_NETWORK: {
    exitCode: 1,
    meaning: 'No HTTP answer: DNS, connection refused or reset, TLS.',
  },
  API_TIMEOUT: { exitCode: 1, meaning: 'The API took the request but did not answer in time.' },
  API_PAGINATION_LOOP: {
    exitCode: 1,
    meaning: 'The API repeated a next_token; paging stopped rather than loop.',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

/** Every code an {@link OuraError} can carry. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The exit code for an error code. A code missing from the catalogue (an
 * `OuraError` made by plain JavaScript, unchecked by the compiler) is a
 * runtime failure.
 */
export function exitCodeFor(code: string): ExitCode {
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as ErrorCode].exitCode : 1;
}
