/**
 * The insights in words: a few short lines per answer, each figure with its n
 * and its interval, "not enough data (n=5, needs 8)" where there is no figure.
 * What `oura insights` prints on a terminal and what `oura_insights` says.
 */
import type { InsightKind, Insights } from './insights.js';
import type { NotEnoughData } from './stats/min-n.js';

const TITLES: { readonly [K in InsightKind]: string } = {
  sleep_debt: 'Sleep debt',
  regularity: 'Sleep regularity',
  sleep_timing: 'Mid-sleep and social jetlag',
  early_warnings: 'Early warnings',
  habits: 'What habits do',
  correlations: 'Lagged correlations',
  training_load: 'Training load',
};

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const signed = (x: number, digits = 1) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
const p = (x: number) => (x < 0.001 ? '<0.001' : x.toFixed(3));
const refusal = (a: NotEnoughData) => `not enough data (n=${a.n}, needs ${a.needed})`;

/** The lines of one answer: a headline, then details indented by two spaces. */
function describe<K extends InsightKind>(kind: K, answer: Insights[K]): string[] {
  const title = TITLES[kind];
  if (answer.status === 'not_enough_data') return [`${title}: ${refusal(answer)}.`];
  const a = answer as Extract<Insights[InsightKind], { status: 'ok' }>;
  switch (kind) {
    case 'sleep_debt': {
      const d = a as Extract<Insights['sleep_debt'], { status: 'ok' }>;
      const windows = d.windows.map((w, i) =>
        w.status === 'ok'
          ? `${w.days} days: ${f1(w.debt_hours)} h ${w.debt_hours >= 0 ? 'owed' : 'surplus'} (n=${w.n} nights)`
          : `${i === 0 ? 7 : 14} days: ${refusal(w)}`,
      );
      return [
        `${title} as of ${d.end}: need ${f1(d.need_hours)} h a night (n=${d.n} nights); ${windows.join('; ')}.`,
      ];
    }
    case 'regularity': {
      const r = a as Extract<Insights['regularity'], { status: 'ok' }>;
      return [
        `${title} (SRI, −100…100) ${r.start}…${r.end}: ${f1(r.sri)} (n=${r.days} days, ${r.pairs} epoch pairs).`,
      ];
    }
    case 'sleep_timing': {
      const t = a as Extract<Insights['sleep_timing'], { status: 'ok' }>;
      return [
        `${title} ${t.start}…${t.end}: mid-sleep ${f2(t.mid_sleep_hours)} h after midnight ` +
          `(work nights ${f2(t.mid_sleep_work_hours)} h, n=${t.n_work}; free nights ${f2(t.mid_sleep_free_hours)} h, n=${t.n_free}); ` +
          `social jetlag ${signed(t.social_jetlag_hours, 2)} h, 95% CI ${f2(t.interval.low)} to ${f2(t.interval.high)}.`,
      ];
    }
    case 'early_warnings': {
      const e = a as Extract<Insights['early_warnings'], { status: 'ok' }>;
      return [
        `${title} ${e.start}…${e.end}: ${e.warnings.length} day(s) flagged of n=${e.n} scored.`,
        ...e.warnings.map(
          (w) => `  ${w.day}: ${w.signals.map((s) => `${s.signal} z=${signed(s.z)}`).join(', ')}`,
        ),
        `  ${e.disclaimer}`,
      ];
    }
    case 'habits': {
      const h = a as Extract<Insights['habits'], { status: 'ok' }>;
      const tested = h.comparisons.filter((c) => c.status === 'ok');
      const findings = tested.filter((c) => c.finding);
      return [
        `${title} ${h.start}…${h.end}: ${findings.length} finding(s) among ${tested.length} comparisons ` +
          `(Benjamini–Hochberg adjusted p ≤ 0.05); ${h.comparisons.length - tested.length} with not enough data.`,
        ...findings.map(
          (c) =>
            `  ${c.exposure} → ${c.when} ${c.outcome}: ${signed(c.difference, 2)} ` +
            `(${c.interval ? `95% CI ${f2(c.interval.low)} to ${f2(c.interval.high)}` : 'no interval'}, g=${c.hedges_g === null ? '–' : f2(c.hedges_g)}, ` +
            `n=${c.n_with} with / ${c.n_without} without, adjusted p=${p(c.p_adjusted)})`,
        ),
      ];
    }
    case 'correlations': {
      const c = a as Extract<Insights['correlations'], { status: 'ok' }>;
      return [
        `${title} ${c.start}…${c.end}: ${c.survivors.length} of ${c.tested} pairs tested survive ` +
          '(Spearman, lags 0–2 days, Benjamini–Hochberg adjusted p ≤ 0.05).',
        ...c.survivors.map(
          (s) =>
            `  ${s.a} → ${s.b} ${s.lag} day(s) later: rho=${f2(s.rho)}, n=${s.n}, adjusted p=${p(s.p_adjusted)}`,
        ),
      ];
    }
    case 'training_load': {
      const l = a as Extract<Insights['training_load'], { status: 'ok' }>;
      return [
        `${title} as of ${l.end}: acute:chronic ratio ${f2(l.ratio)} ` +
          `(7 days ${Math.round(l.acute_kcal)} kcal/day, n=${l.n_acute}; 28 days ${Math.round(l.chronic_kcal)} kcal/day, n=${l.n_chronic}).`,
      ];
    }
  }
  return [];
}

/** One answer in words: its headline, the lines under it, and how it was computed. */
export interface InsightBlock {
  kind: InsightKind;
  headline: string;
  /** Each a finding, a flagged day or a caveat, without indentation. */
  details: string[];
  method: string;
}

/** Every answer in `insights`, in the library's order, as a block (the report lays them out). */
export function insightBlocks(insights: Partial<Insights>): InsightBlock[] {
  return (Object.keys(TITLES) as InsightKind[]).flatMap((kind) => {
    const answer = insights[kind];
    if (answer === undefined) return [];
    const [headline = '', ...details] = describe(kind, answer);
    return [{ kind, headline, details: details.map((line) => line.trim()), method: answer.method }];
  });
}

/**
 * Every answer in `insights`, in the library's order, as lines; with
 * `methods`, each followed by how it was computed (for an assistant, which
 * should say how sure it is).
 */
export function insightLines(
  insights: Partial<Insights>,
  options: { methods?: boolean } = {},
): string[] {
  return insightBlocks(insights).flatMap(({ headline, details, method }) => [
    headline,
    ...details.map((line) => `  ${line}`),
    ...(options.methods ? [`  Method: ${method}`] : []),
  ]);
}
