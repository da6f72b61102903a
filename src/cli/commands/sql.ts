/**
 * `oura sql QUERY [--format table|json|ndjson|csv]` and `oura sql --schema`:
 * one read-only statement over the local history, printed like `oura get`.
 */
import type { Command } from 'commander';

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('Run one read-only SQL query over the local history (see `oura sync`).')
    .argument('[query]', 'one SELECT (or WITH … SELECT) statement')
    .option('--schema', 'print the views and their columns')
    .option(
      '--format <format>',
      'table, json, ndjson or csv (default: table on a terminal, json otherwise)',
    )
    .action(
      async (
        query: string | undefined,
        flags: { schema?: boolean; format?: string },
        command: Command,
      ) => {
        const { runSql } = await import('../actions/sql.js');
        await runSql(query, flags, command);
      },
    );
}
