/**
 * `oura types [--json]`: every data type with the scope it needs, the
 * parameters its route takes, and whether `--id` works — read from the one
 * endpoint table (src/api/endpoints.ts).
 */
import type { Command } from 'commander';

export function registerTypes(program: Command): void {
  program
    .command('types')
    .description('List the Oura data types with their scope and parameters.')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const { typesReport } = await import('../output/types-report.js');
      process.stdout.write(typesReport(flags.json ?? false));
    });
}
