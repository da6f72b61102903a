/**
 * The account page (`/account`): the person's Oura connection, when their
 * history last synced, the assistants they connected and when each was last
 * used, a button to revoke each, and one to disconnect and delete everything.
 *
 * Layout tests rely on: `form.revoke[action="/account/revoke"]` per assistant
 * (hidden `grant`, hidden `csrf`), `form#delete[action="/account/delete"]`
 * (checkbox `confirm`), `form#sign-in[action="/account/sign-in"]`,
 * `form#sign-out[action="/account/sign-out"]`; each assistant is a
 * `tr.assistant` whose first cell is its name.
 */
import { html, type SafeHtml } from '../../html/safe-html.js';

export interface AccountView {
  email: string | undefined;
  userId: string;
  role: 'owner' | 'member';
  ouraProblem: string | undefined;
  lastSyncAt: number | undefined;
  assistants: {
    grantId: string;
    name: string;
    redirectHost: string;
    createdAt: number;
    lastUsedAt: number | undefined;
  }[];
  csrf: string;
  notice?: string;
}

const when = (seconds: number | undefined) =>
  seconds === undefined
    ? 'never'
    : `${new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

export function accountPage(view: AccountView): SafeHtml {
  const rows = view.assistants.map(
    (
      assistant,
    ) => html`<tr class="assistant"><td>${assistant.name}</td><td><code>${assistant.redirectHost}</code></td><td>${when(assistant.createdAt)}</td><td>${when(assistant.lastUsedAt)}</td>
<td><form class="revoke" method="post" action="/account/revoke"><input type="hidden" name="grant" value="${assistant.grantId}"><input type="hidden" name="csrf" value="${view.csrf}"><button type="submit">Revoke</button></form></td></tr>`,
  );
  return html`<h1>Your Oura connection</h1>
${view.notice ? html`<p><strong>${view.notice}</strong></p>` : ''}
<p>Signed in as <strong>${view.email ?? view.userId}</strong>${view.role === 'owner' ? ' (owner of this server)' : ''}.</p>
<p>Oura: ${view.ouraProblem ? html`<span class="error">${view.ouraProblem} Connect again from your assistant.</span>` : 'connected'}. Last sync: ${when(view.lastSyncAt)}.</p>
<h2>Assistants</h2>
${view.assistants.length === 0 ? html`<p>No assistant is connected.</p>` : html`<table><thead><tr><th>Assistant</th><th>Returns to</th><th>Connected</th><th>Last used</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
<h2>Leave</h2>
<form id="delete" method="post" action="/account/delete">
<input type="hidden" name="csrf" value="${view.csrf}">
<label><input type="checkbox" name="confirm" value="yes" required> Disconnect from Oura and delete my data on this server (the history, every assistant's access)</label>
<div class="buttons"><button type="submit">Disconnect and delete</button></div>
</form>
<form id="sign-out" method="post" action="/account/sign-out"><input type="hidden" name="csrf" value="${view.csrf}"><div class="buttons"><button type="submit">Sign out</button></div></form>`;
}

export function accountSignInPage(): SafeHtml {
  return html`<h1>Your Oura connection</h1>
<p>Sign in with the Oura account you connected to see your assistants, revoke them, or delete your data here.</p>
<form id="sign-in" method="post" action="/account/sign-in"><div class="buttons"><button class="primary" type="submit">Sign in with Oura</button></div></form>`;
}
