/**
 * Sign in with Oura, the middle of the MCP authorization code flow:
 *
 * 1. `/authorize` (the SDK's handler has checked the client, the redirect URI
 *    and PKCE) shows the consent page naming the assistant and where it sends
 *    the person back; a cookie binds the sign-in to this browser.
 * 2. `POST /consent`: the person allows (or cancels); we send them through
 *    Oura's own consent for the server's Oura application, with our own
 *    `state` and PKCE.
 * 3. `/oura/callback`: the code from Oura is checked (`state`, `iss`) and
 *    exchanged at once; the Oura account behind it is the identity. If that
 *    account may sign in, its tokens are kept (sealed) and the assistant gets
 *    its authorization code.
 *
 * The server's own pages sign in the same way from step 2 on: the account
 * and admin pages (purpose `account`, ending in a session) and a cohort's
 * enrollment (purpose `enroll`, ending in `EnrollmentFinish`).
 */

import type { AuthorizationParams } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Request, Response } from 'express';
import { spellScopes } from '../auth/servers.js';
import type { StoredTokens } from '../auth/tokens.js';
import { OuraError } from '../errors.js';
import { ServeCookies } from './cookies.js';
import { giveBackGrant, ouraAccountOf } from './oura-account.js';
import type { OuraApp } from './oura-app.js';
import { consentPage, messagePage, sendPage } from './pages.js';
import { takePendingSignIn } from './pending-sign-in.js';
import type { AdmissionPolicy } from './state/admission.js';
import type { GrantStore } from './state/grant-store.js';
import { SESSION_SECONDS, type SessionStore } from './state/session-store.js';
import type { SignIn, SignInStore } from './state/sign-in-store.js';
import type { ServeUser, UserStore } from './state/user-store.js';

export interface SignInDeps {
  app: OuraApp;
  signIns: SignInStore;
  admission: AdmissionPolicy;
  users: UserStore;
  grants: GrantStore;
  sessions: SessionStore;
  /** The server's public base URL (no trailing slash). */
  publicUrl: string;
  /** Ends an enrollment's sign-in (`cohorts/enrollment-routes.ts`): the participant is admitted by their link. */
  enrollment: EnrollmentFinish;
  /** Called once a person signed in (start their sync). */
  onSignedIn: (userId: string) => void;
  log: (line: string) => void;
}

/** What ends an enrollment once Oura said who the participant is. */
export interface EnrollmentFinish {
  finish(
    signedIn: {
      account: { id: string; email: string | undefined };
      known: ServeUser | undefined;
      tokens: StoredTokens;
      /** What the enrollment page's consent carried to Oura and back. */
      admission: string | undefined;
    },
    res: Response,
    /** Gives the fresh Oura grant back (for a newcomer refused). */
    giveBack: () => Promise<void>,
  ): Promise<void>;
}

const SIGN_IN_COOKIE = 'oura_sign_in_';
export const INVITE_COOKIE = 'oura_invite';
export const ACCOUNT_COOKIE = 'oura_account';

