/**
 * The admin page (`/admin`): each cohort's participants by pseudonymous id,
 * whether their Oura connection works, which scopes they did not grant, when
 * they last synced and on how many of the last 14 days they have data (wear
 * compliance). Layout tests rely on: `section.cohort[data-cohort=NAME]`
 * per cohort, a `tr.participant[data-participant=ID]` per participant whose
 * `td.state` says `connected`, `not connected`, `withdrawn`…, and
 * `td.scopes-missing`; a cohort longer than a page has `nav.pages` with
 * `a[rel=prev]`/`a[rel=next]` to `/admin/cohorts/NAME?page=N`; per cohort a `form.mint` (`count`, `days`, hidden
 * `csrf`) whose answer lists the links in `ul#links`, and a `form.export`
 * (`type`, `format`, `start`, `end`) when it has participants;
 * `form#sign-in[action="/admin/sign-in"]` when signed out.
 */
import { html, type SafeHtml } from '../../html/safe-html.js';
import { DATA_TYPES } from '../../oura/data-types.js';
import type { Participant } from '../state/cohort-store.js';
import type { ParticipantStatus } from './cohort-data.js';

export interface ParticipantView extends Participant, ParticipantStatus {
  /** `connected`, `withdrawn`, `deleted their data`, or what is wrong with their Oura login. */
  state: string;
  /** Scopes the cohort asks for that Oura did not grant; undefined when Oura did not say. */
  scopesMissing: string[] | undefined;
}

const when = (seconds: number | undefined) =>
  seconds === undefined
    ? 'never'
    : `${new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

const missing = (scopes: string[] | undefined) =>
  scopes === undefined ? 'unknown' : scopes.length === 0 ? 'none' : scopes.join(', ');

const days = (count: number | undefined) => (count === undefined ? '—' : `${count} of 14`);

function row(cohort: string, p: ParticipantView): SafeHtml {
  return html`<tr class="participant" data-participant="${p.id}"><td><a href="/admin/cohorts/${encodeURIComponent(cohort)}/participants/${p.id}">${p.id}</a></td><td class="state">${p.state}</td><td class="scopes-missing">${missing(p.scopesMissing)}</td><td class="last-sync">${when(p.lastSyncAt)}</td><td class="days">${days(p.daysWithDataLast14)}</td></tr>`;
}

/** One page of a cohort's participants. */
export interface CohortSection {
  name: string;
  participants: ParticipantView[];
  /** How many the cohort has in all, the page shown (from 1) and how many pages there are. */
  total: number;
  page: number;
  pages: number;
}

const pageLink = (cohort: string, page: number) =>
  `/admin/cohorts/${encodeURIComponent(cohort)}?page=${page}`;

function pageNavigation(cohort: CohortSection, pageSize: number): SafeHtml | string {
  if (cohort.pages <= 1) return '';
  const first = (cohort.page - 1) * pageSize + 1;
  const last = first + cohort.participants.length - 1;
  return html`<nav class="pages">Participants ${first}–${last} of ${cohort.total}.
${cohort.page > 1 ? html`<a rel="prev" href="${pageLink(cohort.name, cohort.page - 1)}">Previous</a>` : ''}
${cohort.page < cohort.pages ? html`<a rel="next" href="${pageLink(cohort.name, cohort.page + 1)}">Next</a>` : ''}</nav>`;
}

function cohortSection(cohort: CohortSection, csrf: string, pageSize: number): SafeHtml {
  return html`<section class="cohort" data-cohort="${cohort.name}"><h2>${cohort.name}</h2>
${
  cohort.total === 0
    ? html`<p>No participant yet. Make an enrollment link with <code>oura serve invite --cohort ${cohort.name}</code>.</p>`
    : html`<table><thead><tr><th>Participant</th><th>Oura</th><th>Scopes missing</th><th>Last sync</th><th>Days with data</th></tr></thead><tbody>${cohort.participants.map((p) => row(cohort.name, p))}</tbody></table>`
}
${pageNavigation(cohort, pageSize)}
<form class="mint" method="post" action="/admin/cohorts/${encodeURIComponent(cohort.name)}/links"><input type="hidden" name="csrf" value="${csrf}">
<label>More enrollment links (one participant each) <input type="number" name="count" min="1" max="500" value="1" required></label>
<label>valid for (days) <input type="number" name="days" min="1" max="90" value="7" required></label>
<div class="buttons"><button type="submit">Make links</button></div></form>
${cohort.total === 0 ? '' : exportForm(cohort.name)}</section>`;
}

/** Every cohort, each at its first page. */
export function adminPage(cohorts: CohortSection[], csrf: string, pageSize: number): SafeHtml {
  return html`<h1>Cohorts</h1>
${cohorts.length === 0 ? html`<p>No cohort yet. Make one, with its first enrollment link, with <code>oura serve invite --cohort NAME</code>.</p>` : cohorts.map((cohort) => cohortSection(cohort, csrf, pageSize))}`;
}

/** One cohort at one page (`/admin/cohorts/NAME?page=N`). */
export function cohortPage(cohort: CohortSection, csrf: string, pageSize: number): SafeHtml {
  return html`<h1>Cohort ${cohort.name}</h1>
<p><a href="/admin">All cohorts</a></p>
${cohortSection(cohort, csrf, pageSize)}`;
}

export function participantPage(cohort: string, p: ParticipantView): SafeHtml {
  return html`<h1>Participant ${p.id}</h1>
<p>Cohort <strong>${cohort}</strong>. <a href="/admin">All cohorts</a></p>
<table><tbody>
<tr><th>Oura</th><td class="state">${p.state}</td></tr>
<tr><th>Scopes missing</th><td class="scopes-missing">${missing(p.scopesMissing)}</td></tr>
<tr><th>Joined</th><td>${when(p.joinedAt)}</td></tr>
<tr><th>Consented</th><td>${when(p.consentedAt)}</td></tr>
<tr><th>Withdrew</th><td>${p.withdrawnAt === undefined ? '—' : when(p.withdrawnAt)}</td></tr>
<tr><th>Last sync</th><td>${when(p.lastSyncAt)}</td></tr>
<tr><th>Days with data</th><td>${days(p.daysWithDataLast14)}</td></tr>
</tbody></table>`;
}

export function adminSignInPage(): SafeHtml {
  return html`<h1>Cohorts</h1>
<p>Only this server’s owner sees its cohorts. Sign in with the owner’s Oura account.</p>
<form id="sign-in" method="post" action="/admin/sign-in"><div class="buttons"><button class="primary" type="submit">Sign in with Oura</button></div></form>`;
}

export function linksPage(cohort: string, links: string[], days: number): SafeHtml {
  return html`<h1>Enrollment links for ${cohort}</h1>
<p>Each link enrolls one participant, once, within ${days} day(s). They are shown only now: copy them before leaving this page. <a href="/admin">All cohorts</a></p>
<ul id="links">${links.map((link) => html`<li><code>${link}</code></li>`)}</ul>`;
}

/** A cohort's export: one data type, every connected participant, as a file to download. */
function exportForm(cohort: string): SafeHtml {
  return html`<form class="export" method="get" action="/admin/cohorts/${encodeURIComponent(cohort)}/export">
<label>Export <select name="type">${DATA_TYPES.map((type) => html`<option>${type}</option>`)}</select></label>
<label>as <select name="format"><option>parquet</option><option>csv</option></select></label>
<label>from <input type="date" name="start"></label> <label>to <input type="date" name="end"></label>
<div class="buttons"><button type="submit">Download</button></div></form>`;
}
