/**
 * A participant's pages: what joining a cohort collects and who sees it
 * (before they consent), the page that gives them their withdrawal link, and
 * withdrawing. Layout tests rely on: `form#enroll[method=post]` holding
 * hidden `sign_in` and `button[type=submit]`; `ul#collected li` per kind of
 * data; `a#withdraw-link` on the enrolled page; `form#withdraw[method=post]`.
 */
import type { Response } from 'express';
import { html, type SafeHtml } from '../../html/safe-html.js';
import { messagePage } from '../pages.js';

/** What each Oura scope the server asks for lets it collect, in a participant's words. */
const COLLECTED: Readonly<Record<string, string>> = {
  email: 'your Oura account’s email address',
  personal: 'your age, weight, height and biological sex, as set in the Oura app',
  daily: 'daily sleep, readiness and activity scores and their contributors',
  heartrate: 'heart rate through the day and night',
  workout: 'workouts',
  tag: 'tags you add in the Oura app',
  session: 'guided and unguided sessions (meditation, breathing)',
  spo2: 'blood oxygen during sleep',
  ring_configuration: 'your ring’s model, size and firmware',
  stress: 'daytime stress and recovery',
  heart_health: 'cardiovascular age and VO2 max',
};

export function enrollPage(view: {
  cohort: string;
  scopes: readonly string[];
  signInId: string;
  action: string;
}): SafeHtml {
  const items = view.scopes.map((scope) => html`<li>${COLLECTED[scope] ?? scope}</li>`);
  return html`<h1>Join ${view.cohort}</h1>
<p>You were invited to share your Oura Ring data with the study or team <strong>${view.cohort}</strong> on this server.</p>
<h2>What is collected</h2>
<p>When you join, and then regularly until you withdraw, this server copies from Oura:</p>
<ul id="collected">${items}</ul>
<h2>Who sees it</h2>
<p>This server’s owner (who runs ${view.cohort}). On the admin page you appear under a participant number, not your name: whether you are connected, when your data last synced, and on how many of the last 14 days your ring recorded data. Every time an admin reads your data it is written to an audit log. Your Oura password never reaches this server.</p>
<h2>How to withdraw</h2>
<p>Once you join you get a withdrawal link. Opening it and confirming takes this server’s access at Oura away and deletes your data here. You can also remove this application’s access in your Oura account at any time.</p>
<form id="enroll" method="post" action="${view.action}">
<input type="hidden" name="sign_in" value="${view.signInId}">
<label><input type="checkbox" name="consent" value="yes" required> I have read what is collected and who sees it, and I consent.</label>
<div class="buttons"><button class="primary" type="submit">Consent and connect with Oura</button></div>
</form>`;
}

export function enrolledPage(view: {
  cohort: string;
  participantId: string;
  withdrawUrl: string;
}): SafeHtml {
  return html`<h1>You have joined ${view.cohort}</h1>
<p>Your participant number is <strong>${view.participantId}</strong>. Your data starts syncing now.</p>
<p>Keep this link: it is the only way to withdraw from here (it is shown once, and nobody else has it).</p>
<p><a id="withdraw-link" href="${view.withdrawUrl}">${view.withdrawUrl}</a></p>`;
}

export function withdrawPage(view: {
  cohort: string;
  participantId: string;
  action: string;
}): SafeHtml {
  return html`<h1>Withdraw from ${view.cohort}</h1>
<p>You are participant <strong>${view.participantId}</strong>. Withdrawing takes this server’s access at Oura away and deletes everything it holds of yours: your data history, your Oura login, and any assistant you connected. ${view.cohort} keeps only that participant ${view.participantId} withdrew.</p>
<form id="withdraw" method="post" action="${view.action}">
<div class="buttons"><button class="primary" type="submit">Withdraw and delete my data</button></div>
</form>`;
}

export function withdrawnPage(view: {
  cohort: string;
  revokedAtOura: boolean;
  /** The withdrawer owns the server: only their place in the cohort went. */
  owner: boolean;
}): SafeHtml {
  if (view.owner) {
    return html`<h1>You have withdrawn</h1>
<p>You are marked withdrawn from ${view.cohort}: its admin page shows you as withdrawn and its exports no longer include your data. You own this server, so your account, your Oura login and your data here stay, and your assistants keep working. To delete them, use <a href="/account">your account page</a>.</p>`;
  }
  return html`<h1>You have withdrawn</h1>
<p>Your data on this server is deleted and you are marked withdrawn from ${view.cohort}.</p>
${
  view.revokedAtOura
    ? html`<p>This server’s access to your Oura account is revoked.</p>`
    : html`<p class="error">Oura could not be reached to revoke this server’s access, so it may still be listed in your Oura account: remove it there. This server deleted your Oura login all the same and can no longer use it.</p>`
}`;
}

/** An enrollment link that cannot be used, each with what to do instead. */
export function refuseLink(res: Response, state: 'used' | 'expired' | 'unknown'): void {
  if (state === 'used')
    messagePage(
      res,
      410,
      'This enrollment link was already used',
      'Each link enrolls one participant, once. If you joined with it, keep using the withdrawal link you were shown; otherwise ask whoever runs the study for a new link.',
    );
  else if (state === 'expired')
    messagePage(
      res,
      410,
      'This enrollment link has expired',
      'Ask whoever runs the study for a new link.',
    );
  else
    messagePage(
      res,
      404,
      'No such enrollment link',
      'Check that you opened the whole link as you received it, or ask whoever runs the study for a new one.',
    );
}
