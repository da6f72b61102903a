import { SCOPE_ALIASES, SCOPE_PREFIX, SCOPES, type Scope } from '../oura/data-types.js';

/**
 * Oura's scopes and how each server spells them. The legacy server
 * (`/oauth/...`) uses bare names (`daily`); the current one
 * (`/oauth/v2/ext/...`) prefixes them (`extapi:daily`).
 */

/** Which path set a request came through. */
export type AuthServerKind = 'moi' | 'legacy';

/**
 * The bare spelling of a scope as the given server accepts it, or undefined if
 * unknown there. The current server also takes bare names (lenient, like its
 * login form); the legacy server knows nothing of `extapi:`.
 */
export function bareScope(asked: string, server: AuthServerKind | 'any'): string | undefined {
  let bare = asked;
  if (asked.startsWith(SCOPE_PREFIX)) {
    if (server === 'legacy') return undefined;
    bare = asked.slice(SCOPE_PREFIX.length);
  }
  if ((SCOPES as readonly string[]).includes(bare) || bare in SCOPE_ALIASES) return bare;
  return undefined;
}

/** The scope a bare name grants (`spo2Daily` grants `spo2`). */
export function canonicalScope(bare: string): Scope | undefined {
  if ((SCOPES as readonly string[]).includes(bare)) return bare as Scope;
  return SCOPE_ALIASES[bare];
}

/**
 * The granted `scope` of a token answer. Oura spells it with `extapi:` from
 * both token endpoints, even when bare names were asked, and names each
 * scope by its working name (`spo2`, also when `spo2Daily` was asked).
 */
export function grantedScopeString(bare: readonly string[]): string {
  return bare.map((scope) => `${SCOPE_PREFIX}${canonicalScope(scope) ?? scope}`).join(' ');
}
