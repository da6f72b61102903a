/**
 * Cohorts over HTTP (on the SQLite state), the faults first: an enrollment
 * link reused (410), expired (410), forged or damaged (404), a consent
 * without its box ticked or from another browser (400); joining by the link
 * alone (no invite), withdrawing (the Oura grant revoked at the emulator, the
 * history deleted, the participant kept as withdrawn), a withdrawal link
 * forged or used twice; the server's owner withdrawing keeps their account;
 * a withdrawal whose revocation fails at Oura still deletes, and says so. No code or secret reaches the log.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../dist/auth/servers.js';
import { submitConsent } from '../dist/emulator/consent-client.js';
import { sqliteCohortStore } from '../dist/serve/state/sqlite-cohort-store.js';
import { openStateDb } from '../dist/serve/state/state-db.js';
import {
  CookieJar,
  enrollOverHttp,
  type ServeFixture,
  startServeFixture,
  withdrawLinkIn,
} from './helpers/serve.js';

let fx: ServeFixture;
const secrets: string[] = [];

beforeAll(async () => {
  fx = await startServeFixture({ emulator: { accounts: 3, historyDays: 20 } });
}, 60_000);

afterAll(() => {
  // Whatever happened above, no enrollment code or withdrawal secret was logged.
  const logged = fx?.logs.join('\n') ?? '';
  for (const secret of secrets) expect(logged).not.toContain(secret);
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function participantsOf(cohort: string) {
  const db = await openStateDb(join(fx.dataDir, 'serve', 'state.sqlite'));
  try {
    return await sqliteCohortStore(db, Date.now).participants(cohort);
  } finally {
    db.close();
  }
}

/** A request written on a socket as given, its answer's status line. */
async function rawRequest(request: string): Promise<string> {
  const { port } = new URL(fx.serve.publicUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe('enrollment links', () => {
  it('keeps a link out of the log when the request names it in absolute form', async () => {
    const code = await fx.enrollmentLink('study-a');
    secrets.push(code);
    const { host } = new URL(fx.serve.publicUrl);
    const target = `${fx.serve.publicUrl}/enroll/${code}`;
    const status = await rawRequest(
      `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    );
    // Express routes an absolute-form target by its path: the link's page is served, and logged masked.
    expect(status).toBe('HTTP/1.1 200 OK');
    expect(fx.logs.join('\n')).not.toContain(code);
    expect(fx.logs.some((line) => /^GET \/enroll\/… 200 /.test(line))).toBe(true);
  });

  it('refuses a forged or damaged link (404), an expired one (410), each saying what to do', async () => {
    const forged = await fetch(`${fx.serve.publicUrl}/enroll/${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(text(await forged.text())).toContain('No such enrollment link');
    const damaged = await fetch(`${fx.serve.publicUrl}/enroll/short`);
    expect(damaged.status).toBe(404);
    await damaged.body?.cancel();
    // A link whose %-escape was cut on its way: a page saying so, not a bare 'Bad request.'
    for (const path of ['/enroll/%E0%A4%A', '/withdraw/%E0%A4%A']) {
      const cut = await fetch(`${fx.serve.publicUrl}${path}`);
      expect(cut.status).toBe(400);
      expect(text(await cut.text())).toContain('This address is damaged');
    }
    const expired = await fx.enrollmentLink('study-a', 60, () => Date.now() - 120_000);
    secrets.push(expired);
    const late = await fetch(`${fx.serve.publicUrl}/enroll/${expired}`);
    expect(late.status).toBe(410);
    expect(text(await late.text())).toContain(
      'This enrollment link has expired Ask whoever runs the study for a new link.',
    );
  });

  it('shows what is collected and who sees it; refuses a consent without the box, or from another browser', async () => {
    const code = await fx.enrollmentLink('study-a');
    secrets.push(code);
    const jar = new CookieJar();
    const page = await fetch(`${fx.serve.publicUrl}/enroll/${code}`);
    jar.take(page);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(text(html)).toContain('Join study-a');
    expect(text(html)).toContain('heart rate through the day and night');
    expect(text(html)).toContain('audit log');
    const signIn = /name="sign_in" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const post = (body: Record<string, string>, cookie: string) =>
      fetch(`${fx.serve.publicUrl}/enroll/${code}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams(body).toString(),
      });
    const unticked = await post({ sign_in: signIn }, jar.header());
    expect(unticked.status).toBe(400);
    expect(text(await unticked.text())).toContain('Consent is needed to join');
    const elsewhere = await post({ sign_in: signIn, consent: 'yes' }, '');
    expect(elsewhere.status).toBe(400);
    expect(text(await elsewhere.text())).toContain('Open your enrollment link again');
    // Neither spent the link.
    expect((await enrollOverHttp(fx.serve.publicUrl, code, 1)).status).toBe(200);
  });

  it('admits a participant by the link alone, once: the link reused is refused (410)', async () => {
    const code = await fx.enrollmentLink('study-a');
    secrets.push(code);
    const joined = await enrollOverHttp(fx.serve.publicUrl, code, 2);
    expect(joined.status).toBe(200);
    expect(text(joined.html)).toContain('You have joined study-a');
    const withdrawUrl = withdrawLinkIn(joined.html);
    expect(withdrawUrl).toMatch(new RegExp(`^${fx.serve.publicUrl}/withdraw/[A-Za-z0-9_-]{43}$`));
    secrets.push(withdrawUrl.split('/').pop() ?? '');
    const again = await enrollOverHttp(fx.serve.publicUrl, code, 0);
    expect(again.status).toBe(410);
    expect(text(again.html)).toContain('This enrollment link was already used');
    const participants = await participantsOf('study-a');
    expect(participants.map((p) => p.personId).sort()).toEqual(
      [fx.emulator.accounts[1]?.userId, fx.emulator.accounts[2]?.userId].sort(),
    );
    expect(participants[1]?.consentedAt).toBeGreaterThan(0);
  });
});

describe('one link in two browsers', () => {
  it('enrolls the first back from Oura; the second is refused (410), not kept, and its grant given back', async () => {
    const code = await fx.enrollmentLink('study-r');
    secrets.push(code);
    /** Up to Oura's consent and back, stopping before our callback. */
    const toCallback = async (account: number) => {
      const jar = new CookieJar();
      const page = await fetch(`${fx.serve.publicUrl}/enroll/${code}`);
      jar.take(page);
      const signIn = /name="sign_in" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const consent = await fetch(`${fx.serve.publicUrl}/enroll/${code}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
        body: new URLSearchParams({ sign_in: signIn, consent: 'yes' }).toString(),
      });
      await consent.body?.cancel();
      const callback = await submitConsent(consent.headers.get('location') ?? '', 'allow', {
        account,
      });
      return () =>
        fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } }).then(
          async (answer) => ({ status: answer.status, html: await answer.text() }),
        );
    };
    const first = await toCallback(1);
    const second = await toCallback(0);
    const revocations = fx.emulator.stats.revocations;
    expect((await first()).status).toBe(200);
    const refused = await second();
    expect(refused.status).toBe(410);
    expect(text(refused.html)).toContain('This enrollment link was already used');
    expect(fx.emulator.stats.revocations).toBe(revocations + 1);
    expect(await fx.ouraTokens(String(fx.emulator.accounts[0]?.userId))).toBeUndefined();
  });
});

