import { html, inlineTrustedStyle, type SafeHtml } from '../html/safe-html.js';
import type { AccountSummary } from './accounts.js';

/**
 * The consent page and the error page of the authorization server. Plain
 * HTML with inline style: no scripts, no external resources, every value
 * escaped.
 *
 * Form layout (what {@link submitConsent} and browser tests rely on):
 * `form#consent[method=post][action=<same path>]` holding
 * `input[type=hidden][name=request_id]`, one
 * `input[type=checkbox][name=scope][value=<scope as asked>]` per scope (all
 * checked), and `button[name=decision][value=allow]` /
 * `button[name=decision][value=deny]`. When the emulator holds several
 * accounts, also one `input[type=radio][name=account][value=<user id>]` per
 * account, the first checked; with one account there is no choice to show.
 */

const DESCRIPTIONS: Record<string, string> = {
  email: 'Your email address',
  personal: 'Personal information: age, weight, height, biological sex',
  daily: 'Daily summaries of sleep, activity and readiness',
  heartrate: 'Heart rate time series',
  workout: 'Workouts, detected and entered',
  tag: 'Tags you entered',
  session: 'Guided and unguided sessions',
  spo2: 'Blood oxygen (SpO2) during sleep',
  spo2Daily: 'Blood oxygen (SpO2) during sleep',
  ring_configuration: 'Ring configuration and battery',
  stress: 'Daytime stress and resilience',
  heart_health: 'Cardiovascular age and VO2 max',
};

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f3ef;color:#1d1d1f;margin:0}
main{max-width:30rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0001}
h1{font-size:1.3rem;margin:0 0 .5rem}
p{line-height:1.4}
ul{list-style:none;padding:0}
li{padding:.4rem 0;border-bottom:1px solid #eee}
label{display:flex;gap:.6rem;align-items:flex-start}
code{color:#666;font-size:.85em}
fieldset{border:1px solid #ddd;border-radius:8px;margin:1rem 0;padding:.2rem .8rem}
legend{padding:0 .3rem}
.buttons{display:flex;gap:1rem;margin-top:1.5rem}
button{flex:1;padding:.7rem;border-radius:8px;border:1px solid #bbb;font-size:1rem;cursor:pointer;background:#fff}
button[value=allow]{background:#1d1d1f;color:#fff;border-color:#1d1d1f}
.note{color:#777;font-size:.85rem}
`;

function page(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${inlineTrustedStyle(STYLE)}
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface ConsentPageInput {
  action: string;
  requestId: string;
  clientId: string;
  /** Scopes as they were asked (checkbox values). */
  askedScopes: string[];
  /** The same scopes, bare, for the descriptions. */
  bareScopes: string[];
  /** Who can sign in; the first is chosen unless the person picks another. */
  accounts: readonly AccountSummary[];
}

/** One radio button per account, the first checked, as a browser posts the first unless told. */
function accountChoice(accounts: readonly AccountSummary[]): SafeHtml {
  const items = accounts.map((account, i) => {
    const radio =
      i === 0
        ? html`<input type="radio" name="account" value="${account.userId}" checked>`
        : html`<input type="radio" name="account" value="${account.userId}">`;
    return html`<li><label>${radio}
<span>${account.email}</span></label></li>
`;
  });
  return html`<fieldset><legend>Sign in as</legend>
<ul>
${items}</ul>
</fieldset>
`;
}

/** The page asking the person to allow or deny access. */
export function renderConsentPage(input: ConsentPageInput): SafeHtml {
  const items = input.askedScopes.map((asked, i) => {
    const bare = input.bareScopes[i] ?? asked;
    return html`<li><label><input type="checkbox" name="scope" value="${asked}" checked>
<span>${DESCRIPTIONS[bare] ?? bare} <code>${asked}</code></span></label></li>
`;
  });
  const [only] = input.accounts;
  const single = input.accounts.length === 1 && only !== undefined;
  const whose = single ? html`<strong>${only.email}</strong>` : html`the account you choose`;
  const choice = single ? html`` : accountChoice(input.accounts);
  return page(
    'Allow access to your Oura data?',
    html`<h1>Allow access to your Oura data?</h1>
<p>The application <strong>${input.clientId}</strong> asks to read the following data of
${whose}. Untick anything you do not want to share.</p>
<form id="consent" method="post" action="${input.action}">
<input type="hidden" name="request_id" value="${input.requestId}">
${choice}<ul>
${items}</ul>
<div class="buttons">
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</div>
</form>
<p class="note">Oura emulator: synthetic data, no real account.</p>`,
  );
}

/** An error the person sees instead of a redirect (bad client or redirect URI). */
export function renderErrorPage(title: string, detail: string): SafeHtml {
  return page(title, html`<h1>${title}</h1>\n<p>${detail}</p>`);
}
