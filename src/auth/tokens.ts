import { nowMs } from '../clock.js';
import { OuraError } from '../errors.js';

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
const REFRESH_AHEAD_MS = 5 * 60_000;

/**
 * True within the refresh-ahead margin: five minutes, or half the token's
 * lifetime when it is shorter, so short-lived tokens are not refreshed on
 * every use.
 */
export function expiresSoon(tokens: StoredTokens, now = nowMs()): boolean {
  if (tokens.expires_at === undefined) return false;
  const lifetime =
    tokens.issued_at === undefined
      ? Number.POSITIVE_INFINITY
      : tokens.expires_at - tokens.issued_at;
  return tokens.expires_at - now <= Math.min(REFRESH_AHEAD_MS, lifetime / 2);
}

export function isExpired(tokens: StoredTokens, now = nowMs()): boolean {
  return tokens.expires_at !== undefined && tokens.expires_at <= now;
}

/**
 * The stored pair, or undefined when nothing is stored. An entry that is
 * there but unreadable is an error naming `where`, not "not logged in": the
 * person should learn that something damaged it.
 */
export function parseStoredTokens(
  text: string | undefined,
  where: string,
): StoredTokens | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw tokensCorrupt(where, error);
  }
  const tokens = value as Partial<StoredTokens> | null;
  if (typeof tokens?.access_token !== 'string') throw tokensCorrupt(where);
  return tokens as StoredTokens;
}

function tokensCorrupt(where: string, cause?: unknown): OuraError {
  return new OuraError('TOKENS_CORRUPT', `The stored tokens in ${where} are not readable.`, {
    ...(cause === undefined ? {} : { cause }),
    hint: 'Run `oura auth login` to replace them.',
  });
}
