/**
 * `/admin` over HTTP (on the SQLite state): signed out it offers sign-in with
 * Oura; a signed-in member who is not the owner gets a 403 page; the owner
 * sees each cohort's participants (connected, the scopes a participant did not
 * grant, withdrawn) and one participant's page, but a participant asked for
 * under another cohort is a 404 page; a cohort's export streams every
 * connected participant's rows. Each read is in the audit log (the server's
 * state), and no Oura id reaches the operator's log.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../dist/emulator/consent-client.js';
import {
  CookieJar,
  enrollOverHttp,
  type ServeFixture,
  startServeFixture,
  withdrawLinkIn,
} from './helpers/serve.js';

let fx: ServeFixture;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const participantIn = (html: string) =>
  /Your participant number is <strong>([^<]+)</.exec(html)?.[1] ?? '';
let inA = '';
let inB = '';

beforeAll(async () => {
  fx = await startServeFixture({ emulator: { accounts: 4, historyDays: 5 } });
  await fx.claimAsOwner(0);
  const a = await enrollOverHttp(fx.serve.publicUrl, await fx.enrollmentLink('study-a'), 1);
  inA = participantIn(a.html);
  // Participant B grants only two of the scopes the cohort needs.
  const b = await enrollOverHttp(fx.serve.publicUrl, await fx.enrollmentLink('study-b'), 2, {
    scopes: ['extapi:personal', 'extapi:daily'],
  });
  inB = participantIn(b.html);
  const c = await enrollOverHttp(fx.serve.publicUrl, await fx.enrollmentLink('study-b'), 3);
  const withdrawn = await fetch(withdrawLinkIn(c.html), { method: 'POST' });
  expect(withdrawn.status).toBe(200);
}, 60_000);

afterAll(() => {
  const logged = fx?.logs.join('\n') ?? '';
  for (const account of fx?.emulator.accounts ?? []) expect(logged).not.toContain(account.userId);
});

/** Signs in to /admin over HTTP as `account`; answers the cookie jar holding the session. */
async function adminSession(account: number): Promise<CookieJar> {
  const jar = new CookieJar();
  const start = await fetch(`${fx.serve.publicUrl}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
  });
  jar.take(start);
  await start.body?.cancel();
  const callback = await submitConsent(start.headers.get('location') ?? '', 'allow', { account });
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(back);
  await back.body?.cancel();
  expect(back.headers.get('location')).toBe('/admin');
  return jar;
}

const get = async (path: string, jar?: CookieJar) => {
  const answer = await fetch(`${fx.serve.publicUrl}${path}`, {
    headers: jar ? { cookie: jar.header() } : {},
  });
  return { status: answer.status, html: await answer.text() };
};

describe('the admin page', () => {
  it('offers sign-in with Oura when signed out', async () => {
    const page = await get('/admin');
    expect(page.status).toBe(200);
    expect(page.html).toContain('form id="sign-in" method="post" action="/admin/sign-in"');
    // Below /admin, signed out is a refusal that offers the same sign-in, never a 200 in place of the data.
    for (const path of [
      '/admin/cohorts/study-a/export?type=sleep&format=csv',
      `/admin/cohorts/study-a/participants/${inA}`,
    ]) {
      const refused = await get(path);
      expect(refused.status).toBe(401);
      expect(refused.html).toContain('form id="sign-in" method="post" action="/admin/sign-in"');
      expect(refused.html).not.toContain(inA);
    }
  });

  it('refuses a signed-in participant who is not the owner (403), saying what to do', async () => {
    const page = await get('/admin', await adminSession(1));
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain('Only the server’s owner sees the cohorts');
    expect(text(page.html)).toContain('sign in here with the owner’s Oura account');
    expect(page.html).not.toContain(inA);
  });

  it("lists each cohort's participants for the owner: connected, scopes missing, withdrawn", async () => {
    const page = await get('/admin', await adminSession(0));
    expect(page.status).toBe(200);
    const rowOf = (id: string) =>
      text(
        new RegExp(`<tr class="participant" data-participant="${id}">.*?</tr>`).exec(
          page.html,
        )?.[0] ?? '',
      );
    expect(rowOf(inA)).toMatch(new RegExp(`^ ${inA} connected none `));
    expect(rowOf(inB)).toContain('connected');
    expect(rowOf(inB)).toContain('heartrate');
    expect(rowOf(inB)).not.toMatch(/\bdaily\b/);
    expect(text(page.html)).toMatch(/study-b.*withdrawn/);
    // Nobody's Oura id or email is on the page: participants are pseudonymous.
    for (const account of fx.emulator.accounts.slice(1)) {
      expect(page.html).not.toContain(account.userId);
      expect(page.html).not.toContain(account.email);
    }
    const listed = await fx.audit({ cohort: 'study-a' });
    expect(listed.map((entry) => [entry.action, entry.participant])).toContainEqual([
      'list-cohort',
      '*',
    ]);
    expect(listed[0]?.actor).toBe(fx.emulator.accounts[0]?.userId);
  });

  it('shows one participant in their cohort, and refuses one asked for under another cohort (404)', async () => {
    const jar = await adminSession(0);
    const page = await get(`/admin/cohorts/study-a/participants/${inA}`, jar);
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain(`Participant ${inA}`);
    expect((await fx.audit({ participant: inA })).map((entry) => entry.action)).toContain(
      'read-participant',
    );
    const crossed = await get(`/admin/cohorts/study-a/participants/${inB}`, jar);
    expect(crossed.status).toBe(404);
    expect(text(crossed.html)).toContain(`Cohort study-a has no participant ${inB}`);
    expect(await fx.audit({ participant: inB, cohort: 'study-a' })).toEqual([]);
    const unknownCohort = await get(`/admin/cohorts/nope/participants/${inA}`, jar);
    expect(unknownCohort.status).toBe(404);
    // The member's session does not open a participant's page either.
    expect(
      (await get(`/admin/cohorts/study-a/participants/${inA}`, await adminSession(1))).status,
    ).toBe(403);
  });

  it('shows a long cohort a page of 50 at a time, each page audited; refuses a page it does not have', async () => {
    const people = Array.from({ length: 120 }, (_, i) => `gone-${i}`);
    const ids = await fx.enrollWithoutOura('study-long', people);
    const jar = await adminSession(0);
    const rowsIn = (html: string) =>
      [...html.matchAll(/<tr class="participant" data-participant="([^"]+)">/g)].map(
        (match) => match[1],
      );
    const sectionOf = (html: string) =>
      /<section class="cohort" data-cohort="study-long">.*?<\/section>/s.exec(html)?.[0] ?? '';
    const before = (await fx.audit({ cohort: 'study-long' })).length;

    const first = sectionOf((await get('/admin', jar)).html);
    expect(rowsIn(first)).toHaveLength(50);
    expect(text(first)).toContain('Participants 1–50 of 120.');
    expect(first).toContain('<a rel="next" href="/admin/cohorts/study-long?page=2">');
    expect(first).not.toContain('rel="prev"');

    const pages = [first];
    for (const page of [2, 3]) {
      const answer = await get(`/admin/cohorts/study-long?page=${page}`, jar);
      expect(answer.status).toBe(200);
      pages.push(sectionOf(answer.html));
    }
    expect(rowsIn(pages[1] ?? '')).toHaveLength(50);
    const last = pages[2] ?? '';
    expect(text(last)).toContain('Participants 101–120 of 120.');
    expect(last).toContain('<a rel="prev" href="/admin/cohorts/study-long?page=2">');
    expect(last).not.toContain('rel="next"');
    // Every participant once, over the three pages.
    expect(pages.flatMap(rowsIn).sort()).toEqual([...ids].sort());
    expect((await fx.audit({ cohort: 'study-long' })).length).toBe(before + 3);

    const page4 = await get('/admin/cohorts/study-long?page=4', jar);
    expect(page4.status).toBe(404);
    expect(text(page4.html)).toContain('ask for page 1 to 3');
    for (const bad of ['0', 'x', '2.5', '-1', '1e3']) {
      const answer = await get(`/admin/cohorts/study-long?page=${bad}`, jar);
      expect(answer.status, bad).toBe(400);
      expect(text(answer.html)).toContain('whole number from 1');
    }
    expect((await get('/admin/cohorts/no-such-cohort', jar)).status).toBe(404);
    expect((await get('/admin/cohorts/study-long?page=2')).status).toBe(401);
    expect((await get('/admin/cohorts/study-long?page=2', await adminSession(1))).status).toBe(403);
    expect((await fx.audit({ cohort: 'study-long' })).length).toBe(before + 3);
  });

  it('mints enrollment links for a cohort from the page, behind its CSRF token; each link enrolls', async () => {
    const jar = await adminSession(0);
    const page = await get('/admin', jar);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
    const mint = (cohort: string, body: Record<string, string>, as = jar) =>
      fetch(`${fx.serve.publicUrl}/admin/cohorts/${cohort}/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: as.header() },
        body: new URLSearchParams(body).toString(),
      }).then(async (answer) => ({ status: answer.status, html: await answer.text() }));
    const forged = await mint('study-a', { csrf: 'forged', count: '2', days: '7' });
    expect(forged.status).toBe(403);
    expect(text(forged.html)).toContain('This form has expired Open /admin again and retry.');
    expect((await mint('study-a', { csrf, count: '501', days: '7' })).status).toBe(400);
    expect((await mint('study-a', { csrf, count: '2', days: '0' })).status).toBe(400);
    const unknown = await mint('nope', { csrf, count: '1', days: '7' });
    expect(unknown.status).toBe(404);
    expect(text(unknown.html)).toContain('There is no cohort nope');
    expect(
      (await mint('study-a', { csrf, count: '2', days: '7' }, await adminSession(1))).status,
    ).toBe(403);
    const made = await mint('study-a', { csrf, count: '3', days: '7' });
    expect(made.status).toBe(200);
    const links = [...made.html.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map(
      (m) => m[1] ?? '',
    );
    expect(links).toHaveLength(3);
    for (const link of links) {
      expect(link).toMatch(new RegExp(`^${fx.serve.publicUrl}/enroll/[A-Za-z0-9_-]{43}$`));
      expect(fx.logs.join('\n')).not.toContain(link.split('/').pop());
    }
    expect(new Set(links).size).toBe(3);
    const opened = await fetch(links[0] ?? '');
    expect(opened.status).toBe(200);
    await opened.body?.cancel();
  });

  it("exports a cohort's data type as CSV and Parquet, every read of a participant audited; refuses bad requests", async () => {
    const jar = await adminSession(0);
    const personA = fx.emulator.accounts[1]?.userId ?? '';
    // The first sync asked for at enrollment fills participant A's history.
    const deadline = Date.now() + 60_000;
    while ((await fx.historyDocuments(personA)) === 0) {
      if (Date.now() > deadline) throw new Error("participant A's first sync never landed");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const page = await get('/admin', jar);
    const row = /<tr class="participant" data-participant="[^"]+">.*?<\/tr>/.exec(
      page.html.slice(page.html.indexOf(`data-participant="${inA}"`) - 40),
    )?.[0];
    expect(text(row ?? '')).toMatch(/ [1-9]\d* $/);
    expect(page.html).toContain(
      'form class="export" method="get" action="/admin/cohorts/study-a/export"',
    );

    const before = (await fx.audit({ participant: inA })).length;
    const csv = await fetch(
      `${fx.serve.publicUrl}/admin/cohorts/study-a/export?type=daily_sleep&format=csv`,
      {
        headers: { cookie: jar.header() },
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^participant,id,day,/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.startsWith(`${inA},`))).toBe(true);
    const exported = (await fx.audit({ participant: inA })).slice(0, 1);
    expect((await fx.audit({ participant: inA })).length).toBe(before + 1);
    expect(exported[0]).toMatchObject({ action: 'export', cohort: 'study-a' });
    expect(exported[0]?.detail).toMatch(/^daily_sleep \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d csv$/);

    const parquet = await fetch(
      `${fx.serve.publicUrl}/admin/cohorts/study-a/export?type=heartrate`,
      {
        headers: { cookie: jar.header() },
      },
    );
    expect(parquet.status).toBe(200);
    const bytes = new Uint8Array(await parquet.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');

    const refused = async (query: string) =>
      (await get(`/admin/cohorts/study-a/export?${query}`, jar)).status;
    expect(await refused('type=nope')).toBe(400);
    expect(await refused('type=sleep&format=xlsx')).toBe(400);
    expect(await refused('type=sleep&start=2026-02-30')).toBe(400);
    expect(await refused('type=sleep&start=2020-01-01&end=2026-01-01')).toBe(400);
    // A damaged end (from which the default start is counted back) and a repeated parameter
    // (Express answers it as an array) are the asker's mistakes: a 400 page saying which.
    expect(await refused('type=sleep&end=soon')).toBe(400);
    const twice = await get(
      '/admin/cohorts/study-a/export?type=sleep&end=2026-01-01&end=2026-01-02',
      jar,
    );
    expect(twice.status).toBe(400);
    expect(text(twice.html)).toContain('Give end once.');
    expect(await refused('type=sleep&type=heartrate')).toBe(400);
    // The page's form sends empty days when none is picked: the default range.
    expect(await refused('type=sleep&format=csv&start=&end=')).toBe(200);
    expect((await get('/admin/cohorts/nope/export?type=sleep', jar)).status).toBe(404);
    // personal_info's id is the participant's Oura account id: a pseudonymous export leaves it out.
    const info = await get('/admin/cohorts/study-a/export?type=personal_info&format=csv', jar);
    expect(info.status).toBe(200);
    expect(info.html.split('\r\n')[0]).toBe('participant,day,age,weight,height,biological_sex');
    expect(info.html).toContain(`${inA},`);
    expect(info.html).not.toContain(personA);
    // A link on another site (the session cookie is SameSite=Lax) exports nothing, and audits nothing.
    const audited = (await fx.audit({ participant: inA })).length;
    const crossSite = await fetch(
      `${fx.serve.publicUrl}/admin/cohorts/study-a/export?type=heartrate&format=csv`,
      { headers: { cookie: jar.header(), 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);
    expect(text(await crossSite.text())).toContain('Open /admin and choose the export there.');
    expect((await fx.audit({ participant: inA })).length).toBe(audited);
    // A member's session exports nothing.
    expect(
      (await get('/admin/cohorts/study-a/export?type=sleep', await adminSession(1))).status,
    ).toBe(403);
  });
});
