/**
 * What every request passes before any route: its `Host` must be this
 * server's (a DNS-rebinding page in someone's browser names the attacker's
 * host), and an `Origin`, when a browser sends one, must be this server's
 * own (no other site may post to the consent form or call `/mcp` from a
 * visitor's browser). Then one log line per request: method, path without the
 * query (codes and states travel there), status, milliseconds.
 *
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function hostAndOriginGuard(
  allowedHosts: ReadonlySet<string>,
  allowedOrigins: ReadonlySet<string>,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(host)) {
      res.status(421).type('text/plain').send('This server does not answer for that host name.\n');
      return;
    }
    const origin = req.headers.origin;
    // Top-level navigations from Oura and the assistants carry no Origin on GET; a form post from elsewhere does.
    if (origin !== undefined && origin !== 'null' && !allowedOrigins.has(origin.toLowerCase())) {
      res.status(403).type('text/plain').send('Requests from another site are refused.\n');
      return;
    }
    if (origin === 'null' && req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(403).type('text/plain').send('Requests from an opaque origin are refused.\n');
      return;
    }
    next();
  };
}

export function requestLog(log: (line: string) => void): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // The path as it arrived, without the query (codes and states travel there) nor a link's secret.
    const path = loggablePath(req.originalUrl);
    res.once('close', () => {
      log(`${req.method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
    });
    next();
  };
}

/**
 * A request's path for the log: no query, and the secrets links carry in
 * their path masked (an invite's or enrollment's code admits someone, a
 * withdrawal secret deletes someone).
 */
export function loggablePath(originalUrl: string): string {
  // A request may name its target in absolute form (`GET http://host/enroll/<code>`, RFC 9112 3.2.2),
  // which Express routes by its path all the same: the scheme and host go, so the mask below applies.
  const path = (originalUrl.split('?')[0] ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return path.replace(/^(\/+(?:invite|enroll|withdraw)\/)[^/]*/i, '$1…').slice(0, 200);
}
