/**
 * The browser login: state + PKCE → loopback listener up → authorize URL
 * printed and opened → the callback arrives → code exchanged at once (codes
 * are single use and short-lived) → tokens persisted → browser told the
 * outcome → connection test.
 */
import { OuraError, UsageError } from '../errors.js';
import type { Account, AccountContext } from './account.js';
import { type ConnectedUser, displayName } from './connection-test.js';
import { type CallbackAnswer, loopbackPort, startLoopbackServer } from './loopback.js';
import {
  type AuthorizationRequestSecrets,
  buildAuthorizeUrl,
  exchangeCode,
  newAuthorizationSecrets,
  validateCallback,
} from './oauth.js';
import { serverChangeNotice } from './server-change.js';
import {
  DEFAULT_REDIRECT_URI,
  DEFAULT_SCOPES,
  parseScopeList,
  spellScopes,
  toBareScope,
} from './servers.js';
import type { StoredTokens } from './tokens.js';

export type LoginMode = 'browser' | 'print' | 'paste';

export interface LoginFlowOptions {
  /** Bare scope names; default: the profile's, else DEFAULT_SCOPES. */
  scopes?: string[];
  /** Replaces the redirect URI's port (the new URI must be registered too). */
  port?: number;
  timeoutSeconds?: number;
  pkce?: boolean;
  /** browser: listen and open; print: listen and only print the URL; paste: no listener. */
  mode?: LoginMode;
  /** Shows the authorize URL on a line of its own. */
  showUrl: (url: string) => void;
  /** Opens a URL in the person's browser; rejects when none can be opened. */
  openUrl?: (url: string) => Promise<void>;
  /** Paste mode: asks for the URL the browser was redirected to. */
  readRedirect?: () => Promise<string>;
  /** Called right after the listener is up, before the URL is shown (tests, the demo). */
  onListening?: (authorizeUrl: string) => void | Promise<void>;
  fetch?: typeof fetch;
}

export interface LoginResult {
  user: ConnectedUser | undefined;
  displayName: string | undefined;
  grantedScopes: string[];
  /** Asked for but not granted (unticked on the consent page). */
  missingScopes: string[];
  expiresAt: string | undefined;
  store: 'keyring' | 'file';
}

const say = (ctx: AccountContext, line: string) => ctx.notice?.(line);

/** What a login works on, given by its caller (a profile: `profile/login.ts`). */
export interface LoginTarget {
  /** The profile's stored login, opened for writing. */
  account: Account;
  /**
   * The connection test: who the new access token belongs to, read with it;
   * undefined when the `personal` scope was not granted.
   */
  readUser: (accessToken: string) => Promise<ConnectedUser | undefined>;
}

export async function loginFlow(
  target: LoginTarget,
  options: LoginFlowOptions,
): Promise<LoginResult> {
  const { account } = target;
  const { ctx } = account;
  const client = await account.client();
  const endpoints = await account.loginEndpoints();
  const serverChange = serverChangeNotice(
    ctx.profile,
    account.config?.tokenUrl,
    endpoints.tokenUrls,
  );
  if (serverChange) say(ctx, serverChange);
  const scopes = (options.scopes ?? account.config?.scopes ?? [...DEFAULT_SCOPES]).map(toBareScope);
  const redirectUri = withPort(account.config?.redirectUri ?? DEFAULT_REDIRECT_URI, options.port);
  const mode = options.mode ?? 'browser';
  if (mode !== 'paste') loopbackPort(redirectUri);

  const secrets = newAuthorizationSecrets(options.pkce ?? true);
  const authorizeUrl = (
    await buildAuthorizeUrl({
      authorizeUrl: endpoints.authorizeUrl,
      clientId: client.clientId,
      redirectUri,
      scope: spellScopes(scopes, endpoints.scopePrefix),
      secrets,
    })
  ).toString();

  /** Exchange and persist: runs while the browser's request is held open. */
  const complete = async (parameters: URLSearchParams): Promise<StoredTokens> => {
    // Nothing in the callback is believed, an error included, before it is known to be ours.
    const checked = validateCallback({
      endpoints,
      clientId: client.clientId,
      callbackParameters: parameters,
      expectedState: secrets.state,
    });
    if ('error' in checked) {
      const { error, description } = checked;
      if (error === 'invalid_scope') throw scopeRefused(scopes, description);
      throw new OuraError(
        error === 'access_denied' ? 'ACCESS_DENIED' : 'AUTHORIZATION_ERROR',
        `Oura did not authorize the app: ${description ? `${description} (${error})` : error}.`,
        {
          hint:
            error === 'access_denied'
              ? 'Run `oura auth login` again and choose Allow.'
              : "Check the app on Oura's portal (redirect URI, scopes), then run `oura auth login` again.",
        },
      );
    }
    if (!parameters.get('code')) {
      throw new OuraError('NO_CODE', 'The redirect carried no authorization code.', {
        hint: 'Run `oura auth login` again.',
      });
    }
    const { tokens, tokenUrl } = await exchangeCode({
      endpoints,
      client,
      callbackParameters: parameters,
      expectedState: secrets.state,
      redirectUri,
      codeVerifier: secrets.codeVerifier,
      ...(options.fetch ? { options: { fetch: options.fetch } } : {}),
    });
    await account.withProfileLock(() =>
      account.saveTokens(tokens, {
        clientId: client.clientId,
        redirectUri,
        authServer: account.config?.authServer ?? 'oura',
        scopes,
        tokenUrl,
        revokeUrl: endpoints.revokeUrl,
      }),
    );
    return tokens;
  };

  const tokens =
    mode === 'paste'
      ? await pasteFlow(options, authorizeUrl, secrets, complete)
      : await loopbackFlow(ctx, options, mode, redirectUri, authorizeUrl, secrets, complete);

  const granted = tokens.scope === undefined ? scopes : parseScopeList(tokens.scope);
  const missingScopes = scopes.filter((scope) => !granted.includes(scope));
  if (missingScopes.length > 0) {
    say(
      ctx,
      `Not granted: ${missingScopes.join(', ')}. Data needing these scopes will be refused; run \`oura auth login\` again and tick them to add them.`,
    );
  }

  const user = await connectionTest(target, tokens.access_token);
  const name = displayName(user);
  if (name) await account.updateConfig((config) => ({ ...config, user: name }));
  return {
    user,
    displayName: name,
    grantedScopes: granted,
    missingScopes,
    expiresAt:
      tokens.expires_at === undefined ? undefined : new Date(tokens.expires_at).toISOString(),
    store: account.store.kind,
  };
}

