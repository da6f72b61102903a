/**
 * Which headers cross the proxy. Towards the API an allow-list: nothing the
 * caller sends can add credentials, cookies or forwarding hints (its
 * `Authorization` is dropped; the proxy sets its own). Back to the caller
 * everything except hop-by-hop headers (RFC 9110 §7.6.1), which describe one
 * connection and are recomputed by Node for the next.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'if-modified-since',
  'if-none-match',
  'user-agent',
];

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Header names a message's `Connection` header declares hop-by-hop. */
function connectionOptions(headers: IncomingHttpHeaders): Set<string> {
  return new Set(
    (headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The caller's headers that go to the API, plus the bearer. */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  token: string,
): OutgoingHttpHeaders {
  const dropped = connectionOptions(incoming);
  const headers: OutgoingHttpHeaders = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming[name];
    if (value !== undefined && !dropped.has(name)) headers[name] = value;
  }
  headers.authorization = `Bearer ${token}`;
  return headers;
}

/** The API's headers that go back to the caller. */
export function downstreamResponseHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const dropped = connectionOptions(incoming);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !dropped.has(name)) headers[name] = value;
  }
  return headers;
}
