/// <reference lib="dom" />
/**
 * The page's script: draws every chart of the model with uPlot, syncs hover
 * across the daily charts, wires the range buttons, builds each table when it
 * is opened, and redraws at paper width for printing. It runs in the browser:
 * the generator inlines `renderReport.toString()`, so everything it uses lives
 * inside the function (only types are imported).
 */
import type uPlot from 'uplot';
import type { ChartSpec, ReportModel, SeriesSpec } from './model.js';

export function renderReport(UPlot: typeof uPlot, model: ReportModel): void {
  const DAY = 86_400;
  const HEIGHT = 240;
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

  /** Stacked bars: each layer drawn as the running total, tallest first so the lower layers stay visible. */
  function stacked(spec: ChartSpec): (number | null)[][] {
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

  function options(spec: ChartSpec, width: number): uPlot.Options {
    const right = spec.series.some((s) => s.right);
    const stack = spec.series.some((s) => s.kind === 'stack');
    const order = stack ? [...spec.series.keys()].reverse() : [...spec.series.keys()];
    const bars = UPlot.paths.bars?.({ size: [0.8, 24] });
    const series: uPlot.Series[] = [
      spec.axis === 'day'
        ? { label: 'Day', value: (_u, x) => (x == null ? '–' : dayOf(x)) }
        : { label: 'Hour', value: (_u, x) => (x == null ? '–' : `${pad(x)}:00`) },
    ];
    const bands: uPlot.Band[] = [];
    for (const index of order) {
      const s = spec.series[index] as SeriesSpec;
      const color = s.faint ? `${s.color}66` : s.color;
      const shown: uPlot.Series = {
        label: s.label,
        scale: s.right ? 'right' : 'y',
        stroke: color,
        width: s.faint ? 1 : 2,
        // Hover shows the value itself, also for a stacked layer drawn as a running total.
        value: (_u, _v, _si, i) => format(s, i == null ? null : s.values[i]),
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
        // Half a day of room at each end, so the first and last bars are whole.
        x: {
          time: spec.axis === 'day',
          ...(spec.axis === 'day'
            ? { range: (_u, min, max) => [min - DAY / 2, max + DAY / 2] }
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

  function data(spec: ChartSpec): uPlot.AlignedData {
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
  for (const section of model.sections) {
    for (const spec of section.charts) {
      const target = document.getElementById(`chart-${spec.id}`);
      if (!target) continue;
      charts[spec.id] = new UPlot(options(spec, width(target)), data(spec), target);
      const details = document.getElementById(`table-${spec.id}`) as HTMLDetailsElement | null;
      details?.addEventListener('toggle', () => {
        if (details.open && !details.querySelector('table')) table(spec, details);
      });
    }
  }

  const daily = () =>
    model.sections.flatMap((s) => s.charts.filter((c) => c.axis === 'day').map((c) => c.id));
  document.querySelectorAll<HTMLButtonElement>('[data-range]').forEach((button) => {
    button.addEventListener('click', () => {
      const days = Number(button.dataset.range);
      for (const id of daily()) {
        const chart = charts[id];
        const xs = chart?.data[0];
        if (!chart || !xs?.length) continue;
        const max = xs[xs.length - 1] as number;
        const min =
          days > 0 ? Math.max(xs[0] as number, max - (days - 1) * DAY) : (xs[0] as number);
        // The scale's range function adds the half day at each end.
        chart.setScale('x', { min, max });
      }
      // The cards and captions of the chosen span; a span as long as the range is the whole range.
      const span = model.views.some((v) => v.days === days) ? days : 0;
      document.querySelectorAll<HTMLElement>('[data-span]').forEach((el) => {
        el.hidden = el.dataset.span !== String(span);
      });
      for (const id of daily()) {
        const caption = document.querySelector(`#fig-${id} figcaption[data-span="${span}"]`);
        document
          .getElementById(`chart-${id}`)
          ?.setAttribute('aria-label', caption?.textContent ?? '');
      }
      document.querySelectorAll('[data-range]').forEach((b) => {
        b.removeAttribute('aria-pressed');
      });
      button.setAttribute('aria-pressed', 'true');
    });
  });

  const fit = () => {
    for (const [id, chart] of Object.entries(charts)) {
      const target = document.getElementById(`chart-${id}`);
      if (target) chart.setSize({ width: width(target), height: HEIGHT });
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
