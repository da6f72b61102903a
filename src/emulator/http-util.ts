import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SafeHtml } from '../html/safe-html.js';
import { BodyTooLargeError, readCappedBody } from '../net/bounded-server.js';

/** Small helpers over `node:http` so the route files read as protocol, not plumbing. */

/** Largest request body accepted; forms and tokens are tiny. */
const MAX_BODY = 64 * 1024;

/**
 * Reads a request body as text; over {@link MAX_BODY} it rejects with
 * {@link BodyTooLargeError}, which the server answers with 413.
 */
export function readBody(req: IncomingMessage): Promise<string> {
  return readCappedBody(req, MAX_BODY);
}

/** Parses an `application/x-www-form-urlencoded` body; other content types give an empty form. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded'
    ? new URLSearchParams(body)
    : new URLSearchParams();
}

/** Sends JSON with the given status and extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Sends JSON already serialised (as text, or as its UTF-8 bytes). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Sends an HTML page; the emulator's pages load nothing from elsewhere. */
export function sendHtml(res: ServerResponse, status: number, page: SafeHtml): void {
  const html = page.toString();
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // No form-action: Chromium applies it to the redirect after the consent
    // POST, which must go to the client's (other-origin) redirect URI.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-frame-options': 'DENY',
  });
  res.end(html);
}

/** A 302 to `location`. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
}

/** An RFC 7807-style problem body, the shape Oura's API answers errors with. */
export const problemBody = (status: number, title: string, detail: string) => ({
  status,
  title,
  detail,
});

/** Sends a {@link problemBody}. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, problemBody(status, title, detail), headers);
}

/** Compares secrets in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A request body that must be a JSON object; undefined when it is not. */
export async function readJsonObject(
  req: IncomingMessage,
): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readBody(req));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    return undefined;
  }
}
