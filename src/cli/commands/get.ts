/**
 * `oura get TYPE [--start DAY] [--end DAY] [--id ID] [--fields a,b] [--latest]
 * [--sandbox] [--format table|json|ndjson|csv]` (CLI-CONTRACT.md). Usage errors
 * are raised before any credential lookup or request.
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
  local?: boolean;
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
  /** Answer from the local history instead of the API. */
  local: boolean;
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
    .option('--local', 'answer from the local history (see `oura sync`) instead of the API')
    .option(
      '--format <format>',
      'table, json, ndjson or csv (default: table on a terminal, json otherwise)',
    )
    .action(async (type: string, flags: GetFlags, command: Command) => {
      const plan = await planGet(type, flags, Boolean(process.stdout.isTTY));
      if (plan.local) {
        const { runLocalGet } = await import('../actions/get-local.js');
        await runLocalGet(plan, command);
      } else await runGet(plan, command);
    });
}

/** Checks the flags against the endpoint table; throws UsageError (exit 2) on any mistake. */
export async function planGet(
  type: string,
  flags: GetFlags,
  stdoutIsTty: boolean,
): Promise<GetPlan> {
  const [
    { UsageError },
    { DATA_TYPES, endpointOf, isDataType, queryParamsOf },
    { FORMATS },
    { resolveRange },
  ] = await Promise.all([
    import('../../errors.js'),
    import('../../api/endpoints.js'),
    import('../output/formatters.js'),
    import('../dates.js'),
  ]);

  const format = (flags.format ?? (stdoutIsTty ? 'table' : 'json')) as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${flags.format}"; use one of: ${FORMATS.join(', ')}.`);
  }
  if (!isDataType(type)) {
    const near = DATA_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    throw new UsageError(
      near
        ? `unknown data type "${type}"; did you mean "${near}"?`
        : `unknown data type "${type}". Valid types: ${DATA_TYPES.join(', ')}.`,
      { hint: 'Run `oura types` to see each type with its scope and parameters.' },
    );
  }
  const endpoint = endpointOf(type);
  const sandbox = flags.sandbox ?? false;
  const params = queryParamsOf(type, sandbox);
  const hasDates = flags.start !== undefined || flags.end !== undefined;

  if (sandbox && flags.local) {
    throw new UsageError('--local reads your own history: leave out --sandbox.');
  }
  if (sandbox && endpoint.sandboxQuery === null) {
    throw new UsageError(`${type} has no sandbox route.`);
  }
  if (flags.id !== undefined) {
    if (!endpoint.documentRoute) {
      throw new UsageError(`${type} has no single-document route, so --id cannot be used with it.`);
    }
    if (hasDates || flags.latest) {
      throw new UsageError('--id fetches one document: leave out --start, --end and --latest.');
    }
    if (flags.id.trim() === '') throw new UsageError('--id needs a document id.');
  }
  if (flags.latest && !params.includes('latest')) {
    throw new UsageError(
      sandbox && endpoint.query.includes('latest')
        ? `--latest is not available on the sandbox route of ${type}.`
        : `${type} does not support --latest (only heartrate and ring_battery_level do).`,
    );
  }
  if (flags.latest && hasDates) {
    throw new UsageError('--latest asks for the most recent sample: leave out --start and --end.');
  }
  if (endpoint.kind === 'none' && hasDates) {
    throw new UsageError(`${type} is not organised by day: leave out --start and --end.`);
  }
  let fields: string[] | undefined;
  if (flags.fields !== undefined) {
    if (type === 'personal_info') throw new UsageError('personal_info does not take --fields.');
    fields = flags.fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (fields.length === 0 || fields.some((f) => !/^[A-Za-z0-9_.]+$/.test(f))) {
      throw new UsageError(`--fields "${flags.fields}" should be field names separated by commas.`);
    }
  }
  const range =
    endpoint.kind === 'none' || flags.id !== undefined || flags.latest
      ? undefined
      : resolveRange({ start: flags.start, end: flags.end });

  return {
    endpoint,
    format,
    range,
    id: flags.id?.trim(),
    fields,
    latest: flags.latest ?? false,
    sandbox,
    local: flags.local ?? false,
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
  // The sandbox accepts any bearer string ([field]); still use the login so rate limits are the user's.
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

  try {
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
    for await (const doc of client.list(type, plan.range, listOptions)) await out.write(doc);
    progress.done();
    await out.end();
  } finally {
    progress.done();
  }
}
