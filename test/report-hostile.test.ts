/**
 * `oura report` over a history full of hostile text: every free-text field
 * a person (or anything writing to their account) controls holds markup that
 * tries to end the page's elements, open a script, inject an element and
 * break the inlined JSON; one workout's `day` is markup too (written to the
 * file directly, as a history from before documents were checked could hold
 * it). The page, parsed by Chromium, shows all of it as text: no element was
 * injected, nothing ran or was fetched, and the page has its whole structure.
 * A habit finding of a tag with a hostile name, in the Insights section, too.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { ListType } from '../src/api/types.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { launchBrowser, openRenderedReport } from './helpers/browser.js';
import { cleanEnv, runCli } from './helpers/cli.js';
import { chromiumAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

/** The emulator's days are fixed, whatever the date the tests run on. */
const FIRST_DAY = '2025-06-01';
const LAST_DAY = '2025-06-30';

/** Ends the script, the comment, the cell, the table and the sections; injects elements that would run or fetch. */
const HOSTILE =
  '</script><script>window.__pwned = 1</script><!-- <script>window.__pwned = 2</script> -->' +
  '<img src="x" class="pwned" onerror="window.__pwned = 3">' +
  '"quoted" \'single\' &amp; \u2028\u2029 ' +
  '</td></tr></tbody></table></details></figure></section></main><footer class="pwned">x</footer>';
/** Sorts between two days of June (`<` after the digits), so the report selects it. */
const BAD_DAY = '2025-06-1<b class="pwned">day</b>';

/** The text fields of each type the emulator serves, all made hostile. */
const FIELDS: Partial<Record<ListType, Record<string, unknown>>> = {
  workout: { activity: HOSTILE, label: HOSTILE, intensity: HOSTILE },
  tag: { text: HOSTILE, tags: [HOSTILE] },
  enhanced_tag: { comment: HOSTILE, custom_name: HOSTILE, tag_type_code: HOSTILE },
  daily_stress: { day_summary: HOSTILE },
  daily_resilience: { level: HOSTILE },
  session: { type: HOSTILE, mood: HOSTILE },
};
const TYPES =
  'daily_sleep,daily_readiness,daily_activity,sleep,workout,tag,enhanced_tag,daily_stress,daily_resilience,session';

let emulator: Emulator;
let dataDir: string;
let reportPath: string;
let badDayWorkout: string;
const hasChromium = chromiumAvailable();

beforeAll(async () => {
  emulator = await startEmulator({ today: LAST_DAY, startDay: FIRST_DAY });
  const token = emulator.mintTokens().access_token;
  const client = new OuraClient({ token, baseUrl: emulator.url });
  for (const [type, patch] of Object.entries(FIELDS) as [ListType, Record<string, unknown>][]) {
    let revised = 0;
    for await (const doc of client.list(type, { start: FIRST_DAY, end: LAST_DAY })) {
      emulator.reviseDocument(type, (doc as { id: string }).id, patch);
      revised++;
      // Resilience: a few days only, so the chart keeps its other levels.
      if (type === 'daily_resilience' && revised === 3) break;
    }
    expect(revised, type).toBeGreaterThan(0);
  }
  dataDir = await tempDir('oura-report-hostile-');
  const env = cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  });
  const sync = await runCli(['sync', '--since', FIRST_DAY, '--types', TYPES], { env });
  expect(sync.code, sync.stderr).toBe(0);
  // Free text is what Oura sent, kept as is: the checks are on ids and days only.
  expect(sync.stderr).not.toMatch(/refused/);

  const db = new Database(join(dataDir, 'default.sqlite'));
  try {
    const row = db
      .prepare("SELECT id FROM documents WHERE type = 'workout' ORDER BY day, id LIMIT 1")
      .get() as { id: string } | undefined;
    if (!row) throw new Error('no workout in the history');
    badDayWorkout = row.id;
    db.prepare(
      "UPDATE documents SET day = ?, doc = json_set(doc, '$.day', ?) WHERE type = 'workout' AND id = ?",
    ).run(BAD_DAY, BAD_DAY, badDayWorkout);
  } finally {
    db.close();
  }

  reportPath = join(dataDir, 'hostile.html');
  const report = await runCli(
    ['report', '--no-open', '--start', FIRST_DAY, '--end', LAST_DAY, '--out', reportPath],
    { env },
  );
  expect(report.code, report.stderr).toBe(0);
});
afterAll(async () => {
  await emulator?.close();
});

