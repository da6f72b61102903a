/**
 * The composition root: one profile's engines (its stored login, fresh tokens,
 * the API client, the webhook subscriptions), built on first use and closed
 * together, and its history. Every entry point takes them from here, so this is the one place
 * in `src/` that constructs an `OuraClient` (test/profile.test.ts keeps it so).
 *
 * Opening reads nothing; each engine is imported and built when first asked
 * for, so a command that needs none of them pays nothing at start-up.
 */
import type { OuraClient, OuraClientOptions } from '../api/client.js';
import type { Account } from '../auth/account.js';
import type { StatusReport } from '../auth/login-status.js';
import type { Session, TokenRequest } from '../auth/session.js';
import { now as clockNow } from '../clock.js';
import { type History, openHistory } from '../history/history.js';
import { historyPath } from '../history/paths.js';
import type { SubscriptionClient } from '../webhook/subscriptions.js';
import type { ProfileOptions } from './profile-options.js';

/** Hands out a usable access token; `rejectedToken` asks for a refresh after a 401. */
export type ProfileTokenProvider = (request?: TokenRequest) => Promise<string>;

/** What a caller may choose about a client; the token and the API address are the profile's. */
export interface ProfileClientOptions
  extends Pick<
    OuraClientOptions,
    | 'onRequest'
    | 'seriesWindowDays'
    | 'onSlowAnswer'
    | 'userAgent'
    | 'sandbox'
    | 'onProgress'
    | 'retry'
    | 'timeoutMs'
  > {
  /** Send this token instead of the profile's: the connection test of a login just made. */
  token?: string;
}

export interface Profile extends AsyncDisposable {
  /** What the profile was opened with. */
  readonly options: ProfileOptions;
  /** The history file (`OURA_DATA_DIR`); nothing is opened or created. */
  readonly historyPath: string;
  /** The profile's history (`oura sync`), one object for the profile's life; opening it opens no file. */
  history(): History;
  /** The profile's clock. */
  now(): Date;
  /**
   * The stored login. `forWriting`: the caller will store secrets, so a new
   * profile picks its store now; the writable one then serves every reader too.
   */
  account(options?: { forWriting?: boolean }): Promise<Account>;
  /** `OURA_ACCESS_TOKEN` as is, else the stored login refreshed as needed. */
  readonly token: ProfileTokenProvider;
  /** Values that must never be printed: the tokens and client secret handed out, and the secrets in the environment. */
  secrets(): string[];
  /** The API client over {@link Profile.token}; without options, one shared client. */
  client(options?: ProfileClientOptions): Promise<OuraClient>;
  /** Oura's webhook subscriptions for the profile's application (client ID and secret). */
  subscriptions(options?: { timeoutMs?: number }): Promise<SubscriptionClient>;
  /** The stored login's state, without secrets (`oura auth status --offline`). */
  status(): Promise<StatusReport>;
  /** After this no token is handed out; a second call does nothing. */
  close(): Promise<void>;
}

export function openProfile(options: ProfileOptions): Profile {
  const { env } = options;
  const handedOut = new Set<string>();
  let closed = false;
  let readable: Promise<Account> | undefined;
  let writable: Promise<Account> | undefined;
  let session: Promise<Session> | undefined;
  let sharedClient: Promise<OuraClient> | undefined;
  let history: History | undefined;

  const openAccount = (forWriting: boolean): Promise<Account> =>
    import('../auth/account.js').then(({ Account }) =>
      Account.open(options, forWriting ? { forWriting } : {}),
    );

  const account = (accountOptions: { forWriting?: boolean } = {}): Promise<Account> => {
    if (accountOptions.forWriting) {
      writable ??= openAccount(true);
      return writable;
    }
    if (writable) return writable;
    readable ??= openAccount(false);
    return readable;
  };

  const freshToken = async (request: TokenRequest): Promise<string> => {
    if (options.tokenSource) return options.tokenSource(request);
    const envToken = env.OURA_ACCESS_TOKEN;
    if (envToken) {
      // A token in the environment needs no store, keychain or OAuth code.
      const { environmentToken } = await import('../auth/env-token.js');
      return environmentToken(envToken, request);
    }
    session ??= import('../auth/session.js').then(
      ({ Session }) =>
        new Session(options, {
          openAccount: () => account(),
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
    );
    return (await session).getAccessToken(request);
  };

  const token: ProfileTokenProvider = async (request = {}) => {
    if (closed) throw new Error(`Profile "${options.profile}" is closed: open it again.`);
    const value = await freshToken(request);
    handedOut.add(value);
    return value;
  };

  const buildClient = async (clientOptions: ProfileClientOptions): Promise<OuraClient> => {
    const { OuraClient } = await import('../api/client.js');
    const { token: fixedToken, ...rest } = clientOptions;
    if (fixedToken) handedOut.add(fixedToken);
    const userAgent = rest.userAgent ?? options.userAgent;
    return new OuraClient({
      ...rest,
      token: fixedToken ?? token,
      baseUrl: options.apiUrl,
      ...(userAgent ? { userAgent } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.requestBudget ? { requestBudget: options.requestBudget } : {}),
    });
  };

  const profile: Profile = {
    options,
    historyPath: options.historyFile ?? historyPath(options.profile, env),
    history: () => {
      history ??= openHistory(profile.historyPath);
      return history;
    },
    now: options.now ?? clockNow,
    account,
    token,
    secrets: () => {
      const fromEnv = [env.OURA_ACCESS_TOKEN, env.OURA_CLIENT_SECRET];
      return [...handedOut, ...fromEnv.filter((value): value is string => Boolean(value))];
    },
    client: (clientOptions) => {
      if (clientOptions) return buildClient(clientOptions);
      sharedClient ??= buildClient({});
      return sharedClient;
    },
    subscriptions: async (subscriptionOptions = {}) => {
      const [{ SubscriptionClient }, credentials] = await Promise.all([
        import('../webhook/subscriptions.js'),
        account().then((opened) => opened.client()),
      ]);
      // Read from the store: it must never be printed, like the one in the environment.
      handedOut.add(credentials.clientSecret);
      return new SubscriptionClient({
        baseUrl: options.apiUrl,
        ...credentials,
        ...subscriptionOptions,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    },
    status: async () => {
      const { readLoginStatus } = await import('../auth/login-status.js');
      return readLoginStatus(options);
    },
    close: async () => {
      closed = true;
      history?.close();
    },
    [Symbol.asyncDispose]: () => profile.close(),
  };
  return profile;
}
