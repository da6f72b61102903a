/**
 * The Insights section as HTML: one block per insight — its headline, the
 * findings or flagged days under it, and how it was computed. Plain text in
 * plain elements (no figure: the section has no chart), escaped like every
 * other text of the page, since a tag's name is whatever the person typed.
 */
import { html, type SafeHtml } from '../html/safe-html.js';
import type { InsightsView } from './sections/insights.js';

export function insightsHtml(view: InsightsView): SafeHtml {
  const blocks = view.blocks.map(
    (b) =>
      html`<div class="insight" id="insight-${b.kind.replaceAll('_', '-')}"><p class="headline">${b.headline}</p>${
        b.details.length ? html`<ul>${b.details.map((line) => html`<li>${line}</li>`)}</ul>` : ''
      }<p class="method">Method: ${b.method}</p></div>`,
  );
  return html`<section id="insights"><h2>Insights</h2>
<p class="meta">Computed over the whole report, ${view.start} to ${view.end}, whichever days the charts show. Each figure comes with how many nights or days it rests on, its 95 % interval where it is an estimate, and how it was computed; "not enough data" means too few to say.</p>
${blocks}</section>`;
}
