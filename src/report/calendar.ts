/**
 * Workouts on a calendar: one small month grid per month of the range, each
 * day shaded by its workout minutes, with the activities on hover. Plain HTML,
 * so it prints and reads without the script.
 */
import { addDays } from '../calendar/days.js';
import { html, type SafeHtml } from '../html/safe-html.js';
import { captionsHtml } from './captions.js';
import type { CalendarSpec, SpanView } from './model.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const EMPTY = html`<span class="day empty"></span>`;

function shade(minutes: number): string {
  return minutes >= 90 ? 'w3' : minutes >= 45 ? 'w2' : 'w1';
}

export function calendarHtml(spec: CalendarSpec, views: readonly SpanView[]): SafeHtml {
  const byDay = new Map(spec.days.map((d) => [d.day, d]));
  const months: SafeHtml[] = [];
  let day = `${spec.start.slice(0, 7)}-01`;
  while (day <= spec.end) {
    const month = day.slice(0, 7);
    // Monday-first weeks: blank cells before the 1st.
    const lead = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const cells: SafeHtml[] = Array.from({ length: lead }, () => EMPTY);
    for (; day.startsWith(month); day = addDays(day, 1)) {
      const w = byDay.get(day);
      cells.push(
        w
          ? html`<span class="day ${shade(w.minutes)}" title="${`${day}: ${w.activities.join(', ')}, ${Math.round(w.minutes)} min, ${w.calories} kcal`}"></span>`
          : day < spec.start || day > spec.end
            ? EMPTY
            : html`<span class="day" title="${day}"></span>`,
      );
    }
    const name = `${MONTHS[Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;
    months.push(html`<div class="month"><div>${name}</div><div class="days">${cells}</div></div>`);
  }
  const rows = spec.days.map(
    (d) =>
      html`<tr><td>${d.day}</td><td>${d.activities.join(', ')}</td><td>${Math.round(d.minutes)}</td><td>${d.calories}</td></tr>`,
  );
  return html`<figure id="fig-${spec.id}"><h3>${spec.title}</h3>
<div class="calendar" role="img" aria-label="${spec.caption}">${months}</div>
${captionsHtml(spec.id, spec.caption, views)}
<details><summary>Table</summary><table><thead><tr><th>Day</th><th>Activities</th><th>Minutes</th><th>kcal</th></tr></thead><tbody>${rows}</tbody></table></details></figure>`;
}
