/**
 * The report as one HTML file: the model as inline JSON, uPlot and its CSS
 * read from node_modules when the report is generated (never from a CDN), the
 * page script, and a Content-Security-Policy that lets the page load nothing
 * at all — its scripts are allowed by hash, every fetch is refused.
 */

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  html,
  inlineTrustedScript,
  inlineTrustedStyle,
  jsonScript,
  type SafeHtml,
} from '../html/safe-html.js';
import { calendarHtml } from './calendar.js';
import { captionsHtml } from './captions.js';
import { summaryHtml } from './cards.js';
import { renderReport } from './client.js';
import { insightsHtml } from './insights-html.js';
import type { ChartSpec, ReportModel, SpanView } from './model.js';
import { STYLES } from './styles.js';
import { weeklyMeans } from './weeks.js';

/**
 * Marks the page as ours in its <head>: `oura report --out` replaces a file
 * only when it carries this (see files/replace-guard.ts).
 */
export const REPORT_GENERATOR = 'oura-connect report';

const require = createRequire(import.meta.url);

async function uplotAssets(): Promise<{ js: string; css: string }> {
  const [js, css] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  ]);
  return { js, css };
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function chartHtml(spec: ChartSpec, views: readonly SpanView[]): SafeHtml {
  return html`<figure id="fig-${spec.id}"><h3>${spec.title}</h3>
<div class="plot" id="chart-${spec.id}" role="img" aria-label="${spec.caption}"></div>
${captionsHtml(spec.id, spec.caption, views, { weeklyNote: true })}
<details id="table-${spec.id}"><summary>Table</summary></details></figure>`;
}

/** Between the parts of a list in the page's source, so it reads line by line. */
const NEWLINE = html`
`;

const joinLines = (parts: SafeHtml[]): SafeHtml[] =>
  parts.flatMap((part, i) => (i === 0 ? [part] : [NEWLINE, part]));

/** What the page's script reads: the model without the insights, which are HTML only (no script draws them). */
function chartData(model: ReportModel): Omit<ReportModel, 'insights'> {
  const { insights: _insights, ...data } = model;
  return data;
}

export async function renderPage(model: ReportModel): Promise<string> {
  const { js, css } = await uplotAssets();
  const h = model.header;
  const boot = `(${renderReport.toString()})(uPlot, JSON.parse(document.getElementById('report-data').textContent), ${weeklyMeans.toString()});`;
  const csp = `default-src 'none'; script-src ${hash(js)} ${hash(boot)}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const synced = h.syncedAt
    ? `last synced ${h.syncedAt.replace('T', ' ').slice(0, 16)} UTC`
    : 'never fully synced';
  const sections = model.sections.map(
    (s) =>
      html`<section id="${s.id}"><h2>${s.title}</h2>${joinLines(s.charts.map((c) => chartHtml(c, model.views)))}${s.calendar ? calendarHtml(s.calendar, model.views) : ''}</section>`,
  );
  const insights = model.insights ? insightsHtml(model.insights) : '';
  const omitted = model.omitted.length
    ? html`<section id="omitted"><h2>Not in this report</h2>${model.omitted.map((line) => html`<p class="omitted">${line}</p>`)}</section>`
    : '';
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${REPORT_GENERATOR}">
<title>Oura report ${h.start} to ${h.end}</title>
${inlineTrustedStyle(css + STYLES)}
</head>
<body>
<header>
<h1>Your Oura history, ${h.start} to ${h.end}</h1>
${model.notes.map((line) => html`<p class="note">${line}</p>`)}
${summaryHtml(h, synced, 0)}
${joinLines(model.views.map((v) => summaryHtml(v.header, synced, v.days)))}
</header>
<nav class="ranges" aria-label="Days shown in the charts">Show:
<button type="button" data-range="30">30 d</button><button type="button" data-range="90">90 d</button><button type="button" data-range="365">1 y</button><button type="button" data-range="0" aria-pressed="true">all</button>
</nav>
<main>
${joinLines(sections)}
${insights}
${omitted}
</main>
<footer>Made by oura-connect from the history on this computer on ${model.generatedAt.slice(0, 10)}. Charts drawn with uPlot. This file loads nothing from the network.</footer>
${jsonScript('report-data', chartData(model))}
${inlineTrustedScript(js)}
${inlineTrustedScript(boot)}
</body>
</html>
`;
  return page.toString();
}
