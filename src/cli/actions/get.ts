/**
 * `oura get`: the flags checked against the data-type table (usage errors,
 * exit 2, before any credential lookup or request), then the documents
 * streamed through the chosen formatter.
 */
import type { CommandRun } from '../command-run.js';
import type { Format } from '../output/formatters.js';
import type { GetFlags, GetPlan } from './get-flags.js';

/** How `oura get` names the parts of a request in messages. */
const GET_WORDS = {
  range: '--start and --end',
  id: '--id',
  fields: '--fields',
  latest: '--latest',
  typesHint: 'Run `oura types` to see each type with its scope and parameters.',
};

/** Checks the flags against the endpoint table; throws UsageError (exit 2) on any mistake. */
export async function planGet(flags: GetFlags, stdoutIsTty: boolean, now: Date): Promise<GetPlan> {
  const { type } = flags;
  const [{ UsageError }, { checkQuery }, { FORMATS }, { resolveRange }] = await Promise.all([
    import('../../errors.js'),
    import('../../api/query.js'),
    import('../output/formatters.js'),
    import('../dates.js'),
  ]);

  const format = (flags.format ?? (stdoutIsTty ? 'table' : 'json')) as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${flags.format}"; use one of: ${FORMATS.join(', ')}.`);
  }
  const sandbox = flags.sandbox ?? false;
  if (sandbox && flags.local) {
    throw new UsageError('--local reads your own history: leave out --sandbox.');
  }
  const { endpoint, documentId, fields } = checkQuery(
    {
      type,
      hasRange: flags.start !== undefined || flags.end !== undefined,
      documentId: flags.id,
      fields: flags.fields,
      latest: flags.latest,
      sandbox,
    },
    GET_WORDS,
  );
  const range =
    endpoint.kind === 'none' || documentId !== undefined || flags.latest
      ? undefined
      : resolveRange({ start: flags.start, end: flags.end }, now, endpoint.kind === 'datetime');

  return {
    endpoint,
    format,
    range,
    id: documentId,
    fields,
    latest: flags.latest ?? false,
    sandbox,
    local: flags.local ?? false,
    rawCsv: flags.rawCsv ?? false,
  };
}

export async function runGet(run: CommandRun<GetFlags>): Promise<void> {
  const { io } = run;
  const plan = await planGet(run.flags, Boolean(io.stdout.isTTY), run.now());
  if (plan.local) {
    const { runLocalGet } = await import('./get-local.js');
    return runLocalGet(run, plan);
  }
  const [
    formatters,
    { OutputClosedError, streamSink },
    { progressLine },
    { stopPoint },
    { slowAnswerNotice },
  ] = await Promise.all([
    import('../output/formatters.js'),
    import('../output/sink.js'),
    import('../output/progress.js'),
    import('../output/stop-point.js'),
    import('../output/slow-answer.js'),
  ]);
  await using profile = await run.openProfile();
  const progress = progressLine(io);
  // Integrations report that the sandbox accepts any bearer string; still send the
  // login's, since rate limits are shared with it.
  const client = await profile.client({
    sandbox: plan.sandbox,
    onProgress: (p) => progress.update(p),
    onSlowAnswer: slowAnswerNotice(io.notice),
  });
  const sink = streamSink(io.stdout);
  const warn = io.warn;
  const options = {
    type: plan.endpoint.type,
    fields: plan.fields,
    dayKey: plan.endpoint.dayKey,
    warn,
    rawCsv: plan.rawCsv,
  };
  const { type } = plan.endpoint;

  if (type === 'personal_info') {
    await formatters.writeOne(plan.format, sink, await client.personalInfo(), options);
    return;
  }
  if (plan.id !== undefined) {
    await formatters.writeOne(plan.format, sink, await client.get(type, plan.id), options);
    return;
  }
  const out = await formatters.listFormatter(plan.format, sink, options);
  const listOptions = {
    ...(plan.fields ? { fields: plan.fields } : {}),
    ...(plan.latest ? { latest: true } : {}),
  };
  const stop = stopPoint(plan.endpoint.dayKey, plan.range !== undefined);
  try {
    for await (const doc of client.list(type, plan.range, listOptions)) {
      await out.write(doc);
      stop.written(doc);
    }
  } catch (error) {
    progress.done();
    // Whatever reached stdout is cut short: say where, so nobody takes it for the whole range.
    const where = error instanceof OutputClosedError ? undefined : stop.describe(plan.format);
    if (where) warn(where);
    throw error;
  }
  // Clear the progress line before the formatter's last output reaches the terminal.
  progress.done();
  await out.end();
}
