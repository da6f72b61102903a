import { rm } from 'node:fs/promises';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { onCleanup } from './processes.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './requirements.js';
import { tempDir } from './temp.js';

/**
 * A headless Chromium with a throwaway profile (cookies and all), closed by
 * `close()`, or else when the test (launched in a test) or the file ends.
 */
export interface TestBrowser {
  context: BrowserContext;
  /** A fresh tab; every test should use its own. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium through playwright-core (never a downloaded
 * browser: nothing can be downloaded on the test machines).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = await tempDir('oura-chromium-');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: 30_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  const close = async () => {
    await context.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  };
  onCleanup(close);
  return {
    context,
    newPage: async () => {
      const page = await context.newPage();
      const messages: string[] = [];
      consoleMessages.set(page, messages);
      page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
      return page;
    },
    close,
  };
}

/** Console output per page (CSP violations show up here), for failure messages. */
const consoleMessages = new WeakMap<Page, string[]>();

/** What the login's result page in the browser says. */
export interface ResultPage {
  ok: boolean;
  title: string;
  detail: string;
  /** The URL the browser ended on: the callback, with `code` and `state` (or `error`). */
  url: string;
}

/**
 * Waits until the browser shows oura-connect's result page (served by the
 * CLI's loopback listener) and reads it.
 */
export async function readResultPage(page: Page, timeoutMs = 10_000): Promise<ResultPage> {
  const outcome = page.locator('h1#outcome');
  try {
    await outcome.waitFor({ state: 'attached', timeout: timeoutMs });
  } catch (error) {
    const text = await page
      .locator('body')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    const logged = consoleMessages.get(page) ?? [];
    throw new Error(
      `no result page within ${timeoutMs} ms: the browser is at ${page.url()} showing:\n${(text ?? '(no body)').replace(/\s+/g, ' ').slice(0, 400)}\nbrowser console:\n${logged.join('\n') || '(empty)'}`,
      { cause: error },
    );
  }
  return {
    ok: (await outcome.getAttribute('data-ok')) === 'true',
    title: (await outcome.textContent())?.trim() ?? '',
    detail: (await page.locator('#detail').textContent())?.trim() ?? '',
    url: page.url(),
  };
}

/**
 * A fresh tab on a report page, once the page's own script has drawn it
 * (`data-rendered`), with every console error or warning and every uncaught
 * page error kept in `logged`, for the test to expect none.
 */
export async function openRenderedReport(
  browser: TestBrowser,
  url: string,
): Promise<{ page: Page; logged: string[] }> {
  const page = await browser.newPage();
  const logged: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') logged.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.rendered);
  return { page, logged };
}