(hasChromium ? it : it.skip)(
  'Chromium reads every hostile text as text: nothing injected, run or fetched, the page whole',
  async () => {
    const browser = await launchBrowser();
    try {
      const url = pathToFileURL(reportPath).href;
      const blocked: string[] = [];
      await browser.context.route('**', (route) => {
        if (route.request().url() === url) return route.continue();
        blocked.push(route.request().url());
        return route.abort();
      });
      const { page, logged } = await openRenderedReport(browser, url);

      const dom = await page.evaluate(() => {
        const text = (selector: string) =>
          Array.from(document.querySelectorAll(selector)).map((e) => e.textContent ?? '');
        return {
          pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
          injected: document.querySelectorAll(
            '.pwned, img, iframe, object, embed, [onerror], [onload]',
          ).length,
          scripts: Array.from(document.scripts).map((s) => s.type || 'inline'),
          bodyChildren: Array.from(document.body.children).map((e) => e.tagName.toLowerCase()),
          sections: Array.from(document.querySelectorAll('main > section')).map((s) => s.id),
          footers: document.querySelectorAll('footer').length,
          comments: (() => {
            const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
            let n = 0;
            while (walker.nextNode()) n++;
            return n;
          })(),
          captions: text('figcaption'),
          cells: text('#fig-workouts tbody td'),
          titles: Array.from(document.querySelectorAll('.calendar .day[title]')).map(
            (e) => e.getAttribute('title') ?? '',
          ),
          model: JSON.parse(document.getElementById('report-data')?.textContent ?? 'null') as {
            sections: {
              id: string;
              calendar?: { days: { day: string; activities: string[] }[] };
            }[];
          },
        };
      });

      expect(dom.pwned).toBeNull();
      expect(dom.injected).toBe(0);
      expect(dom.comments).toBe(0);
      expect(blocked).toEqual([]);
      expect(logged).toEqual([]);
      // Structure: three scripts (the data, uPlot, the page's), the body's parts in order, every section.
      expect(dom.scripts).toEqual(['application/json', 'inline', 'inline']);
      expect(dom.bodyChildren).toEqual([
        'header',
        'nav',
        'main',
        'footer',
        'script',
        'script',
        'script',
      ]);
      expect(dom.footers).toBe(1);
      expect(dom.sections).toEqual(
        expect.arrayContaining(['sleep', 'scores', 'activity', 'stress']),
      );
      expect(new Set(dom.sections).size).toBe(dom.sections.length);

      // The hostile text, whole, as text: in the workouts' table, caption and calendar, and the resilience caption.
      expect(dom.cells).toContain(BAD_DAY);
      expect(dom.cells.some((cell) => cell.split(', ').every((name) => name === HOSTILE))).toBe(
        true,
      );
      expect(dom.captions.find((c) => c.startsWith('Resilience was'))).toContain(HOSTILE);
      expect(dom.captions.find((c) => c.includes('workouts on'))).toContain(
        `most often ${HOSTILE} (`,
      );
      expect(dom.titles.some((title) => title.includes(`: ${HOSTILE}`))).toBe(true);
      // The inlined data came through JSON.parse exactly as the history holds it.
      const calendar = dom.model.sections.find((s) => s.id === 'activity')?.calendar;
      expect(calendar?.days.find((d) => d.day === BAD_DAY)?.activities).toEqual([HOSTILE]);
    } finally {
      await browser.close();
    }
  },
);

describe('a habit finding whose tag has a hostile name', () => {
  /** Half a year, so the habit comparisons have evenings enough on each side. */
  const first = '2025-01-02';
  const planted = 'tag_generic_alcohol';
  let tagEmulator: Emulator;
  let path: string;

  beforeAll(async () => {
    tagEmulator = await startEmulator({
      today: LAST_DAY,
      startDay: first,
      effects: [
        {
          kind: 'tag',
          tag: planted,
          everyNthDay: 3,
          nextNight: { average_hrv: -12, lowest_heart_rate: 5 },
        },
      ],
    });
    const token = tagEmulator.mintTokens().access_token;
    // The planted tag renamed: its evenings, and so its finding, carry the hostile text.
    const client = new OuraClient({ token, baseUrl: tagEmulator.url });
    let renamed = 0;
    for await (const tag of client.list('enhanced_tag', { start: first, end: LAST_DAY })) {
      if ((tag as { tag_type_code?: string }).tag_type_code !== planted) continue;
      tagEmulator.reviseDocument('enhanced_tag', (tag as { id: string }).id, {
        tag_type_code: HOSTILE,
      });
      renamed++;
    }
    expect(renamed).toBeGreaterThan(40);
    const dir = await tempDir('oura-report-hostile-tag-');
    const env = cleanEnv({
      OURA_ACCESS_TOKEN: token,
      OURA_API_URL: tagEmulator.url,
      OURA_DATA_DIR: dir,
      OURA_CONFIG_DIR: dir,
    });
    const types = 'daily_sleep,daily_readiness,daily_activity,sleep,enhanced_tag';
    const sync = await runCli(['sync', '--since', first, '--types', types], { env });
    expect(sync.code, sync.stderr).toBe(0);
    path = join(dir, 'hostile-tag.html');
    const report = await runCli(
      ['report', '--no-open', '--start', first, '--end', LAST_DAY, '--out', path],
      { env },
    );
    expect(report.code, report.stderr).toBe(0);
  });
  afterAll(async () => {
    await tagEmulator?.close();
  });

  (hasChromium ? it : it.skip)('Chromium shows the name as text in the finding', async () => {
    const browser = await launchBrowser();
    try {
      const { page, logged } = await openRenderedReport(browser, pathToFileURL(path).href);
      const dom = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        injected: document.querySelectorAll(
          '.pwned, img, iframe, object, embed, [onerror], [onload]',
        ).length,
        bodyChildren: Array.from(document.body.children).map((e) => e.tagName.toLowerCase()),
        findings: Array.from(document.querySelectorAll('#insight-habits li')).map(
          (li) => li.textContent ?? '',
        ),
      }));
      expect(dom.pwned).toBeNull();
      expect(dom.injected).toBe(0);
      expect(logged).toEqual([]);
      expect(dom.bodyChildren).toEqual([
        'header',
        'nav',
        'main',
        'footer',
        'script',
        'script',
        'script',
      ]);
      expect(
        dom.findings.some((line) => line.startsWith(`tag:${HOSTILE} → next_night average_hrv: `)),
        JSON.stringify(dom.findings),
      ).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
