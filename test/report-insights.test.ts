/**
 * The report's Insights section, from a real history: the emulator plants a
 * tag that lowers the next night's HRV and raises its resting heart rate, a
 * real `oura sync` copies it, `oura report` writes the page, and headless
 * Chromium reads it. The section names the planted habit as a finding with
 * its n and interval, gives every insight its method, says early warnings are
 * not a diagnosis, and logs nothing. A range too short for the habits says
 * "not enough data", as the library does. The days are fixed: the figures
 * never depend on the date the tests run on.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { launchBrowser, openRenderedReport } from './helpers/browser.js';
import { cleanEnv, runCli } from './helpers/cli.js';
import { chromiumAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const LAST_DAY = '2025-06-30';
/** Half a year: some sixty evenings with the tag, over a hundred without. */
const FIRST_DAY = addDays(LAST_DAY, -179);
const TYPES = 'daily_sleep,daily_readiness,daily_activity,sleep,workout,enhanced_tag';
const TAG = 'tag_generic_alcohol';

let emulator: Emulator;
let env: NodeJS.ProcessEnv;
let dataDir: string;

async function report(start: string, name: string): Promise<string> {
  const out = join(dataDir, name);
  const result = await runCli(
    ['report', '--no-open', '--start', start, '--end', LAST_DAY, '--out', out],
    { env },
  );
  expect(result.code, result.stderr).toBe(0);
  return out;
}

beforeAll(async () => {
  emulator = await startEmulator({
    today: LAST_DAY,
    startDay: FIRST_DAY,
    // Every third evening: the next night's HRV 12 ms lower, resting heart rate 5 bpm higher.
    effects: [
      {
        kind: 'tag',
        tag: TAG,
        everyNthDay: 3,
        nextNight: { average_hrv: -12, lowest_heart_rate: 5 },
      },
    ],
  });
  dataDir = await tempDir('oura-report-insights-');
  env = cleanEnv({
    OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  });
  const sync = await runCli(['sync', '--since', FIRST_DAY, '--types', TYPES], { env });
  expect(sync.code, sync.stderr).toBe(0);
});
afterAll(async () => {
  await emulator?.close();
});

(chromiumAvailable() ? it : it.skip)(
  'shows every insight with its n, interval and method, and the planted habit as a finding',
  async () => {
    const path = await report(FIRST_DAY, 'half-year.html');
    const browser = await launchBrowser();
    try {
      const { page, logged } = await openRenderedReport(browser, pathToFileURL(path).href);
      const section = await page.evaluate(() => {
        const root = document.querySelector('main > section#insights');
        const text = (e: Element | null | undefined) => e?.textContent ?? '';
        return {
          title: text(root?.querySelector('h2')),
          intro: text(root?.querySelector('p.meta')),
          blocks: Array.from(root?.querySelectorAll('.insight') ?? []).map((b) => ({
            id: b.id,
            headline: text(b.querySelector('.headline')),
            details: Array.from(b.querySelectorAll('li')).map(text),
            method: text(b.querySelector('.method')),
            visible: (b as HTMLElement).offsetHeight > 0,
          })),
        };
      });
      expect(logged).toEqual([]);
      expect(section.title).toBe('Insights');
      expect(section.intro).toContain(`${FIRST_DAY} to ${LAST_DAY}`);
      expect(section.blocks.map((b) => b.id)).toEqual([
        'insight-sleep-debt',
        'insight-regularity',
        'insight-sleep-timing',
        'insight-training-load',
        'insight-early-warnings',
        'insight-habits',
      ]);
      for (const block of section.blocks) {
        expect(block.visible, block.id).toBe(true);
        // The habits' n are in their findings, below.
        if (block.id !== 'insight-habits') expect(block.headline, block.id).toMatch(/n=\d+/);
        expect(block.method, block.id).toMatch(/^Method: \S/);
      }
      const byId = Object.fromEntries(section.blocks.map((b) => [b.id, b]));
      expect(byId['insight-sleep-debt']?.headline).toMatch(
        /need [\d.]+ h a night \(n=90 nights\); 7 days: .*\(n=7 nights\); 14 days: .*\(n=14 nights\)/,
      );
      expect(byId['insight-regularity']?.headline).toMatch(/SRI.*: -?[\d.]+ \(n=28 days/);
      expect(byId['insight-sleep-timing']?.headline).toMatch(
        /mid-sleep .* social jetlag [-+][\d.]+ h, 95% CI -?[\d.]+ to -?[\d.]+/,
      );
      expect(byId['insight-training-load']?.headline).toMatch(/acute:chronic ratio [\d.]+/);
      expect(byId['insight-early-warnings']?.details.at(-1)).toMatch(/^Not a diagnosis: /);
      // The planted tag, both of its planted outcomes, each with its interval and n on each side.
      const habits = byId['insight-habits'];
      expect(habits?.headline).toMatch(
        /What habits do .*: [1-9]\d* finding\(s\) among \d+ comparisons/,
      );
      for (const outcome of ['average_hrv', 'lowest_heart_rate']) {
        expect(
          habits?.details.some((line) =>
            new RegExp(
              `^tag:${TAG} → next_night ${outcome}: [-+][\\d.]+ \\(95% CI -?[\\d.]+ to -?[\\d.]+, g=-?[\\d.]+, n=\\d+ with / \\d+ without, adjusted p=`,
            ).test(line),
          ),
          `${outcome} in ${JSON.stringify(habits?.details)}`,
        ).toBe(true);
      }
    } finally {
      await browser.close();
    }
  },
);

it('a range too short for the habits says "not enough data", as the library does', async () => {
  const html = await readFile(await report(addDays(LAST_DAY, -13), 'two-weeks.html'), 'utf8');
  const section = html.slice(html.indexOf('<section id="insights">'));
  expect(section).toMatch(
    /<div class="insight" id="insight-habits"><p class="headline">What habits do: not enough data \(n=\d+, needs 40\)\.<\/p>/,
  );
  expect(section).toContain('Not a diagnosis: ');
});
