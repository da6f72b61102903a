/**
 * The header's summary as HTML: the range in words and one card per metric,
 * with its change from the period before when the history holds that period.
 * The page holds one summary per span (all, 30 d, 90 d, 1 y); the range
 * buttons show the one chosen.
 */
import { html, type SafeHtml } from '../html/safe-html.js';
import type { HeaderMetric, ReportHeader } from './model.js';
import { duration, round, signed, signedDuration } from './words.js';

const number = (value: number, decimals: number) => round(value, decimals).toLocaleString('en-US');

function valueText(m: HeaderMetric, value: number): string {
  if (m.duration) return duration(value * 3600);
  return `${number(value, m.decimals)}${m.unit ? ` ${m.unit}` : ''}`;
}

/**
 * A card's change in words and whether it is good news: green for the way
 * the metric gets better (a lower resting heart rate), red for the other way.
 * No comparison, no change text.
 */
export function metricChange(
  m: HeaderMetric,
): { text: string; tone: 'better' | 'worse' | 'same' } | undefined {
  if (m.value === null || m.previous === null) return undefined;
  const diff = m.value - m.previous;
  const change = m.duration ? signedDuration(diff) : signed(diff, m.decimals);
  const shown = m.duration ? Math.round(diff * 60) : round(diff, m.decimals);
  const tone = shown === 0 ? 'same' : shown > 0 === (m.better === 'higher') ? 'better' : 'worse';
  return { text: `${change} vs ${valueText(m, m.previous)} before`, tone };
}

export function metricHtml(m: HeaderMetric): SafeHtml {
  const value =
    m.value === null ? '–' : m.duration ? duration(m.value * 3600) : number(m.value, m.decimals);
  const unit = m.unit && !m.duration ? ` ${m.unit}` : '';
  const change = metricChange(m);
  return html`<li><span class="name">${m.name}</span><span class="value">${value}</span>${unit}${change ? html`<span class="change ${change.tone}">${change.text}</span>` : ''}</li>`;
}

/** The range line and the cards for one span (`span` 0: the whole range). */
export function summaryHtml(h: ReportHeader, synced: string, span: number): SafeHtml {
  const compared = h.compared
    ? ` Changes compare with the ${h.days} days before (${h.previousStart} to ${h.previousEnd}).`
    : '';
  const what = span === 0 ? `${h.days} days` : `The last ${h.days} days, ${h.start} to ${h.end}`;
  const body = html`<p class="meta">${what}; ${synced}.${compared}</p>
<ul class="metrics">${h.metrics.map(metricHtml)}</ul>`;
  return span === 0
    ? html`<div class="summary" data-span="0">
${body}
</div>`
    : html`<div class="summary" data-span="${String(span)}" hidden>
${body}
</div>`;
}
