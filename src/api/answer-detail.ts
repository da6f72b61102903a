/** What an error answer says of itself, worded for the client's errors. */
import type { TransportAnswer } from './transport.js';

/** The server's own explanation: RFC 7807 `detail`, FastAPI `detail[]`, OAuth `error_description`. */
export async function readDetail(response: TransportAnswer): Promise<string | undefined> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  let detail: string;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const raw = body.detail ?? body.error_description ?? body.message ?? body.title ?? body.error;
    if (Array.isArray(raw)) {
      detail = raw
        .map((item: unknown) => {
          if (item && typeof item === 'object') {
            const { loc, msg } = item as { loc?: unknown; msg?: unknown };
            const at = Array.isArray(loc) ? loc.join('.') : '';
            return at ? `${at}: ${String(msg)}` : String(msg ?? JSON.stringify(item));
          }
          return String(item);
        })
        .join('; ');
    } else if (raw === undefined) {
      detail = text;
    } else {
      detail = typeof raw === 'string' ? raw : JSON.stringify(raw);
    }
  } catch {
    detail = text;
  }
  detail = detail.replace(/\s+/g, ' ').trim();
  return detail.length > 300 ? `${detail.slice(0, 300)}…` : detail || undefined;
}

/** A server echoing our token back must not make us print it. */
export function redact(text: string | undefined, token: string): string | undefined {
  if (!text || !token) return text;
  return text.split(token).join('[redacted]');
}
