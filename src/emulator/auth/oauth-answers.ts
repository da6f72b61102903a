import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-util.js';

/** RFC 7636 §4.1: the alphabet and length of a code verifier (and of an S256 challenge). */
export const PKCE_RE = /^[A-Za-z0-9._~-]{43,128}$/;

/** An OAuth error answer (RFC 6749 §5.2), never cached. */
export function oauthError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { error, error_description: description },
    { 'cache-control': 'no-store', ...headers },
  );
}

/** `base` with `params` appended to its query, skipping undefined values. */
export function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.append(key, value);
  return url.toString();
}

/** Routes auth requests; returns false when the path is not an auth path. */
