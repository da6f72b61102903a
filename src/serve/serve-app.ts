/**
 * The routes of `oura serve`, on one Express app (the MCP SDK's auth handlers
 * are Express handlers): the authorization server's metadata and endpoints,
 * the consent and sign-in pages, `/mcp` behind the bearer check, and the
 * invite links. Every route is behind the Host/Origin guard and logged.
 */
import { OAuthError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { authorizationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/authorize.js';
import { clientRegistrationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/register.js';
import { revocationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/revoke.js';
import { tokenHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/token.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import {
  createOAuthMetadata,
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthMetadataRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { html } from '../html/safe-html.js';
import { type AccountDeps, accountRoutes } from './account/account-routes.js';
import { type AdminDeps, adminRoutes } from './cohorts/admin-routes.js';
import { type EnrollmentDeps, enrollmentRoutes } from './cohorts/enrollment-routes.js';
import type { ServeCookies } from './cookies.js';
import { mcpHandler, mcpMethodNotAllowed } from './mcp-endpoint.js';
import { completeAuthorizationErrors } from './oauth/authorize-errors.js';
import { SERVE_SCOPES, type ServeOAuthProvider } from './oauth/oauth-provider.js';
import { messagePage, sendPage } from './pages.js';
import { hostAndOriginGuard, requestLog } from './request-guards.js';
import { INVITE_COOKIE, type SignInFlow } from './sign-in.js';
import type { UserStore } from './state/user-store.js';
import type { UserEngines } from './user-engines.js';

/** Requests per window and client address on the routes people and assistants hit before a token. */
export interface RateLimits {
  windowMs: number;
  register: number;
  authorize: number;
  token: number;
  consent: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowMs: 15 * 60_000,
  register: 20,
  authorize: 100,
  token: 100,
  consent: 60,
};

export interface ServeAppDeps {
  publicUrl: string;
  /** Host headers this server answers to (the public one, and the listening address). */
  allowedHosts: ReadonlySet<string>;
  provider: ServeOAuthProvider;
  signIn: SignInFlow;
  engines: UserEngines;
  users: UserStore;
  rateLimits: RateLimits;
  log: (line: string) => void;
  account: AccountDeps;
  /** Joining and leaving cohorts (`/enroll/…`, `/withdraw/…`). */
  enrollment: EnrollmentDeps;
  /** The owner's page of cohorts (`/admin`). */
  admin: AdminDeps;
  /** Behind a reverse proxy on this machine: believe its X-Forwarded-For for the rate limits. */
  trustLoopbackProxy: boolean;
  /** Oura's webhook deliveries and verification challenges (`/oura/webhook`). */
  webhook?: (req: Request, res: Response) => void;
}

export function createServeApp(deps: ServeAppDeps): express.Express {
  const issuer = new URL(`${deps.publicUrl}/`);
  const resource = new URL(`${deps.publicUrl}/mcp`);
  const limits = deps.rateLimits;
  const limit = (max: number) => ({
    windowMs: limits.windowMs,
    limit: max,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustLoopbackProxy ? 'loopback' : false);
  app.use(requestLog(deps.log));
  app.use(hostAndOriginGuard(deps.allowedHosts, new Set([issuer.origin.toLowerCase()])));
  // First after the guards: an assistant's every message lands here, and no other route matches /mcp.
  app.post(
    '/mcp',
    requireBearerAuth({
      verifier: deps.provider,
      requiredScopes: [...SERVE_SCOPES],
      resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(resource),
      expectedResource: resource,
    }),
    express.json({ limit: '1mb' }),
    asyncRoute(mcpHandler({ engines: deps.engines, users: deps.users })),
  );
  app.all('/mcp', mcpMethodNotAllowed);

  const metadata = {
    ...createOAuthMetadata({
      provider: deps.provider,
      issuerUrl: issuer,
      scopesSupported: [...SERVE_SCOPES],
    }),
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
  app.use(
    mcpAuthMetadataRouter({
      oauthMetadata: metadata,
      resourceServerUrl: resource,
      scopesSupported: [...SERVE_SCOPES],
      resourceName: 'Oura Ring data (oura-connect)',
    }),
  );
  // OAuth 2.1 wants redirect URIs compared exactly; the SDK's handler lets a loopback URI's port vary (RFC 8252).
  app.use(
    '/authorize',
    express.urlencoded({ extended: false, limit: '8kb' }),
    exactRedirectUri(deps.provider),
    completeAuthorizationErrors(issuer.href),
  );
  app.use(
    '/authorize',
    authorizationHandler({ provider: deps.provider, rateLimit: limit(limits.authorize) }),
  );
  app.use('/token', tokenHandler({ provider: deps.provider, rateLimit: limit(limits.token) }));
  app.use(
    '/register',
    // A client's metadata is a few hundred bytes; the SDK's parser would take 100 kB into the state file each time.
    express.json({ limit: '16kb' }),
    clientRegistrationHandler({
      clientsStore: deps.provider.clientsStore,
      rateLimit: limit(limits.register),
      clientSecretExpirySeconds: 0,
    }),
  );
  app.use(
    '/revoke',
    revocationHandler({ provider: deps.provider, rateLimit: limit(limits.token) }),
  );

  const consentLimit = rateLimit(limit(limits.consent));
  app.post(
    '/consent',
    consentLimit,
    express.urlencoded({ extended: false, limit: '8kb' }),
    asyncRoute((req, res) => deps.signIn.consent(req, res)),
  );
  app.get(
    '/oura/callback',
    consentLimit,
    asyncRoute((req, res) => deps.signIn.callback(req, res)),
  );
  app.get('/invite/:code', consentLimit, (req, res) =>
    invitePage(req, res, deps.publicUrl, deps.signIn.cookies),
  );
  app.use('/account', accountRoutes(deps.account, consentLimit));
  app.use(enrollmentRoutes(deps.enrollment, deps.signIn, consentLimit));
  app.use('/admin', adminRoutes(deps.admin, consentLimit));
  if (deps.webhook) app.all('/oura/webhook', deps.webhook);

  app.get('/', (_req, res) => {
    sendPage(
      res,
      200,
      'oura-connect',
      html`<h1>oura-connect</h1><p>Add <code>${resource.href}</code> as a connector (a remote MCP server) in your assistant.</p>`,
    );
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('Not found.\n');
  });
  // Last: nothing about an unexpected failure reaches the client but its status.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status =
      (error as { status?: number; statusCode?: number }).status ??
      (error as { statusCode?: number }).statusCode ??
      500;
    if (status >= 500) deps.log(`error: ${(error as Error).name ?? 'Error'}`);
    // Express could not decode a %-escape of the path: a link damaged on its way (a mail client cut it).
    if (error instanceof URIError && !res.headersSent) {
      messagePage(
        res,
        400,
        'This address is damaged',
        'Part of it (a %-escape) is cut or changed. Open the link again exactly as you received it, or ask for a new one.',
      );
      return;
    }
    if (!res.headersSent)
      res
        .status(status)
        .type('text/plain')
        .send(
          status === 413
            ? 'Request body too large.\n'
            : status < 500
              ? 'Bad request.\n'
              : 'Server error.\n',
        );
  });
  return app;
}

function asyncRoute(handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}

/** Refuses an authorization request whose redirect URI is not one the client registered, character for character. */
function exactRedirectUri(provider: ServeOAuthProvider) {
  return (req: Request, res: Response, next: NextFunction) => {
    const params = (req.method === 'POST' ? req.body : req.query) as
      | Record<string, unknown>
      | undefined;
    const clientId = params?.client_id;
    const redirectUri = params?.redirect_uri;
    if (typeof clientId !== 'string' || typeof redirectUri !== 'string') return next();
    Promise.resolve(provider.clientsStore.getClient(clientId)).then(
      (client) => {
        if (client && !client.redirect_uris.includes(redirectUri)) {
          res
            .status(400)
            .set('cache-control', 'no-store')
            .json({ error: 'invalid_request', error_description: 'Unregistered redirect_uri' });
          return;
        }
        next();
      },
      (error: unknown) => {
        // A client metadata document refused (its URL, address or content): the client's fault, a 400 as the SDK would answer.
        if (!(error instanceof OAuthError) || error instanceof ServerError) return next(error);
        res.status(400).set('cache-control', 'no-store').json(error.toResponseObject());
      },
    );
  };
}

/** An invite link: kept in a cookie for the consent page, with what to do next. */
function invitePage(req: Request, res: Response, publicUrl: string, cookies: ServeCookies): void {
  const code = String(req.params.code ?? '');
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(code)) {
    messagePage(res, 400, 'This invite link is damaged', 'Ask for a new one.');
    return;
  }
  cookies.set(res, INVITE_COOKIE, code, 7 * 86_400);
  sendPage(
    res,
    200,
    'You are invited',
    html`<h1>You are invited</h1><p>Add <code>${publicUrl}/mcp</code> as a connector (a remote MCP server) in your assistant, then connect: you will sign in with your Oura account on this server’s page, where this invite is filled in for you.</p>`,
  );
}
