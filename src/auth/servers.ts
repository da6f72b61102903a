import { UsageError } from '../errors.js';
import { SCOPE_ALIASES, SCOPE_PREFIX, SCOPES } from '../oura/data-types.js';
import { AUTH_SERVERS, type AuthEndpoints, type AuthServerName } from '../oura/servers.js';
import { assertSecureEndpoint } from '../secure-url.js';

/** Scopes asked for at login unless `--scopes` says otherwise (bare names): all of Oura's. */
export const DEFAULT_SCOPES = SCOPES;

/** The redirect URI to register on Oura's portal: Oura rejects 127.0.0.1 but accepts localhost. */
export const DEFAULT_REDIRECT_URI = 'http://localhost:3000/callback';

export function parseAuthServer(value: string | undefined): AuthServerName {
  const name = (value ?? 'oura').trim().toLowerCase();
  if (name === 'oura' || name === 'legacy') return name;
  throw new UsageError(`--auth-server must be "oura" or "legacy" (got "${value}").`);
}

/**
 * The endpoints to use: the server's own, each replaceable through
 * `OURA_AUTHORIZE_URL`, `OURA_TOKEN_URL`, `OURA_REVOKE_URL` (emulator, tests,
 * proxies). An overridden token URL is the only one tried.
 */
export function resolveEndpoints(server: AuthServerName, env: NodeJS.ProcessEnv): AuthEndpoints {
  const base = AUTH_SERVERS[server];
  for (const name of ['OURA_AUTHORIZE_URL', 'OURA_TOKEN_URL', 'OURA_REVOKE_URL'] as const) {
    const value = env[name];
    if (value) assertSecureEndpoint(value, name);
  }
  return {
    // A replaced authorize URL is a different server: its origin is the issuer unless OURA_ISSUER says.
    issuer:
      env.OURA_ISSUER ||
      (env.OURA_AUTHORIZE_URL ? new URL(env.OURA_AUTHORIZE_URL).origin : base.issuer),
    authorizeUrl: env.OURA_AUTHORIZE_URL || base.authorizeUrl,
    tokenUrls: env.OURA_TOKEN_URL ? [env.OURA_TOKEN_URL] : base.tokenUrls,
    revokeUrl: env.OURA_REVOKE_URL || base.revokeUrl,
    scopePrefix: base.scopePrefix,
  };
}

/**
 * Parses a scope list given as `a,b c` (commas or spaces), accepting every
 * spelling, and refuses names Oura does not know (a typo would otherwise
 * surface only as a confusing error on Oura's consent page).
 */
export function parseScopes(value: string): string[] {
  const scopes = parseScopeList(value);
  if (scopes.length === 0) throw new UsageError('--scopes must name at least one scope.');
  const known: readonly string[] = DEFAULT_SCOPES;
  const unknown = scopes.filter((scope) => !known.includes(scope));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown scope ${unknown.join(', ')}. Oura's scopes: ${DEFAULT_SCOPES.join(', ')}.`,
    );
  }
  return scopes;
}

/**
 * One scope in our spelling: `extapi:daily` → `daily`, and `spo2Daily` (the
 * spec's name) → `spo2` (the name Oura's servers grant).
 */
export function toBareScope(scope: string): string {
  const trimmed = scope.trim();
  const bare = trimmed.startsWith(SCOPE_PREFIX) ? trimmed.slice(SCOPE_PREFIX.length) : trimmed;
  return SCOPE_ALIASES[bare] ?? bare;
}

/** A scope string as asked or granted (`extapi:a extapi:b`, `a,b`) in our spelling, without repeats. */
export function parseScopeList(value: string): string[] {
  const scopes = value
    .split(/[\s,]+/)
    .map(toBareScope)
    .filter((scope) => scope.length > 0);
  return [...new Set(scopes)];
}

/** Spells bare scopes the way `server` expects them in the authorize request. */
export function spellScopes(
  scopes: readonly string[],
  prefix: AuthEndpoints['scopePrefix'],
): string {
  return scopes.map((scope) => `${prefix}${scope}`).join(' ');
}
