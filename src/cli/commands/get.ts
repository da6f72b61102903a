/**
 * `oura get TYPE [--start DAY] [--end DAY] [--id ID] [--fields a,b] [--latest]
 * [--sandbox] [--format table|json|ndjson|csv]`. Usage errors (exit 2) are
 * raised before any credential lookup or request.
 */
import type { Command } from 'commander';
import type { DayRange } from '../../api/days.js';
import type { Endpoint } from '../../api/endpoints.js';
import type { Format } from '../output/formatters.js';

/** Flags of `oura get`, as commander parses them. */
export interface GetFlags {
  start?: string;
  end?: string;
  id?: string;
  fields?: string;
  latest?: boolean;
  sandbox?: boolean;
  format?: string;
}

/** A checked `oura get` request, ready to run. */
export interface GetPlan {
  endpoint: Endpoint;
  format: Format;
  range: DayRange | undefined;
  id: string | undefined;
  fields: string[] | undefined;
  latest: boolean;
  sandbox: boolean;
}

export function registerGet(program: Command): void {
  program
    .command('get')
    .description('Print Oura data of one type (see `oura types`).')
    .argument('<type>', 'data type as in the API, e.g. daily_sleep, heartrate, vO2_max')
    .option(
      '--start <day>',
      'first day: YYYY-MM-DD, today, yesterday (default: 6 days before --end)',
    )
    .option('--end <day>', 'last day (default: today)')
    .option('--id <document_id>', 'one document by id')
    .option('--fields <list>', 'only these fields, comma-separated')
    .option('--latest', 'only the most recent sample (heartrate, ring_battery_level)')
    .option('--sandbox', "Oura's sandbox (fake data) instead of your own")
    .option(
      '--format <format>',
      'table, json, ndjson or csv (default: table on a terminal, json otherwise)',
    )
    .action(async (type: string, flags: GetFlags, command: Command) => {
      const plan = await planGet(type, flags, Boolean(process.stdout.isTTY));
      await runGet(plan, command);
    });
}

/** How `oura get` names the parts of a request in messages. */
const GET_WORDS = {
  range: '--start and --end',
  id: '--id',
  fields: '--fields',
  latest: '--latest',
  typesHint: 'Run `oura types` to see each type with its scope and parameters.',
};

/** Checks the flags against the endpoint table; throws UsageError (exit 2) on any mistake. */
export async function planGet(
  type: string,
  flags: GetFlags,
  stdoutIsTty: boolean,
): Promise<GetPlan> {
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
      : resolveRange({ start: flags.start, end: flags.end });

  return {
    endpoint,
    format,
    range,
    id: documentId,
    fields,
    latest: flags.latest ?? false,
    sandbox,
  };
}

async function runGet(plan: GetPlan, command: Command): Promise<void> {
  const [
    { resolveContext, tokenProviderFor },
    { OuraClient },
    formatters,
    { streamSink },
    { progressLine },
  ] = await Promise.all([
    import('../context.js'),
    import('../../api/client.js'),
    import('../output/formatters.js'),
    import('../output/sink.js'),
    import('../output/progress.js'),
  ]);
  const ctx = resolveContext(command);
  // Integrations report that the sandbox accepts any bearer string; still send the
  // login's, since rate limits are shared with it.
  const token = await tokenProviderFor(ctx);
  const progress = progressLine();
  const client = new OuraClient({
    token,
    baseUrl: ctx.apiUrl,
    sandbox: plan.sandbox,
    onProgress: (p) => progress.update(p),
  });
  const sink = streamSink(process.stdout);
  const warn = (message: string) => process.stderr.write(`oura: ${message}\n`);
  const options = {
    type: plan.endpoint.type,
    fields: plan.fields,
    dayKey: plan.endpoint.dayKey,
    warn,
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
  const out = formatters.listFormatter(plan.format, sink, options);
  const listOptions = {
    ...(plan.fields ? { fields: plan.fields } : {}),
    ...(plan.latest ? { latest: true } : {}),
  };
  try {
    for await (const doc of client.list(type, plan.range, listOptions)) await out.write(doc);
  } finally {
    // Clear the progress line before anything else reaches the terminal.
    progress.done();
  }
  await out.end();
}
