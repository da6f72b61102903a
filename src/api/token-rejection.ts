/**
 * Whether an answer of the API says the bearer token itself is no good
 * (expired, revoked, malformed), the one 401 a new token can cure. Refreshing
 * on any other 401 spends a single-use refresh token for nothing.
 *
 * What Oura documents (docs/oura-api.md, the OpenAPI document):
 * - only the `/v2/usercollection/...` routes authenticate with the bearer
 *   (`BearerAuth`/`OAuth2`), and for them 401 means "the access token is
 *   expired, malformed or revoked" [spec];
 * - the webhook routes (`/v2/webhook/...`) authenticate with `x-client-id` and
 *   `x-client-secret`, so their 401 is about the client, never the token;
 * - the sandbox (`/v2/sandbox/...`) takes any bearer [field];
 * - error bodies are RFC 7807 `{status, title, detail}` [docs]: nothing in
 *   them is promised to tell a token failure from another.
 *
 * A `WWW-Authenticate` challenge is not promised either, so it is used only
 * when present (RFC 6750 §3): `Bearer error="invalid_token"` is a token
 * failure on any route; a Bearer challenge with another error
 * (`insufficient_scope`, `invalid_request`) or a challenge of another scheme
 * alone is not.
 */

/** Routes whose 401 is about the bearer token when the answer says nothing more. */
const BEARER_ROUTE = /^\/v2\/usercollection\//;

/** True for a path whose authentication is the bearer token (the path below the API base, without the query). */
export function isBearerRoute(path: string): boolean {
  return BEARER_ROUTE.test(path);
}

/** True when the API's answer to `path` says the bearer token is invalid. */
export function isTokenRejection(
  path: string,
  status: number | undefined,
  wwwAuthenticate: string | undefined,
): boolean {
  if (status !== 401) return false;
  if (wwwAuthenticate === undefined || wwwAuthenticate.trim() === '') return isBearerRoute(path);
  const bearer = parseChallenges(wwwAuthenticate).find((c) => c.scheme === 'bearer');
  if (!bearer) return false;
  const error = bearer.params.get('error');
  if (error === undefined) return isBearerRoute(path);
  return error === 'invalid_token';
}

interface Challenge {
  /** Lower-case scheme name. */
  scheme: string;
  /** Lower-case parameter names, values unquoted. */
  params: Map<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * The challenges of a `WWW-Authenticate` value (RFC 9110 §11.6.1): schemes
 * with `name=value` parameters (token or quoted string) or a token68, comma
 * separated. Anything unparsable ends the list, keeping what came before.
 */
export function parseChallenges(value: string): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = value;
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  for (;;) {
    skip(/^[\s,]+/);
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) return challenges;
    rest = rest.slice(name.length);
    skip(/^[ \t]*/);
    const current = challenges.at(-1);
    if (rest.startsWith('=') && current) {
      rest = rest.slice(1);
      skip(/^[ \t]*/);
      const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      const bare = quoted ? undefined : TOKEN.exec(rest)?.[0];
      if (quoted) {
        current.params.set(name.toLowerCase(), (quoted[1] ?? '').replace(/\\(.)/g, '$1'));
        rest = rest.slice(quoted[0].length);
      } else if (bare !== undefined) {
        current.params.set(name.toLowerCase(), bare);
        rest = rest.slice(bare.length);
      } else return challenges;
    } else {
      challenges.push({ scheme: name.toLowerCase(), params: new Map() });
      // A token68 (`Basic abc==`) right after the scheme is no parameter: step over it.
      const token68 = /^[A-Za-z0-9._~+/-]+=*(?=\s*(,|$))/.exec(rest);
      if (token68 && !rest.startsWith(',')) rest = rest.slice(token68[0].length);
    }
  }
}
