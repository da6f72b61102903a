/**
 * The errors `/authorize` would send back to the client, shown instead.
 * A client registers itself (RFC 7591) before anyone approved it, so an
 * automatic redirect of an error would let anyone bounce a browser through
 * this server to any address they registered (an open redirect, RFC 9700
 * §4.11.2). The person gets a page saying what was wrong, with a link back to
 * the assistant carrying the error.
 *
 * The link is completed first. The SDK's
 * authorization handler redirects them without `iss`, which this server
 * advertises (`authorization_response_iss_parameter_supported`), so a client
 * that checks it (RFC 9207 §2.4) cannot read the error; and when it could not
 * parse the request (PKCE `plain`, no challenge) it drops the client's
 * `state`, which every answer must carry back (RFC 6749 §4.1.2.1).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { html } from '../../html/safe-html.js';
import { sendPage } from '../pages.js';

export function completeAuthorizationErrors(issuer: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const params = (req.method === 'POST' ? req.body : req.query) as
      | Record<string, unknown>
      | undefined;
    const state = typeof params?.state === 'string' ? params.state : undefined;
    const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
    // The handler's only redirects are its errors (consent is a page): complete them on their way out.
    res.redirect = ((status: number | string, target?: string) => {
      const [code, location] =
        typeof status === 'number' ? [status, String(target)] : [302, String(status)];
      if (!URL.canParse(location)) return redirect(code, location);
      const url = new URL(location);
      if (!url.searchParams.has('error')) return redirect(code, url.href);
      if (state !== undefined && !url.searchParams.has('state'))
        url.searchParams.set('state', state);
      if (!url.searchParams.has('iss')) url.searchParams.set('iss', issuer);
      const reason =
        url.searchParams.get('error_description') ?? url.searchParams.get('error') ?? '';
      sendPage(
        res,
        400,
        'The assistant’s request was refused',
        html`<h1>The assistant’s request was refused</h1><p>${reason}</p><p><a id="back" href="${url.href}">Return to the assistant</a> (at <code>${url.host}</code>) to tell it.</p>`,
      );
    }) as Response['redirect'];
    next();
  };
}
