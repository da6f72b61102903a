/**
 * A figure's captions: the whole range's, shown, and one per shorter span
 * (30 d, 90 d, 1 y), hidden until its range button is chosen, so the words
 * under a chart always describe the days it shows. A chart's captions
 * begin with a slot where the page says when it draws weekly averages.
 */
import { html, type SafeHtml } from '../html/safe-html.js';
import type { SpanView } from './model.js';

export function captionsHtml(
  id: string,
  caption: string,
  views: readonly SpanView[],
  options: { weeklyNote?: boolean } = {},
): SafeHtml {
  // Where the page says that it draws weeks: empty while it draws days, so the caption reads the same.
  const note = options.weeklyNote ? html`<span class="weekly"></span>` : '';
  const spans = views.map(
    (v) =>
      html`<figcaption data-span="${String(v.days)}" hidden>${note}${v.captions[id] ?? `No data in the last ${v.days} days.`}</figcaption>`,
  );
  return html`<figcaption data-span="0">${note}${caption}</figcaption>${spans}`;
}
