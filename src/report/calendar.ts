/**
 * Workouts on a calendar: one small month grid per month of the range, each
 * day shaded by its workout minutes, with the activities on hover. Plain HTML,
 * so it prints and reads without the script.
 */
import { addDays } from '../api/days.js';
import { escapeHtml } from '../format/html.js';
import type { CalendarSpec } from './model.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shade(minutes: number): string {
  return minutes >= 90 ? 'w3' : minutes >= 45 ? 'w2' : 'w1';
}

export function calendarHtml(spec: CalendarSpec): string {
  const byDay = new Map(spec.days.map((d) => [d.day, d]));
  const months: string[] = [];
  let day = `${spec.start.slice(0, 7)}-01`;
  while (day <= spec.end) {
    const month = day.slice(0, 7);
    // Monday-first weeks: blank cells before the 1st.
    const lead = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const cells: string[] = Array.from({ length: lead }, () => '<span class="day empty"></span>');
    for (; day.startsWith(month); day = addDays(day, 1)) {
      const w = byDay.get(day);
      cells.push(
        w
          ? `<span class="day ${shade(w.minutes)}" title="${escapeHtml(`${day}: ${w.activities.join(', ')}, ${Math.round(w.minutes)} min, ${w.calories} kcal`)}"></span>`
          : day < spec.start || day > spec.end
            ? '<span class="day empty"></span>'
            : `<span class="day" title="${day}"></span>`,
      );
    }
    const name = `${MONTHS[Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;
    months.push(
      `<div class="month"><div>${name}</div><div class="days">${cells.join('')}</div></div>`,
    );
  }
  const rows = spec.days
    .map(
      (d) =>
        `<tr><td>${d.day}</td><td>${escapeHtml(d.activities.join(', '))}</td><td>${Math.round(d.minutes)}</td><td>${d.calories}</td></tr>`,
    )
    .join('');
  return `<figure id="fig-${spec.id}"><h3>${escapeHtml(spec.title)}</h3>
<div class="calendar" role="img" aria-label="${escapeHtml(spec.caption)}">${months.join('')}</div>
<figcaption>${escapeHtml(spec.caption)}</figcaption>
<details><summary>Table</summary><table><thead><tr><th>Day</th><th>Activities</th><th>Minutes</th><th>kcal</th></tr></thead><tbody>${rows}</tbody></table></details></figure>`;
}
