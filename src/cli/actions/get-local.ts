/**
 * `oura get TYPE --local`: the same output as a live `get`, read from the
 * history with the same formatters. No token, no network.
 */
import { NotFoundError } from '../../api/errors.js';
import type { DayRange } from '../../calendar/days.js';
import type { Coverage } from '../../history/history.js';
import type { CommandRun } from '../command-run.js';
import { listFormatter, writeOne } from '../output/formatters.js';
import { streamSink } from '../output/sink.js';
import { readHistory } from '../read-history.js';
import type { GetFlags, GetPlan } from './get-flags.js';

/**
 * What to say when the asked days reach past what the history covers: days
 * before the account's first day exist nowhere (a sync would not find them),
 * days before a `--since` backfill or after the last sync can be fetched.
 */
function coverageGap(
  range: DayRange,
  coverage: Coverage,
  firstDay: string | undefined,
): string | undefined {
  const parts: string[] = [];
  if (range.start < coverage.start) {
    parts.push(
      firstDay !== undefined && coverage.start <= firstDay
        ? `the account's data starts on ${coverage.start}, so there is nothing before it.`
        : `\`oura sync --since ${range.start}\` adds the days before.`,
    );
  }
  if (range.end > coverage.through) parts.push('run `oura sync` for the days after.');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export async function runLocalGet(run: CommandRun<GetFlags>, plan: GetPlan): Promise<void> {
  const { io } = run;
  const warn = io.warn;
  const { type } = plan.endpoint;
  const options = {
    type,
    fields: plan.fields,
    dayKey: plan.endpoint.dayKey,
    warn,
    rawCsv: plan.rawCsv,
  };
  const sink = streamSink(io.stdout);
  await readHistory(run, async (reader) => {
    const coverage = reader.coverage(type);
    if (!coverage) {
      warn(`the history has no ${type} yet; run \`oura sync\` (or \`oura sync --types ${type}\`).`);
    } else if (plan.range) {
      const gap = coverageGap(plan.range, coverage, reader.firstDay());
      if (gap)
        warn(
          `the history holds ${type} from ${coverage.start} through ${coverage.through}; ${gap}`,
        );
    }
    if (plan.id !== undefined) {
      const doc = reader.document(type, plan.id);
      if (doc === undefined) {
        throw new NotFoundError({
          status: 404,
          method: 'GET',
          path: `history:${type}/${plan.id}`,
          detail: `no ${type} document with this id in the local history`,
        });
      }
      await writeOne(plan.format, sink, doc, options);
      return;
    }
    if (type === 'personal_info') {
      const [doc] = reader.documents(plan.endpoint, undefined);
      if (doc !== undefined) await writeOne(plan.format, sink, doc, options);
      return;
    }
    const out = await listFormatter(plan.format, sink, options);
    for (const doc of reader.documents(plan.endpoint, plan.range, {
      fields: plan.fields,
      latest: plan.latest,
    })) {
      await out.write(doc);
    }
    await out.end();
  });
}
