/**
 * The account page's routes. Every change is a POST carrying the session's
 * CSRF token (and passing the Origin guard); a grant can be revoked only by
 * the person it belongs to. Deleting revokes the Oura grant at Oura, deletes
 * the person's history and forgets them (their grants go with them).
 */
import express, { type Request, type Response, type Router } from 'express';
import { type LeaveDeps, leave } from '../leave.js';
import { messagePage, sendPage } from '../pages.js';
import { ACCOUNT_COOKIE, type SignInFlow } from '../sign-in.js';
import type { ClientStore } from '../state/client-store.js';
import type { GrantStore } from '../state/grant-store.js';
import { csrfMatches, csrfToken, type SessionStore } from '../state/session-store.js';
import { accountPage, accountSignInPage } from './account-page.js';

export interface AccountDeps extends LeaveDeps {
  signIn: SignInFlow;
  sessions: SessionStore;
  grants: GrantStore;
  clients: ClientStore;
}

export function accountRoutes(deps: AccountDeps, guard: express.RequestHandler): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const secretOf = (req: Request) => deps.signIn.cookies.read(req, ACCOUNT_COOKIE);

  /** The signed-in person and the session secret, or undefined after answering. */
  const session = async (req: Request, res: Response, needsCsrf: boolean) => {
    const secret = secretOf(req);
    const userId = await deps.sessions.userOf(secret);
    const user = userId ? await deps.users.get(userId) : undefined;
    if (!secret || !user) {
      if (needsCsrf)
        messagePage(res, 401, 'Signed out', 'Your session ended. Open /account and sign in again.');
      else sendPage(res, 200, 'Your Oura connection', accountSignInPage());
      return undefined;
    }
    if (
      needsCsrf &&
      !csrfMatches(secret, (req.body as Record<string, unknown> | undefined)?.csrf)
    ) {
      messagePage(res, 403, 'This form has expired', 'Open /account again and retry.');
      return undefined;
    }
    return { user, secret };
  };
  type SignedIn = NonNullable<Awaited<ReturnType<typeof session>>>;

  /** A route for the signed-in person only; its errors go to express. */
  const signedInRoute =
    (
      needsCsrf: boolean,
      work: (req: Request, res: Response, signedIn: SignedIn) => Promise<void>,
    ) =>
    (req: Request, res: Response, next: express.NextFunction) => {
      (async () => {
        const signedIn = await session(req, res, needsCsrf);
        if (signedIn) await work(req, res, signedIn);
      })().catch(next);
    };

  const render = async (res: Response, userId: string, secret: string, notice?: string) => {
    const user = await deps.users.get(userId);
    if (!user) return;
    const assistants = await Promise.all(
      (await deps.grants.grantsOf(userId)).map(async (grant) => {
        const client = await deps.clients.getClient(grant.clientId).catch(() => undefined);
        const redirect = client?.redirect_uris[0];
        return {
          grantId: grant.id,
          name: client?.client_name ?? 'An MCP client',
          redirectHost: redirect ? new URL(redirect).host : '',
          createdAt: grant.createdAt,
          lastUsedAt: grant.lastUsedAt,
        };
      }),
    );
    sendPage(
      res,
      200,
      'Your Oura connection',
      accountPage({
        email: user.email,
        userId: user.id,
        role: user.role,
        ouraProblem: user.ouraProblem,
        lastSyncAt: user.lastSyncAt,
        assistants,
        csrf: csrfToken(secret),
        ...(notice ? { notice } : {}),
      }),
    );
  };

  router.get(
    '/',
    signedInRoute(false, (_req, res, signedIn) => render(res, signedIn.user.id, signedIn.secret)),
  );

  router.post('/sign-in', guard, (_req, res, next) => {
    deps.signIn.startAccountSignIn(res).catch(next);
  });

  router.post(
    '/revoke',
    guard,
    form,
    signedInRoute(true, async (req, res, signedIn) => {
      const grantId = String((req.body as Record<string, unknown>).grant ?? '');
      const mine = (await deps.grants.grantsOf(signedIn.user.id)).some(
        (grant) => grant.id === grantId,
      );
      if (!mine) {
        messagePage(res, 404, 'No such assistant', 'It was already revoked, or it is not yours.');
        return;
      }
      await deps.grants.revokeGrant(grantId);
      deps.log('account: an assistant was revoked');
      await render(
        res,
        signedIn.user.id,
        signedIn.secret,
        'Revoked: that assistant can no longer read your data.',
      );
    }),
  );

  router.post(
    '/delete',
    guard,
    form,
    signedInRoute(true, async (req, res, signedIn) => {
      if ((req.body as Record<string, unknown>).confirm !== 'yes') {
        await render(
          res,
          signedIn.user.id,
          signedIn.secret,
          'Tick the box to confirm, then press the button again.',
        );
        return;
      }
      await leave(deps, signedIn.user.id);
      deps.log('account: a person deleted their data');
      deps.signIn.cookies.clear(res, ACCOUNT_COOKIE);
      messagePage(
        res,
        200,
        'Deleted',
        'Your data on this server is deleted and this server no longer holds access to your Oura account.',
      );
    }),
  );

  router.post(
    '/sign-out',
    guard,
    form,
    signedInRoute(true, async (_req, res, signedIn) => {
      await deps.sessions.end(signedIn.secret);
      deps.signIn.cookies.clear(res, ACCOUNT_COOKIE);
      sendPage(res, 200, 'Your Oura connection', accountSignInPage());
    }),
  );
  return router;
}
