import type { Accounts } from '../accounts.js';
import type { Faults } from '../faults.js';
import type { AuthServerKind } from '../scopes.js';
import type { TokenStore } from '../token-store.js';

/** A registered application. */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Bare scopes ticked for the app on the portal; asking for others is `invalid_scope`. Default: all. */
  scopes?: string[];
}

export interface AuthStats {
  authorizationCodeGrants: number;
  refreshGrants: number;
  revocations: number;
}

export interface AuthServerDeps {
  baseUrl: () => string;
  clients: RegisteredClient[];
  store: TokenStore;
  faults: Faults;
  stats: AuthStats;
  codeLifetimeSeconds: number;
  /** `expires_in` per token endpoint: Oura's legacy endpoint answers about 30 days, moi a day. */
  accessTokenLifetimeSeconds: Record<AuthServerKind, number>;
  /** Who can sign in: the consent page offers each, a grant remembers the one chosen. */
  accounts: Accounts;
  now: () => number;
}

/** The paths of each server. */
export const AUTH_PATHS = {
  moi: {
    authorize: '/oauth/v2/ext/oauth-authorize',
    token: '/oauth/v2/ext/oauth-token',
    revoke: '/oauth/v2/ext/oauth-revoke',
  },
  legacy: { authorize: '/oauth/authorize', token: '/oauth/token', revoke: '/oauth/revoke' },
  /** The issuer path: callbacks from both authorize paths name it in `iss`, as Oura's do. */
  issuer: '/oauth/v2/ext/oauth-anonymous',
  discovery: '/oauth/v2/ext/oauth-anonymous/.well-known/openid-configuration',
} as const;
