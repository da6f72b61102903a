// `npm run bench`: every benchmark, each figure beside the baseline measured in
// the same run. Not part of `npm test`.
const suites = [
  ['start-up', () => import('./startup.js')],
  ['login', () => import('./login.js')],
  ['backfill', () => import('./backfill.js')],
  ['daily-year', () => import('./daily-year.js')],
  ['proxy', () => import('./proxy.js')],
  ['history', () => import('./history.js')],
  ['report', () => import('./report.js')],
  ['insights', () => import('./insights.js')],
  ['webhook', () => import('./webhook.js')],
  ['serve', () => import('./serve.js')],
  ['serve-webhook', () => import('./serve-webhook.js')],
  ['many-rings', () => import('./many-rings.js')],
];

const only = process.argv.slice(2);
const rows = [];
for (const [name, load] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  const { run } = await load();
  for (const row of await run()) rows.push({ suite: name, ...row });
}

const format = (value) =>
  typeof value === 'number' ? (value < 10 ? value.toFixed(2) : value.toFixed(1)) : String(value);
const table = rows.map((r) => [
  r.suite,
  r.name,
  `${format(r.value)} ${r.unit}`,
  r.target || '',
  r.note || '',
]);
const header = ['suite', 'measure', 'value', 'target', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) =>
  cells
    .map((c, i) => c.padEnd(widths[i]))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(row));