/** Redirects the browser to the assistant with an OAuth answer (RFC 6749 §4.1.2, RFC 9207 `iss`). */
function redirectToClient(
  res: Response,
  signIn: Pick<SignIn, 'redirectUri' | 'clientState'>,
  params: Record<string, string>,
  issuer: string,
): void {
  const url = new URL(signIn.redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  if (signIn.clientState !== undefined) url.searchParams.set('state', signIn.clientState);
  url.searchParams.set('iss', issuer);
  res.redirect(302, url.href);
}

export class SignInFlow {
  readonly cookies: ServeCookies;
  private readonly issuer: string;
  /** The redirect URI registered for the server's Oura app. */
  private readonly callbackUrl: string;

  constructor(private readonly deps: SignInDeps) {
    this.cookies = new ServeCookies(deps.publicUrl.startsWith('https:'));
    this.issuer = `${deps.publicUrl}/`;
    this.callbackUrl = `${deps.publicUrl}/oura/callback`;
  }

  /** Step 1, from the provider's `authorize`. */
  async showConsent(
    client: OAuthClientInformationFull,
    params: Omit<AuthorizationParams, 'resource'> & { resource: string },
    req: Request,
    res: Response,
  ): Promise<void> {
    const { id, browserSecret } = await this.deps.signIns.start({
      clientId: client.client_id,
      redirectUri: params.redirectUri,
      codeChallenge: params.codeChallenge,
      clientState: params.state,
      scopes: params.scopes ?? [],
      resource: params.resource,
    });
    this.bindToBrowser(res, id, browserSecret);
    const claimed = await this.deps.admission.isClaimed();
    sendPage(
      res,
      200,
      'Connect to your Oura data',
      consentPage({
        signInId: id,
        clientName: client.client_name ?? 'An MCP client',
        redirectUri: params.redirectUri,
        codeField: claimed ? 'invite' : 'claim',
        invite: this.cookies.read(req, INVITE_COOKIE),
      }),
    );
  }

  /** Step 2. */
  async consent(req: Request, res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = typeof body.sign_in === 'string' ? body.sign_in : '';
    const signIn = id ? await this.deps.signIns.find(id, this.browserSecret(req, id)) : undefined;
    if (!signIn) {
      messagePage(
        res,
        400,
        'This sign-in cannot continue',
        'It expired, or it was started in another browser. Go back to your assistant and connect again.',
      );
      return;
    }
    if (body.decision !== 'allow') {
      await this.deps.signIns.delete(id);
      redirectToClient(
        res,
        signIn,
        { error: 'access_denied', error_description: 'The person cancelled.' },
        this.issuer,
      );
      return;
    }
    const code =
      typeof body.code === 'string' && body.code.trim() !== ''
        ? body.code.trim().slice(0, 200)
        : undefined;
    if (
      !(await this.deps.admission.isClaimed()) &&
      !(await this.deps.admission.claimCodeMatches(code))
    ) {
      // Told now, before the trip through Oura; the rate limit on this route bounds guessing.
      sendPage(
        res,
        403,
        'Wrong claim code',
        consentPage({
          signInId: id,
          clientName: 'the assistant',
          redirectUri: signIn.redirectUri,
          codeField: 'claim',
          invite: undefined,
          error:
            'That is not the claim code printed on the server’s console. Check it and try again.',
        }),
      );
      return;
    }
    await this.sendToOura(res, id, code);
  }

  /** The account (or admin) page's sign-in: straight to Oura, for people already here; back to `returnTo`. */
  async startAccountSignIn(res: Response, returnTo = '/account'): Promise<void> {
    await this.sendToOura(res, await this.startOwn(res, 'account', returnTo), undefined);
  }

  /** A sign-in for one of the server's own pages (no assistant), bound to this browser; answers its id. */
  async startOwn(res: Response, purpose: 'account' | 'enroll', returnTo: string): Promise<string> {
    const { id, browserSecret } = await this.deps.signIns.start({
      purpose,
      clientId: '',
      redirectUri: `${this.deps.publicUrl}${returnTo}`,
      codeChallenge: '',
      clientState: undefined,
      scopes: [],
      resource: '',
    });
    this.bindToBrowser(res, id, browserSecret);
    return id;
  }

  /** The enrollment page's consent: on to Oura, if the sign-in is this browser's enrollment; false if not. */
  async enrollToOura(req: Request, res: Response, signInId: string, admission: string) {
    const signIn = await this.deps.signIns.find(signInId, this.browserSecret(req, signInId));
    if (signIn?.purpose !== 'enroll') return false;
    await this.sendToOura(res, signInId, admission);
    return true;
  }

  private bindToBrowser(res: Response, signInId: string, browserSecret: string): void {
    this.cookies.set(res, `${SIGN_IN_COOKIE}${signInId}`, browserSecret, 600);
  }

  private async sendToOura(
    res: Response,
    signInId: string,
    code: string | undefined,
  ): Promise<void> {
    const { buildAuthorizeUrl, newAuthorizationSecrets } = await import('../auth/oauth.js');
    const secrets = newAuthorizationSecrets(true);
    await this.deps.signIns.toOura(signInId, {
      ouraState: secrets.state,
      ouraVerifier: secrets.codeVerifier ?? '',
      admission: code,
    });
    const url = await buildAuthorizeUrl({
      authorizeUrl: this.deps.app.endpoints.authorizeUrl,
      clientId: this.deps.app.credentials.clientId,
      redirectUri: this.callbackUrl,
      scope: spellScopes(this.deps.app.scopes, this.deps.app.endpoints.scopePrefix),
      secrets,
    });
    res.redirect(303, url.href);
  }

  /** Step 3. */
  async callback(req: Request, res: Response): Promise<void> {
    const url = new URL(req.originalUrl, this.deps.publicUrl);
    const state = url.searchParams.get('state') ?? '';
    const { exchangeCode, validateCallback } = await import('../auth/oauth.js');
    try {
      // The issuer (RFC 9207) first: a callback naming another server changes nothing, not even the pending sign-in.
      validateCallback({
        endpoints: this.deps.app.endpoints,
        clientId: this.deps.app.credentials.clientId,
        callbackParameters: url.searchParams,
        expectedState: state,
      });
    } catch {
      messagePage(
        res,
        400,
        'This sign-in is not one this server started',
        'The answer did not come from the Oura server this sign-in went to. Go back to your assistant and connect again.',
      );
      return;
    }
    const signIn = await takePendingSignIn(
      this.deps.signIns,
      state,
      (id) => this.browserSecret(req, id),
      this.deps.log,
    );
    if (!signIn) {
      messagePage(
        res,
        400,
        'This sign-in is not one this server started',
        'It expired, was already used, or was started in another browser. Go back to your assistant and connect again.',
      );
      return;
    }
    this.cookies.clear(res, `${SIGN_IN_COOKIE}${signIn.id}`);
    let tokens: Awaited<ReturnType<typeof exchangeCode>>['tokens'];
    try {
      ({ tokens } = await exchangeCode({
        endpoints: this.deps.app.endpoints,
        client: this.deps.app.credentials,
        callbackParameters: url.searchParams,
        expectedState: state,
        redirectUri: this.callbackUrl,
        codeVerifier: signIn.ouraVerifier,
        options: {
          timeoutMs: 15_000,
          ...(this.deps.app.fetch ? { fetch: this.deps.app.fetch } : {}),
        },
      }));
    } catch (error) {
      const code = error instanceof OuraError ? error.code : 'UNKNOWN';
      this.deps.log(`sign-in with Oura failed (${code})`);
      if (code === 'AUTHORIZATION_ERROR') {
        redirectToClient(
          res,
          signIn,
          { error: 'access_denied', error_description: 'Oura did not authorize the sign-in.' },
          this.issuer,
        );
        return;
      }
      messagePage(
        res,
        code === 'CALLBACK_REJECTED' ? 400 : 502,
        'Sign-in with Oura failed',
        error instanceof OuraError ? error.message : 'Oura could not be reached. Try again.',
      );
      return;
    }
    const account = await ouraAccountOf(this.deps.app, tokens.access_token);
    if (!account) {
      messagePage(
        res,
        403,
        'Oura did not say who you are',
        'Sign in again and allow “Personal information”: this server needs your Oura account id to keep your data apart from others’.',
      );
      return;
    }
    const known = await this.deps.users.get(account.id);
    if (signIn.purpose === 'account') {
      if (!known) {
        await this.giveBack(tokens);
        const claimed = await this.deps.admission.isClaimed();
        messagePage(res, 403, 'No account here', claimed ? NOT_CONNECTED : NO_OWNER_YET);
        return;
      }
      await this.deps.users.saveSignIn({
        id: account.id,
        email: account.email,
        role: known.role,
        tokens,
      });
      const session = await this.deps.sessions.create(account.id);
      this.cookies.set(res, ACCOUNT_COOKIE, session, SESSION_SECONDS);
      res.redirect(303, new URL(signIn.redirectUri).pathname);
      return;
    }
    if (signIn.purpose === 'enroll') {
      const giveBack = () => (known ? Promise.resolve() : this.giveBack(tokens));
      const finished = { account, known, tokens, admission: signIn.admission };
      await this.deps.enrollment.finish(finished, res, giveBack);
      return;
    }
    const admission = await this.deps.admission.decide(
      account,
      known !== undefined,
      signIn.admission,
    );
    if (!admission.admitted) {
      this.deps.log('sign-in refused: account not admitted');
      await this.giveBack(tokens);
      messagePage(res, 403, 'Not invited', admission.reason);
      return;
    }
    await this.deps.users.saveSignIn({
      id: account.id,
      email: account.email,
      role: known?.role ?? admission.role,
      tokens,
    });
    if (!(await admission.consume())) {
      // Another sign-in spent the same invite (or claimed the server) a moment before this one.
      this.deps.log('sign-in refused: its invite or claim code was just used');
      if (!known) await this.deps.users.delete(account.id);
      await this.giveBack(tokens);
      messagePage(
        res,
        403,
        'Not invited',
        'That invite or claim code was used a moment ago by another sign-in. Ask the server’s owner for a new invite link.',
      );
      return;
    }
    const code = await this.deps.grants.createCode({
      clientId: signIn.clientId,
      userId: account.id,
      scopes: signIn.scopes,
      resource: signIn.resource,
      redirectUri: signIn.redirectUri,
      codeChallenge: signIn.codeChallenge,
    });
    this.deps.onSignedIn(account.id);
    redirectToClient(res, signIn, { code }, this.issuer);
  }

  /** Keeps no access to an account that may not be here: the fresh grant goes back to Oura. */
  private async giveBack(tokens: StoredTokens): Promise<void> {
    await giveBackGrant(this.deps.app, tokens, () =>
      this.deps.log('sign-in refused: revoking the Oura grant failed'),
    );
  }

  private browserSecret(req: Request, signInId: string): string | undefined {
    return this.cookies.read(req, `${SIGN_IN_COOKIE}${signInId}`);
  }
}
const NOT_CONNECTED =
  'This Oura account has not connected an assistant to this server. Connect from your assistant first.';
/** For an owner who has not claimed the server yet (come for /admin, say). */
const NO_OWNER_YET =
  'This server has no owner yet. To become its owner, connect your assistant to its /mcp address and type, on the consent page, the claim code the server printed when it started; then sign in here again.';
