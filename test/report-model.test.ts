/**
 * The report's model and page from a made-up history, without a database or
 * a browser: what the cards compare with, which way a change counts as
 * good, what the shorter spans say, where the averages start, and how
 * durations are written.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../src/calendar/days.js';
import { buildModel } from '../src/report/build.js';
import type { HeaderMetric, ReportModel } from '../src/report/model.js';
import { renderPage } from '../src/report/page.js';
import type { HistoryData, NightRow } from '../src/report/queries.js';
import { emptyHistory } from './helpers/report-history.js';

/** The days are fixed: the model does not read the clock. */
const HISTORY_START = '2024-01-01';
const END = '2024-06-30';
const NOW = new Date('2024-07-01T08:00:00Z');

function daysFrom(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

/** A history from HISTORY_START to END; `value(day, i)` gives each day's number. */
function history(value: (day: string, i: number) => number): HistoryData {
  const days = daysFrom(HISTORY_START, END);
  const perDay = (f: (v: number) => number) => new Map(days.map((d, i) => [d, f(value(d, i))]));
  const nights: NightRow[] = days.map((day, i) => {
    const v = value(day, i);
    return {
      day,
      bedtime_start: `${addDays(day, -1)}T23:10:00+02:00`,
      bedtime_end: `${day}T07:05:00+02:00`,
      total: 25_000 + v * 10,
      deep: 5_000,
      rem: 6_000,
      light: 14_000 + v * 10,
      awake: 2_000,
      efficiency: 88,
      lowest_hr: v,
      hrv: 100 - v,
    };
  });
  return {
    ...emptyHistory(),
    sleepScore: perDay((v) => v + 20),
    readinessScore: perDay((v) => v + 10),
    activityScore: perDay((v) => v + 15),
    steps: perDay((v) => v * 100),
    activeCalories: perDay((v) => v * 5),
    nights,
  };
}

const steady = history(() => 60);

function model(data: HistoryData, start: string, askedStart?: string): ReportModel {
  return buildModel(
    data,
    {
      range: { start, end: END },
      historyStart: HISTORY_START,
      ...(askedStart ? { askedStart } : {}),
    },
    null,
    NOW,
  );
}

const card = (m: ReportModel, name: string): HeaderMetric => {
  const found = m.header.metrics.find((x) => x.name === name);
  if (!found) throw new Error(`no ${name} card`);
  return found;
};

/** The header of the whole range (span 0) as the page writes it. */
async function summaryHtml(m: ReportModel): Promise<string> {
  const page = await renderPage(m);
  return /<div class="summary" data-span="0">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
}

/** The header's cards as the page writes them, one `<li>` each. */
async function cardsHtml(m: ReportModel): Promise<string[]> {
  return (await summaryHtml(m)).match(/<li>[\s\S]*?<\/li>/g) ?? [];
}

describe('the comparison with the period before', () => {
  it('the whole history has nothing before it: no comparison, and no card says so', async () => {
    const m = model(steady, HISTORY_START);
    expect(m.header.compared).toBe(false);
    for (const metric of m.header.metrics) expect(metric.previous).toBeNull();
    const summary = await summaryHtml(m);
    expect(summary).toContain('Sleep score');
    expect(summary).not.toContain('no data for the previous period');
    expect(summary).not.toContain('Changes compare');
    expect(summary).not.toContain('class="change');
  });

  it('a range whose previous period starts before the history: no comparison either', () => {
    // 100 days back from END: the 100 days before begin in 2023.
    const m = model(steady, addDays(END, -99));
    expect(m.header.compared).toBe(false);
    expect(card(m, 'Sleep score').previous).toBeNull();
  });

  it('a range with the history before it: the cards compare', async () => {
    const m = model(steady, addDays(END, -29));
    expect(m.header.compared).toBe(true);
    expect(card(m, 'Sleep score').previous).toBe(80);
    expect(await renderPage(m)).toContain('Changes compare with the 30 days before');
  });
});

describe('which way is better', () => {
  // Resting heart rate falls from 60 to 50 in the last 30 days; HRV rises with it.
  const improving = history((day) => (day >= addDays(END, -29) ? 50 : 60));
  const m = model(improving, addDays(END, -29));

  it('a lower resting heart rate is good news (green), a higher HRV too', async () => {
    const cards = await cardsHtml(m);
    const rhr = cards.find((c) => c.includes('Resting heart rate')) ?? '';
    const hrv = cards.find((c) => c.includes('HRV')) ?? '';
    expect(rhr).toContain('−10 vs 60 bpm before');
    expect(rhr).toContain('class="change better"');
    expect(hrv).toContain('class="change better"');
    // Fewer steps (lower is worse for steps) is the red one.
    const steps = cards.find((c) => c.includes('Steps')) ?? '';
    expect(steps).toContain('class="change worse"');
  });
});

describe('the shorter spans of the range buttons', () => {
  // Days get higher through the history: every span has its own average.
  const rising = history((_day, i) => 40 + (i % 50) / 2);
  const m = model(rising, HISTORY_START);

  it('30 d, 90 d and 1 y views exist only where shorter than the range', () => {
    expect(m.header.days).toBe(182);
    expect(m.views.map((v) => v.days)).toEqual([30, 90]);
  });

  it('the 30 d view holds the last 30 days’ cards and captions, compared with the 30 before', () => {
    const view = m.views.find((v) => v.days === 30);
    if (!view) throw new Error('no 30 d view');
    const last30 = daysFrom(addDays(END, -29), END);
    const expected = last30.reduce((s, d) => s + (rising.sleepScore.get(d) ?? 0), 0) / 30;
    expect(view.header.start).toBe(addDays(END, -29));
    expect(card({ ...m, header: view.header }, 'Sleep score').value).toBeCloseTo(expected, 9);
    expect(view.header.compared).toBe(true);
    expect(view.captions['sleep-stages']).toMatch(/^Over 30 nights/);
    expect(m.sections[0]?.charts[0]?.caption).toMatch(/^Over 182 nights/);
  });

  it('the page holds each span’s captions, hidden until its button is chosen', async () => {
    const page = await renderPage(m);
    // Each begins with the empty slot where the page says when it draws weekly averages.
    expect(page).toMatch(
      /<figcaption data-span="30" hidden><span class="weekly"><\/span>Over 30 nights/,
    );
    expect(page).toMatch(/<figcaption data-span="0"><span class="weekly"><\/span>Over 182 nights/);
    expect(page).toMatch(/<div class="summary" data-span="30" hidden>/);
  });
});

describe('rolling averages and baselines', () => {
  it('start on the range’s first day when the history holds the days before', () => {
    const m = model(steady, addDays(END, -29));
    const series = (chart: string, label: string) =>
      m.sections
        .flatMap((s) => s.charts)
        .find((c) => c.id === chart)
        ?.series.find((s) => s.label === label)?.values;
    expect(series('scores', 'Sleep, 7-day average')?.[0]).toBe(80);
    expect(series('resting-hr', '60-day baseline')?.[0]).toBe(60);
    expect(series('hrv', '60-day baseline')?.[0]).toBe(40);
    // The points themselves stay within the range.
    expect(series('resting-hr', 'Resting heart rate')).toHaveLength(30);
  });
});

describe('durations', () => {
  it('are written one way everywhere: captions, cards, hover and table values', async () => {
    const m = model(steady, addDays(END, -29));
    const captions = m.sections.flatMap((s) => s.charts.map((c) => c.caption));
    for (const caption of captions) expect(caption).not.toMatch(/\d h\b(?! \d)/);
    expect(captions.join(' ')).toContain('Total sleep averaged 7 h 07 min');
    const total = card(m, 'Total sleep');
    const cards = await cardsHtml(m);
    expect(total.duration).toBe(true);
    expect(cards.find((c) => c.includes('Total sleep'))).toContain(
      '<span class="value">7 h 07 min</span>',
    );
    const hours = m.sections
      .flatMap((s) => s.charts)
      .flatMap((c) => c.series)
      .filter((s) => s.unit === 'h');
    expect(hours.length).toBeGreaterThan(0);
    for (const s of hours) expect(s.duration, s.label).toBe(true);
  });
});
