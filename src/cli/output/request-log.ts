import type { ProxyRequestEvent } from '../../proxy/server.js';

/** One proxy request as a log line: `GET /v2/usercollection/sleep 200 12ms`, plus why when refused. */
export function formatRequestEvent(event: ProxyRequestEvent): string {
  const status = event.status === 0 ? '-' : String(event.status);
  const note = event.note ? ` (${event.note})` : '';
  return `${event.method} ${event.path} ${status} ${Math.round(event.durationMs)}ms${note}`;
}
