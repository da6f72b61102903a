/** The secret half of a login, stored as one entry so the pair is replaced atomically. */
export interface StoredTokens {
  access_token: string;
  refresh_token?: string;
  /** Epoch milliseconds; absent when the server gave no `expires_in`. */
  expires_at?: number;
  /** Epoch milliseconds when the pair was issued (to size the refresh-ahead margin). */
  issued_at?: number;
  /** Granted scopes as the server spelled them. */
  scope?: string;
}

/** Refresh this long before expiry, so a token never dies in the middle of a fetch. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

/**
 * True within the refresh-ahead margin: five minutes, or half the token's
 * lifetime when it is shorter, so short-lived tokens are not refreshed on
 * every use.
 */
export function expiresSoon(tokens: StoredTokens, now = Date.now()): boolean {
  if (tokens.expires_at === undefined) return false;
  const lifetime =
    tokens.issued_at === undefined
      ? Number.POSITIVE_INFINITY
      : tokens.expires_at - tokens.issued_at;
  return tokens.expires_at - now <= Math.min(REFRESH_AHEAD_MS, lifetime / 2);
}

export function isExpired(tokens: StoredTokens, now = Date.now()): boolean {
  return tokens.expires_at !== undefined && tokens.expires_at <= now;
}

export function parseStoredTokens(text: string | undefined): StoredTokens | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as StoredTokens;
    return typeof value.access_token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