async function loopbackFlow(
  ctx: AccountContext,
  options: LoginFlowOptions,
  mode: LoginMode,
  redirectUri: string,
  authorizeUrl: string,
  secrets: AuthorizationRequestSecrets,
  complete: (parameters: URLSearchParams) => Promise<StoredTokens>,
): Promise<StoredTokens> {
  let tokens: StoredTokens | undefined;
  const server = await startLoopbackServer({
    redirectUri,
    expectedState: secrets.state,
    onCallback: async (parameters): Promise<CallbackAnswer> => {
      tokens = await complete(parameters);
      return {
        ok: true,
        title: 'Connected to Oura',
        detail: 'oura-connect has stored your login.',
      };
    },
  });
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  let timer: NodeJS.Timeout | undefined;
  try {
    await options.onListening?.(authorizeUrl);
    options.showUrl(authorizeUrl);
    if (mode === 'browser' && options.openUrl) {
      await options.openUrl(authorizeUrl).catch(() => {
        say(ctx, 'Could not open a browser: open the URL above yourself.');
      });
    }
    say(ctx, `Waiting for the browser to come back to ${redirectUri} (up to ${timeoutSeconds} s)…`);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new OuraError(
              'LOGIN_TIMEOUT',
              `No login callback arrived within ${timeoutSeconds} s.`,
              {
                hint: 'Run `oura auth login` again (--timeout SECONDS for more time). If the browser runs on another machine, use `ssh -L PORT:localhost:PORT` or --paste.',
              },
            ),
          ),
        timeoutSeconds * 1000,
      );
    });
    await Promise.race([server.done, timeout]);
  } finally {
    clearTimeout(timer);
    await server.close();
  }
  if (!tokens) throw new OuraError('LOGIN_FAILED', 'The login ended without tokens.');
  return tokens;
}

async function pasteFlow(
  options: LoginFlowOptions,
  authorizeUrl: string,
  secrets: AuthorizationRequestSecrets,
  complete: (parameters: URLSearchParams) => Promise<StoredTokens>,
): Promise<StoredTokens> {
  if (!options.readRedirect) throw new UsageError('--paste needs an interactive terminal.');
  options.showUrl(authorizeUrl);
  const pasted = (await options.readRedirect()).trim();
  let parameters: URLSearchParams;
  try {
    parameters = new URL(pasted).searchParams;
  } catch {
    throw new UsageError(
      'That is not a URL: paste the whole address your browser was sent to (it starts with http).',
    );
  }
  if (parameters.get('state') !== secrets.state) {
    throw new OuraError(
      'STATE_MISMATCH',
      'The pasted URL does not belong to this login (its state does not match).',
      {
        hint: 'Run `oura auth login --paste` again and paste the address from that attempt.',
      },
    );
  }
  return complete(parameters);
}

/** `invalid_scope`: the app on Oura's portal does not have every scope asked for. */
function scopeRefused(asked: readonly string[], description: string | undefined): OuraError {
  return new OuraError(
    'AUTHORIZATION_ERROR',
    `Oura refused the scopes asked for (invalid_scope${description ? `: ${description}` : ''}). Asked: ${asked.join(', ')}.`,
    {
      hint: "Tick these scopes for the app on Oura's portal, or ask only for those it has, e.g. `oura auth login --scopes daily,personal` (names as listed above).",
    },
  );
}

/** personal_info with the new token: the proof that the login works end to end. */
async function connectionTest(
  target: LoginTarget,
  accessToken: string,
): Promise<ConnectedUser | undefined> {
  try {
    return await target.readUser(accessToken);
  } catch (error) {
    throw new OuraError(
      'CONNECTION_TEST',
      `Logged in and saved, but the connection test failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function withPort(redirectUri: string, port: number | undefined): string {
  if (port === undefined) return redirectUri;
  const url = new URL(redirectUri);
  url.port = String(port);
  return url.toString();
}
