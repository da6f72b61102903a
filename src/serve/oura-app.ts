/**
 * The server's own Oura application: the one client ID and secret every
 * person signs in through (registered with the redirect URI
 * `<public URL>/oura/callback`), the endpoints of its authorization server,
 * and the data API's address.
 */
import type { ClientCredentials } from '../auth/oauth.js';
import type { AuthEndpoints } from '../oura/servers.js';

export interface OuraApp {
  endpoints: AuthEndpoints;
  credentials: ClientCredentials;
  /** Bare scope names asked of every person. */
  scopes: string[];
  /** API base without a trailing slash. */
  apiUrl: string;
  /** Injected `fetch` for Oura's token endpoint and API (tests); default the global one. */
  fetch?: typeof fetch;
}
