/// <reference lib="dom" />
/**
 * The page's script: draws every chart of the model with uPlot, syncs hover
 * across the daily charts, wires the range buttons, builds each table when it
 * is opened, and redraws at paper width for printing. Daily bars whose days
 * do not fit the chart's width are drawn as weekly averages, decided at each
 * draw because only the page knows the width. It runs in the browser: the
 * generator inlines `renderReport.toString()` (and `weeklyMeans`, handed in),
 * so everything it uses lives inside the function (only types are imported).
 */
import type uPlot from 'uplot';
import type { ChartSpec, ReportModel, SeriesSpec } from './model.js';
import type { weeklyMeans } from './weeks.js';

export function renderReport(
  UPlot: typeof uPlot,
  model: ReportModel,
  weekly: typeof weeklyMeans,
): void {
  const DAY = 86_400;
  const HEIGHT = 240;
  /** CSS pixels a day's bar needs, with its gap, to stand apart from its neighbours rather than blur into a band. */
  const MIN_DAY_PX = 3;
  // Read at each draw, so the charts follow a switch between light and dark mode.
  const cssColor = (name: string, fallback: string) => () =>
    getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  const ink = cssColor('--ink', '#222');
  const grid = cssColor('--grid', '#8883');
  const charts: Record<string, uPlot> = {};
  (window as unknown as { ouraCharts: typeof charts }).ouraCharts = charts;

  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = (hours: number) => {
    const minutes = Math.round((((hours % 24) + 24) % 24) * 60) % 1440;
    return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  };
  /** Hours as `7 h 05 min`, the way the captions and cards write durations. */
  const duration = (hours: number) => {
    const minutes = Math.round(hours * 60);
    const h = Math.floor(minutes / 60);
    return h > 0 ? `${h} h ${pad(minutes % 60)} min` : `${minutes} min`;
  };
  const format = (s: SeriesSpec, v: number | null | undefined) => {
    if (v === null || v === undefined) return '–';
    if (s.clock) return clock(v);
    if (s.duration) return duration(v);
    const text = v.toLocaleString('en-US', { maximumFractionDigits: s.decimals ?? 0 });
    return s.unit ? `${text} ${s.unit}` : text;
  };
  const dayOf = (x: number) => new Date(x * 1000).toISOString().slice(0, 10);
  const xLabel = (spec: ChartSpec, x: number) => (spec.axis === 'day' ? dayOf(x) : `${pad(x)}:00`);

  /** A chart as drawn: its own days, or its weeks with the days each week's mean counts. */
  type Drawn = ChartSpec & { weekly?: true; series: (SeriesSpec & { counts?: number[] })[] };
  const hasBars = (spec: ChartSpec) =>
    spec.axis === 'day' && spec.series.some((s) => s.kind === 'bar' || s.kind === 'stack');
  const weekView = (spec: ChartSpec): Drawn => {
    const w = weekly(
      spec.x,
      spec.series.map((s) => s.values),
    );
    return {
      ...spec,
      weekly: true,
      x: w.x,
      series: spec.series.map((s, i) => ({
        ...s,
        values: w.values[i] ?? [],
        counts: w.counts[i] ?? [],
      })),
    };
  };
  // A week's x is its Thursday: its Monday is three days before, its Sunday three after.
  const weekLabel = (x: number) => `week of ${dayOf(x - 3 * DAY)}`;
  /** The Monday (UTC midnight) of the week that holds `x`. */
  const monday = (x: number) => {
    const day = Math.floor(x / DAY) * DAY;
    return day - ((new Date(day * 1000).getUTCDay() + 6) % 7) * DAY;
  };

  /** Stacked bars: each layer drawn as the running total, tallest first so the lower layers stay visible. */
  function stacked(spec: Drawn): (number | null)[][] {
    const totals: (number | null)[][] = [];
    let running: (number | null)[] = spec.x.map(() => null);
    for (const s of spec.series) {
      running = running.map((r, i) => {
        const v = s.values[i];
        return v === null || v === undefined ? r : (r ?? 0) + v;
      });
      totals.push(running);
    }
    return totals;
  }

  function options(spec: Drawn, width: number): uPlot.Options {
    const right = spec.series.some((s) => s.right);
    const stack = spec.series.some((s) => s.kind === 'stack');
    const order = stack ? [...spec.series.keys()].reverse() : [...spec.series.keys()];
    const bars = UPlot.paths.bars?.({ size: [0.8, 24] });
    const series: uPlot.Series[] = [
      spec.weekly
        ? { label: 'Week', value: (_u, x) => (x == null ? '–' : weekLabel(x)) }
        : spec.axis === 'day'
          ? { label: 'Day', value: (_u, x) => (x == null ? '–' : dayOf(x)) }
          : { label: 'Hour', value: (_u, x) => (x == null ? '–' : `${pad(x)}:00`) },
    ];
    const bands: uPlot.Band[] = [];
    for (const index of order) {
      const s = spec.series[index] as Drawn['series'][number];
      const color = s.faint ? `${s.color}66` : s.color;
      const shown: uPlot.Series = {
        label: s.label,
        scale: s.right ? 'right' : 'y',
        stroke: color,
        width: s.faint ? 1 : 2,
        // Hover shows the value itself, also for a stacked layer drawn as a running total,
        // and for a week how many days its mean counts.
        value: (_u, _v, _si, i) => {
          const text = format(s, i == null ? null : s.values[i]);
          const n = i == null ? undefined : s.counts?.[i];
          return n ? `${text} (${n} ${n === 1 ? 'day' : 'days'})` : text;
        },
      };
      if (s.kind === 'bar' || s.kind === 'stack') {
        Object.assign(shown, { paths: bars, fill: s.color, points: { show: false } });
      } else if (s.kind === 'points') {
        Object.assign(shown, {
          paths: () => null,
          points: { show: true, size: s.faint ? 3 : 4, fill: color, stroke: color },
        });
      } else if (s.kind === 'line') {
        shown.points = { show: false };
      } else if (s.kind === 'band') {
        shown.points = { show: false };
        shown.width = 1;
        shown.stroke = `${s.color}66`;
        bands.push({ series: [series.length, series.length + 1], fill: `${s.color}33` });
      }
      series.push(shown);
    }
    const axis = (label: string, scale: string, side: 0 | 1 | 2 | 3): uPlot.Axis => ({
      scale,
      side,
      label,
      stroke: ink,
      grid: { stroke: grid, width: 1, show: side !== 1 },
      ticks: { stroke: grid, width: 1 },
      ...(spec.series.some((s) => s.clock)
        ? { values: (_u: uPlot, ticks: number[]) => ticks.map(clock) }
        : {}),
    });
    return {
      width,
      height: HEIGHT,
      series,
      bands,
      scales: {
        // Half a day of room at each end, so the first and last bars are whole;
        // weekly bars widen the days shown to whole weeks for the same reason.
        x: {
          time: spec.axis === 'day',
          ...(spec.axis === 'day'
            ? {
                range: (_u, min, max) =>
                  spec.weekly
                    ? [monday(min) - DAY / 2, monday(max) + 6 * DAY + DAY / 2]
                    : [min - DAY / 2, max + DAY / 2],
              }
            : {}),
        },
        // Bars are read by their height: their axis starts at zero.
        ...(spec.series.some((s) => s.kind === 'bar' || s.kind === 'stack')
          ? { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } }
          : {}),
      },
      // Days are drawn in UTC: the x values are UTC midnights, so every viewer sees the same dates.
      tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: [
        {
          stroke: ink,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          ...(spec.axis === 'hour'
            ? { values: (_u: uPlot, t: number[]) => t.map((x) => `${pad(x)}:00`) }
            : {}),
        },
        axis(spec.yLabel, 'y', 3),
        ...(right ? [axis(spec.rightLabel ?? '', 'right', 1)] : []),
      ],
      cursor: spec.axis === 'day' ? { sync: { key: 'days' } } : {},
      legend: { live: true },
    };
  }

  function data(spec: Drawn): uPlot.AlignedData {
    const stack = spec.series.some((s) => s.kind === 'stack');
    const columns = stack ? stacked(spec).reverse() : spec.series.map((s) => s.values);
    return [spec.x, ...columns] as uPlot.AlignedData;
  }

  function table(spec: ChartSpec, details: HTMLDetailsElement): void {
    const doc = document;
    const t = doc.createElement('table');
    const head = t.createTHead().insertRow();
    for (const label of [
      spec.axis === 'day' ? 'Day' : 'Hour',
      ...spec.series.map((s) => s.label),
    ]) {
      const th = doc.createElement('th');
      th.textContent = label;
      head.append(th);
    }
    const body = t.createTBody();
    spec.x.forEach((x, i) => {
      if (spec.series.every((s) => s.values[i] === null)) return;
      const row = body.insertRow();
      row.insertCell().textContent = xLabel(spec, x);
      for (const s of spec.series) row.insertCell().textContent = format(s, s.values[i]);
    });
    details.append(t);
  }

  const width = (el: HTMLElement) => Math.max(280, el.clientWidth);
  const dailySpecs = model.sections.flatMap((s) => s.charts.filter((c) => c.axis === 'day'));
  /** The days (first and last x, before padding) each daily chart shows, to redraw it at another width. */
  const shown: Record<string, { min: number; max: number }> = {};
  const weeklyNow: Record<string, boolean> = {};

  function draw(spec: ChartSpec, weeks: boolean): void {
    const target = document.getElementById(`chart-${spec.id}`);
    if (!target) return;
    charts[spec.id]?.destroy();
    const view = weeks ? weekView(spec) : spec;
    const chart = new UPlot(options(view, width(target)), data(view), target);
    // uPlot lays itself out in a microtask: commit now, so the plot's width can be read at once.
    chart.batch(() => undefined);
    charts[spec.id] = chart;
    weeklyNow[spec.id] = weeks;
  }

  const daysIn = (span: { min: number; max: number }) =>
    Math.round((span.max - span.min) / DAY) + 1;
  /** Whether the chart's days outnumber what its plot area can draw as separate bars. */
  const tooManyDays = (spec: ChartSpec, span: { min: number; max: number }) =>
    hasBars(spec) && daysIn(span) * MIN_DAY_PX > (charts[spec.id]?.over.clientWidth ?? 0);

  /** Shows the days from `min` to `max` (UTC midnights), weekly when they do not fit, and says so in the caption. */
  function showDays(spec: ChartSpec, min: number, max: number): void {
    const span = { min, max };
    shown[spec.id] = span;
    const weeks = tooManyDays(spec, span);
    if (weeks !== (weeklyNow[spec.id] ?? false)) draw(spec, weeks);
    // The scale's range function adds the half day (or the rest of the week) at each end.
    charts[spec.id]?.setScale('x', span);
    const note = weeks
      ? `Weekly averages: ${daysIn(span)} days do not fit the chart's width. `
      : '';
    document.querySelectorAll(`#fig-${spec.id} figcaption .weekly`).forEach((el) => {
      el.textContent = note;
    });
    const caption = document.querySelector(`#fig-${spec.id} figcaption:not([hidden])`);
    document
      .getElementById(`chart-${spec.id}`)
      ?.setAttribute('aria-label', caption?.textContent ?? '');
  }

  /** The last `days` days of the chart, or all of them for 0. */
  function showLast(spec: ChartSpec, days: number): void {
    const first = spec.x[0];
    const max = spec.x[spec.x.length - 1];
    if (first === undefined || max === undefined) return;
    showDays(spec, days > 0 ? Math.max(first, max - (days - 1) * DAY) : first, max);
  }

  for (const section of model.sections) {
    for (const spec of section.charts) {
      draw(spec, false);
      if (hasBars(spec)) showLast(spec, 0);
      const details = document.getElementById(`table-${spec.id}`) as HTMLDetailsElement | null;
      details?.addEventListener('toggle', () => {
        if (details.open && !details.querySelector('table')) table(spec, details);
      });
    }
  }

  document.querySelectorAll<HTMLButtonElement>('[data-range]').forEach((button) => {
    button.addEventListener('click', () => {
      const days = Number(button.dataset.range);
      // The cards and captions of the chosen span; a span as long as the range is the whole range.
      const span = model.views.some((v) => v.days === days) ? days : 0;
      document.querySelectorAll<HTMLElement>('[data-span]').forEach((el) => {
        el.hidden = el.dataset.span !== String(span);
      });
      for (const spec of dailySpecs) showLast(spec, days);
      document.querySelectorAll('[data-range]').forEach((b) => {
        b.removeAttribute('aria-pressed');
      });
      button.setAttribute('aria-pressed', 'true');
    });
  });

  const fit = () => {
    for (const [id, chart] of Object.entries(charts)) {
      const target = document.getElementById(`chart-${id}`);
      // At once rather than in uPlot's microtask: the plot's new width is read below.
      if (target) chart.batch(() => chart.setSize({ width: width(target), height: HEIGHT }));
    }
    // At the new width the days may fit again, or no longer; an unchanged chart keeps its zoom.
    for (const spec of dailySpecs) {
      const span = shown[spec.id];
      if (span && tooManyDays(spec, span) !== (weeklyNow[spec.id] ?? false)) {
        showDays(spec, span.min, span.max);
      }
    }
  };
  let pending: number | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = window.setTimeout(fit, 100);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const chart of Object.values(charts)) chart.redraw(false, true);
  });
  // Print lays the page out narrower than the screen: redraw to the paper's width.
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', fit);
  document.documentElement.dataset.rendered = String(Math.round(performance.now()));
}
