import { UsageError } from './errors.js';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** True for `http://localhost…`, `http://127.0.0.1…`, `http://[::1]…`: traffic that never leaves the machine. */
export function isLoopbackHttpUrl(url: string | URL): boolean {
  const { protocol, hostname } = typeof url === 'string' ? new URL(url) : url;
  return protocol === 'http:' && LOOPBACK_HOSTS.includes(hostname);
}

/**
 * Tokens, codes and secrets only travel encrypted: an endpoint must be https,
 * or plain http on loopback (the emulator, tests). `name` says which setting
 * was wrong (e.g. `OURA_API_URL`).
 */
export function assertSecureEndpoint(url: string, name: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${name} is not a valid URL.`);
  }
  if (parsed.protocol === 'https:' || isLoopbackHttpUrl(parsed)) return;
  throw new UsageError(
    `${name} must be an https:// URL (plain http is allowed only to localhost, 127.0.0.1 or [::1]): tokens must never travel unencrypted.`,
  );
}
