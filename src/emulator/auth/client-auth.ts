import type { IncomingMessage } from 'node:http';
import { safeEqual } from '../http-util.js';
import type { RegisteredClient } from './deps.js';

/** The registered application with this id, if any. */
export function findClient(
  clients: readonly RegisteredClient[],
  clientId: string | null,
): RegisteredClient | undefined {
  return clients.find((client) => client.clientId === clientId);
}

/** Client authentication: HTTP Basic (RFC 6749 2.3.1, form-encoded parts) or form fields. */
export function authenticateClient(
  clients: readonly RegisteredClient[],
  req: IncomingMessage,
  form: URLSearchParams,
): RegisteredClient | 'none' | 'bad' {
  const header = req.headers.authorization;
  let id: string | null = null;
  let secret: string | null = null;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'bad';
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
    } catch {
      return 'bad';
    }
  } else {
    id = form.get('client_id');
    secret = form.get('client_secret');
  }
  if (id === null && secret === null) return 'none';
  const client = findClient(clients, id);
  if (!client || secret === null || !safeEqual(client.clientSecret, secret)) return 'bad';
  return client;
}
