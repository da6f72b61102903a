/** `oura types`: the data-type table, as a table on a terminal and JSON otherwise. */
import { UsageError } from '../../errors.js';
import { typesReport } from '../output/types-report.js';

export function runTypes(flags: { format?: string; json?: boolean }): void {
  const format = flags.json ? 'json' : (flags.format ?? (process.stdout.isTTY ? 'table' : 'json'));
  if (format !== 'table' && format !== 'json') {
    throw new UsageError(`unknown format "${flags.format}"; use table or json.`);
  }
  process.stdout.write(typesReport(format === 'json'));
}
