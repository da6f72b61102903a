/**
 * The server's web pages: the consent page an assistant sends a person to,
 * and the page that ends a sign-in that cannot go on. Plain HTML with inline
 * style, no scripts, no external resources, every value escaped. They are
 * sent with a CSP that forbids framing (no clickjacking of the Allow button).
 *
 * Consent form layout (what browser tests rely on): `form#consent[method=post]
 * [action=/consent]` holding `input[type=hidden][name=sign_in]`, an optional
 * `input[name=code]` (the claim code, or an invite's), and
 * `button[name=decision][value=allow|deny]`.
 */
import type { Response } from 'express';
import { html, inlineTrustedStyle, type SafeHtml } from '../html/safe-html.js';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f3ef;color:#1d1d1f;margin:0}
main{max-width:32rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0001}
h1{font-size:1.3rem;margin:0 0 .5rem}
p{line-height:1.45}
code{color:#555;font-size:.85em;word-break:break-all}
label{display:block;margin-top:1rem;font-weight:600}
input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;margin-top:.3rem}
.buttons{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #ccc;background:#fff;cursor:pointer}
button.primary{background:#1d1d1f;color:#fff;border-color:#1d1d1f}
.error{color:#a40000}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #eee}
`;

export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  // Not no-referrer: with it, Chromium sends `Origin: null` on our own form posts.
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
});

export function sendPage(res: Response, status: number, title: string, body: SafeHtml): void {
  res
    .status(status)
    .set(PAGE_HEADERS)
    .send(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>${inlineTrustedStyle(STYLE)}</head><body><main>${body}</main></body></html>`.toString(),
    );
}

export interface ConsentView {
  signInId: string;
  clientName: string;
  redirectUri: string;
  /** `claim`: the server has no owner yet; `invite`: a newcomer may bring one. */
  codeField: 'claim' | 'invite';
  invite: string | undefined;
  error?: string;
}

export function consentPage(view: ConsentView): SafeHtml {
  const field =
    view.codeField === 'claim'
      ? html`<label for="code">Claim code</label>
<p>This server has no owner yet. Type the code printed on its console when it started; the Oura account you sign in with becomes its owner.</p>
<input type="text" id="code" name="code" autocomplete="off" required>`
      : html`<label for="code">Invite code <span style="font-weight:normal">(only if this is your first time here)</span></label>
<input type="text" id="code" name="code" autocomplete="off" value="${view.invite ?? ''}">`;
  return html`<h1>Connect ${view.clientName} to your Oura data</h1>
<p><strong>${view.clientName}</strong> asks to read your Oura Ring data (sleep, readiness, activity, heart rate and more) through this server. It will not see your Oura password or tokens.</p>
<p>After you continue, Oura asks you to sign in and consent; then you are sent back to:<br><code>${view.redirectUri}</code></p>
${view.error ? html`<p class="error">${view.error}</p>` : ''}
<form id="consent" method="post" action="/consent">
<input type="hidden" name="sign_in" value="${view.signInId}">
${field}
<div class="buttons"><button class="primary" type="submit" name="decision" value="allow">Continue with Oura</button>
<button type="submit" name="decision" value="deny" formnovalidate>Cancel</button></div>
</form>`;
}

export function messagePage(res: Response, status: number, title: string, detail: string): void {
  sendPage(res, status, title, html`<h1>${title}</h1><p>${detail}</p>`);
}
