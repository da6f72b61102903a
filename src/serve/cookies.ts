/**
 * The server's cookies, one way. Over https their names carry the `__Host-`
 * prefix (Secure, no Domain, Path=/), so a sibling subdomain of a shared
 * parent domain cannot plant one in a visitor's browser and fix a sign-in on
 * them. All are HttpOnly and SameSite=Lax: Lax, because Oura's redirect back
 * to `/oura/callback` is a top-level navigation from another site.
 *
 * https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#name-the-__host-prefix
 */
import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';

export class ServeCookies {
  constructor(private readonly secure: boolean) {}

  private name(base: string): string {
    return this.secure ? `__Host-${base}` : base;
  }

  set(res: Response, base: string, value: string, maxAgeSeconds: number): void {
    res.append(
      'set-cookie',
      serialize(this.name(base), value, {
        httpOnly: true,
        secure: this.secure,
        sameSite: 'lax',
        path: '/',
        maxAge: maxAgeSeconds,
      }),
    );
  }

  clear(res: Response, base: string): void {
    this.set(res, base, '', 0);
  }

  read(req: Request, base: string): string | undefined {
    return parse(req.headers.cookie ?? '')[this.name(base)];
  }
}
