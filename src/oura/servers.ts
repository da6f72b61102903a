/**
 * Where Oura's services are: the data API, the developer portal and the two
 * authorization servers. Facts about Oura, read by the client, the login and
 * the config; overridable at run time through the `OURA_*` variables.
 */

/** The data API (requests go to `${API_BASE_URL}/v2/...`). */
export const API_BASE_URL = 'https://api.ouraring.com';

/** Where applications are registered. */
export const PORTAL_URL = 'https://developer.ouraring.com/applications';

/** Apps from the current developer portal belong to `oura`; older apps may need `legacy`. */
export type AuthServerName = 'oura' | 'legacy';

/** The endpoints of one authorization server. */
export interface AuthEndpoints {
  /**
   * The server's issuer identifier: a callback carrying `iss` (RFC 9207) must
   * name it, which defeats mix-up attacks.
   */
  issuer: string;
  authorizeUrl: string;
  /** Token endpoints in the order they are tried (the first that accepts the client wins). */
  tokenUrls: string[];
  revokeUrl: string;
  /** How this server spells scopes: the current server prefixes `extapi:`. */
  scopePrefix: '' | 'extapi:';
}

/**
 * moi's issuer, as its OpenID discovery document declares it. Live
 * integrations see every callback name it in `iss`, whichever authorize host
 * was used (moi or the legacy cloud.ouraring.com), so both servers expect it.
 * Discovery lives at `${issuer}/.well-known/openid-configuration` (OIDC Discovery §4).
 */
export const MOI_ISSUER = 'https://moi.ouraring.com/oauth/v2/ext/oauth-anonymous';

/**
 * Oura's two authorization servers. Apps made on the current developer portal
 * belong to `oura` (moi.ouraring.com); older apps to `legacy`. The moi token
 * endpoint is reported to accept apps from both portals, so `oura` tries it
 * first and falls back to the legacy token endpoint only when moi rejects the
 * client itself (never on `invalid_grant`: that code is spent).
 */
export const AUTH_SERVERS: Record<AuthServerName, AuthEndpoints> = {
  oura: {
    issuer: MOI_ISSUER,
    authorizeUrl: 'https://moi.ouraring.com/oauth/v2/ext/oauth-authorize',
    tokenUrls: [
      'https://moi.ouraring.com/oauth/v2/ext/oauth-token',
      'https://api.ouraring.com/oauth/token',
    ],
    revokeUrl: 'https://moi.ouraring.com/oauth/v2/ext/oauth-revoke',
    scopePrefix: 'extapi:',
  },
  legacy: {
    issuer: MOI_ISSUER,
    authorizeUrl: 'https://cloud.ouraring.com/oauth/authorize',
    tokenUrls: ['https://api.ouraring.com/oauth/token'],
    revokeUrl: 'https://api.ouraring.com/oauth/revoke',
    scopePrefix: '',
  },
};
