/** The page's own styles: light and dark through `prefers-color-scheme`, and a print layout. */
export const STYLES = `
:root { color-scheme: light dark; --ink: #1f2328; --muted: #59636e; --bg: #ffffff; --card: #f6f8fa; --grid: rgba(128,128,128,0.25); --accent: #5b6ee1; --up: #1a7f37; --down: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #161b22; --grid: rgba(200,200,200,0.18); --accent: #8c9cf0; --up: #3fb950; --down: #f85149; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
h2 { margin: 2rem 0 .5rem; font-size: 1.25rem; border-bottom: 1px solid var(--grid); padding-bottom: .25rem; }
h3 { margin: 0 0 .5rem; font-size: 1rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .5rem; padding: 0; margin: 0; list-style: none; }
.metrics li { background: var(--card); border-radius: 8px; padding: .6rem .8rem; }
.metrics .name { display: block; color: var(--muted); font-size: .85rem; }
.metrics .value { font-size: 1.4rem; font-weight: 600; }
.metrics .change { display: block; font-size: .85rem; color: var(--muted); }
.change.better { color: var(--up); } .change.worse { color: var(--down); }
.note { margin: 0 0 .5rem; padding: .4rem .8rem; border-left: 3px solid var(--accent); background: var(--card); }
nav.ranges { position: sticky; top: 0; z-index: 5; background: var(--bg); padding: .5rem 0; display: flex; gap: .4rem; align-items: center; }
nav.ranges button { font: inherit; border: 1px solid var(--grid); background: var(--card); color: var(--ink); border-radius: 6px; padding: .2rem .7rem; cursor: pointer; }
nav.ranges button[aria-pressed="true"] { border-color: var(--accent); outline: 1px solid var(--accent); }
figure { margin: 1rem 0 1.5rem; background: var(--card); border-radius: 8px; padding: 1rem; }
figcaption { margin-top: .5rem; }
.plot { width: 100%; min-height: 240px; }
.u-legend { font-size: .85rem; color: var(--ink); }
details summary { cursor: pointer; color: var(--accent); margin-top: .4rem; }
details table { border-collapse: collapse; margin-top: .5rem; font-size: .85rem; font-variant-numeric: tabular-nums; }
details th, details td { padding: .15rem .6rem; text-align: right; border-bottom: 1px solid var(--grid); }
details th:first-child, details td:first-child { text-align: left; }
.calendar { display: flex; flex-wrap: wrap; gap: .8rem; }
.month { font-size: .75rem; }
.month .days { display: grid; grid-template-columns: repeat(7, 14px); gap: 2px; }
.month .day { width: 14px; height: 14px; border-radius: 2px; background: var(--grid); }
.month .day.empty { background: transparent; }
.month .day.w1 { background: #e07a2f66; } .month .day.w2 { background: #e07a2faa; } .month .day.w3 { background: #e07a2f; }
.omitted { color: var(--muted); margin: .2rem 0; }
.insight { margin: .8rem 0; padding: .6rem 1rem; background: var(--card); border-radius: 8px; }
.insight .headline { margin: 0; font-weight: 600; }
.insight ul { margin: .3rem 0; padding-left: 1.2rem; }
.insight .method { margin: .3rem 0 0; color: var(--muted); font-size: .85rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media print {
  :root { --ink: #000; --muted: #444; --bg: #fff; --card: #fff; --grid: #ccc; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav.ranges, details { display: none; }
  figure { break-inside: avoid; border: 1px solid #ccc; }
  h2 { break-after: avoid; }
  .u-legend { font-size: 8pt; }
}
`;
