/**
 * Cohorts the way people meet them, in Chromium: the owner (who claimed the
 * server) makes an enrollment link as `oura serve invite --cohort` does; a
 * participant opens it, reads what is collected, consents, signs in at the
 * emulator's Oura consent page and is shown their withdrawal link; the owner
 * signs in to `/admin` and sees them connected; the participant withdraws;
 * `/admin` shows them withdrawn, their history is gone and their Oura grant
 * no longer opens the emulator's API. No link's secret reaches the log.
 *
 * One suite, run on each store of the web state (`serve-cohorts-browser.test.ts`,
 * `serve-cohorts-browser-postgres.test.ts`).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { chromiumAvailable } from '../helpers/requirements.js';
import {
  registerClient,
  type ServeFixture,
  type ServeStateKind,
  signInOverHttp,
  startServeFixture,
} from '../helpers/serve.js';

export function serveCohortsBrowserSuite(state: ServeStateKind): void {
  describe.skipIf(!chromiumAvailable())('cohorts in Chromium', () => {
    let fx: ServeFixture;
    let browser: TestBrowser;
    let withdrawUrl = '';
    let participantId = '';
    let enrollmentCode = '';

    beforeAll(async () => {
      fx = await startServeFixture({ emulator: { accounts: 3, historyDays: 20 }, state });
      browser = await launchBrowser();
      // The owner claims the server (as in the assistants' suite, here over HTTP).
      const redirectUri = 'http://127.0.0.1:9/callback';
      const { client_id } = await registerClient(fx.serve.publicUrl, redirectUri);
      const owner = await signInOverHttp({
        publicUrl: fx.serve.publicUrl,
        clientId: client_id,
        redirectUri,
        challenge: 'c'.repeat(43),
        code: fx.serve.claimCode ?? '',
        account: 0,
      });
      if (!owner.code) throw new Error(`the owner did not claim the server: ${owner.location}`);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    /** At the emulator's Oura consent page: choose the account, allow. */
    async function atOura(page: Page, account: number): Promise<void> {
      await page.waitForSelector('form#consent input[name=account]');
      await page.check(`input[name=account][value="${fx.emulator.accounts[account]?.userId}"]`);
      await page.click('button[name=decision][value=allow]');
    }

    /** The owner's /admin, signed in with Oura in this browser; answers the participant's state cell. */
    async function adminState(page: Page): Promise<string> {
      await page.goto(`${fx.serve.publicUrl}/admin`);
      if ((await page.locator('form#sign-in').count()) > 0) {
        await page.click('form#sign-in button');
        await atOura(page, 0);
        await page.waitForURL(`${fx.serve.publicUrl}/admin`);
      }
      const row = page.locator(`tr.participant[data-participant="${participantId}"]`);
      return (await row.locator('td.state').textContent()) ?? '';
    }

    it('a participant opens the link, reads what is collected, consents, connects through Oura and gets a withdrawal link', async () => {
      enrollmentCode = await fx.enrollmentLink('study-a');
      const page = await browser.newPage();
      await page.goto(`${fx.serve.publicUrl}/enroll/${enrollmentCode}`);
      expect(await page.locator('h1').textContent()).toBe('Join study-a');
      expect(await page.locator('ul#collected li').count()).toBeGreaterThan(3);
      expect(await page.locator('body').textContent()).toContain('How to withdraw');
      // The button does nothing until the consent box is ticked (the form requires it).
      await page.click('form#enroll button[type=submit]');
      expect(page.url()).toBe(`${fx.serve.publicUrl}/enroll/${enrollmentCode}`);
      await page.check('form#enroll input[name=consent]');
      await page.click('form#enroll button[type=submit]');
      await atOura(page, 2);
      await page.waitForSelector('a#withdraw-link');
      expect(await page.locator('h1').textContent()).toBe('You have joined study-a');
      withdrawUrl = (await page.locator('a#withdraw-link').getAttribute('href')) ?? '';
      expect(withdrawUrl).toMatch(new RegExp(`^${fx.serve.publicUrl}/withdraw/[A-Za-z0-9_-]{43}$`));
      participantId = (await page.locator('strong').first().textContent()) ?? '';
      expect(participantId).toMatch(/^p-[a-z2-9]{12}$/);
      // The link is spent: opening it again is a 410 page.
      const again = await page.goto(`${fx.serve.publicUrl}/enroll/${enrollmentCode}`);
      expect(again?.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('This enrollment link was already used');
      await page.close();
    }, 60_000);

    it('the owner sees the participant connected on /admin', async () => {
      const page = await browser.newPage();
      expect(await adminState(page)).toBe('connected');
      expect(await page.locator('section.cohort[data-cohort="study-a"] h2').textContent()).toBe(
        'study-a',
      );
      await page.close();
    }, 60_000);

    it('the participant withdraws: /admin shows withdrawn, the history is gone, the Oura grant revoked', async () => {
      const person = String(fx.emulator.accounts[2]?.userId);
      await fx.serve.sync.idle();
      expect(await fx.historyDocuments(person)).toBeGreaterThan(0);
      const oura = await fx.ouraTokens(person);
      const personalInfo = () =>
        fetch(`${fx.emulator.url}/v2/usercollection/personal_info`, {
          headers: { authorization: `Bearer ${oura?.access_token}` },
        }).then(async (answer) => {
          await answer.body?.cancel();
          return answer.status;
        });
      expect(await personalInfo()).toBe(200);

      const page = await browser.newPage();
      await page.goto(withdrawUrl);
      expect(await page.locator('h1').textContent()).toBe('Withdraw from study-a');
      await page.click('form#withdraw button[type=submit]');
      await page.waitForSelector('text=You have withdrawn');
      expect(await page.locator('body').textContent()).toContain(
        'access to your Oura account is revoked',
      );
      expect(await adminState(page)).toBe('withdrawn');
      expect(await fx.historyDocuments(person)).toBe(0);
      expect(await fx.ouraTokens(person)).toBeUndefined();
      expect(await personalInfo()).toBe(401);
      await page.close();

      const logged = fx.logs.join('\n');
      expect(logged).toContain('GET /enroll/… 200');
      for (const secret of [enrollmentCode, withdrawUrl.split('/').pop() ?? ''])
        expect(logged).not.toContain(secret);
    }, 60_000);
  });
}