describe('withdrawal', () => {
  it('revokes the grant at Oura, deletes the history, keeps the participant as withdrawn', async () => {
    const code = await fx.enrollmentLink('study-w');
    secrets.push(code);
    const joined = await enrollOverHttp(fx.serve.publicUrl, code, 1);
    const withdrawUrl = withdrawLinkIn(joined.html);
    secrets.push(withdrawUrl.split('/').pop() ?? '');
    const person = String(fx.emulator.accounts[1]?.userId);
    await fx.serve.sync.idle();
    expect(await fx.historyDocuments(person)).toBeGreaterThan(0);
    const revocations = fx.emulator.stats.revocations;

    const confirm = await fetch(withdrawUrl);
    expect(confirm.status).toBe(200);
    expect(text(await confirm.text())).toContain('Withdraw from study-w');
    const done = await fetch(withdrawUrl, { method: 'POST' });
    expect(done.status).toBe(200);
    const doneText = text(await done.text());
    expect(doneText).toContain('You have withdrawn');
    expect(doneText).toContain('access to your Oura account is revoked');
    expect(fx.emulator.stats.revocations).toBe(revocations + 1);
    expect(await fx.historyDocuments(person)).toBe(0);
    const [participant] = await participantsOf('study-w');
    expect(participant).toMatchObject({ personId: undefined, withdrawnAt: expect.any(Number) });

    const twice = await fetch(withdrawUrl, { method: 'POST' });
    expect(twice.status).toBe(410);
    expect(text(await twice.text())).toContain('You have already withdrawn');
    const forged = await fetch(`${fx.serve.publicUrl}/withdraw/${'B'.repeat(43)}`, {
      method: 'POST',
    });
    expect(forged.status).toBe(404);
    expect(text(await forged.text())).toContain('No such withdrawal link');
  });

  it('tells someone signing in at /admin of a server with no owner yet how to claim it', async () => {
    const jar = new CookieJar();
    const start = await fetch(`${fx.serve.publicUrl}/admin/sign-in`, {
      method: 'POST',
      redirect: 'manual',
    });
    jar.take(start);
    await start.body?.cancel();
    const callback = await submitConsent(start.headers.get('location') ?? '', 'allow', {
      account: 0,
    });
    const back = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(back.status).toBe(403);
    expect(text(await back.text())).toContain(
      'This server has no owner yet. To become its owner, connect your assistant',
    );
  });

  it("the server's owner withdrawing from a cohort leaves only the cohort: their account, login and history stay", async () => {
    await fx.claimAsOwner(2);
    const code = await fx.enrollmentLink('study-o');
    secrets.push(code);
    const joined = await enrollOverHttp(fx.serve.publicUrl, code, 2);
    const withdrawUrl = withdrawLinkIn(joined.html);
    secrets.push(withdrawUrl.split('/').pop() ?? '');
    const owner = String(fx.emulator.accounts[2]?.userId);
    await fx.serve.sync.idle();
    const documents = await fx.historyDocuments(owner);
    expect(documents).toBeGreaterThan(0);
    const revocations = fx.emulator.stats.revocations;

    const done = await fetch(withdrawUrl, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(text(await done.text())).toContain('You own this server, so your account');
    expect(fx.emulator.stats.revocations).toBe(revocations);
    expect(await fx.historyDocuments(owner)).toBe(documents);
    expect((await fx.ouraTokens(owner))?.access_token).toBeDefined();
    const [participant] = await participantsOf('study-o');
    expect(participant).toMatchObject({ personId: undefined, withdrawnAt: expect.any(Number) });
  });

  it('deletes even when Oura cannot be reached to revoke, and says so', async () => {
    const code = await fx.enrollmentLink('study-w');
    secrets.push(code);
    const joined = await enrollOverHttp(fx.serve.publicUrl, code, 0);
    const withdrawUrl = withdrawLinkIn(joined.html);
    secrets.push(withdrawUrl.split('/').pop() ?? '');
    const person = String(fx.emulator.accounts[0]?.userId);
    await fx.serve.sync.idle();
    expect(await fx.historyDocuments(person)).toBeGreaterThan(0);
    await fx.serve.close();
    const env = fx.emulator.env();
    await fx.restart({
      app: {
        endpoints: { ...resolveEndpoints('oura', env), revokeUrl: 'http://127.0.0.1:9/revoke' },
        credentials: { clientId: 'serve-app', clientSecret: 'serve-app-secret' },
        scopes: ['personal', 'daily'],
        apiUrl: fx.emulator.url,
      },
    });
    const done = await fetch(withdrawUrl, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(text(await done.text())).toContain('Oura could not be reached to revoke');
    expect(await fx.historyDocuments(person)).toBe(0);
    expect((await participantsOf('study-w')).every((p) => p.withdrawnAt !== undefined)).toBe(true);
  }, 30_000);
});
