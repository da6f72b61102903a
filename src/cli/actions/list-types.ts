/** `oura types`: the data-type table, as a table on a terminal and JSON otherwise. */
import { UsageError } from '../../errors.js';
import { readProfile } from '../../store/config.js';
import type { CommandRun } from '../command-run.js';
import type { CliContext } from '../context.js';
import { typesReport } from '../output/types-report.js';
import { TYPES_FORMATS } from './types-flags.js';

export async function runTypes(
  run: CommandRun<{ format?: string; json?: boolean }>,
): Promise<void> {
  const { flags, io } = run;
  const format = flags.json ? 'json' : (flags.format ?? (io.stdout.isTTY ? 'table' : 'json'));
  if (!(TYPES_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${flags.format}"; use ${TYPES_FORMATS.join(' or ')}.`);
  }
  io.out(typesReport(format === 'json', await grantedScopes(await run.context())));
}

/**
 * The scopes the profile's login was granted, from its config (no keychain,
 * no network); unknown for a bare `OURA_ACCESS_TOKEN` or before any login.
 */
async function grantedScopes(ctx: CliContext): Promise<string[] | undefined> {
  if (ctx.env.OURA_ACCESS_TOKEN) return undefined;
  return (await readProfile(ctx.configDir, ctx.profile, { warn: ctx.notice }))?.grantedScopes;
}
