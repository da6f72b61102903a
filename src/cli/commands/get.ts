/**
 * `oura get TYPE [--start DAY] [--end DAY] [--id ID] [--fields a,b] [--latest]
 * [--sandbox] [--local] [--format table|json|ndjson|csv] [--raw-csv]`: flags and help; the
 * work is in `../actions/get.ts`.
 */
import type { Command } from 'commander';
import type { GetFlags } from '../actions/get-flags.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { RAW_CSV_HELP, withHelp } from '../help.js';

export function registerGet(program: Command, io: CliIo): void {
  withHelp(program.command('get'), {
    summary: 'Print Oura data of one type',
    description:
      'Prints every document of one data type (`oura types` lists them) for a range of local days: by default ' +
      'the 7 days ending today; --start alone runs through today; --end alone means the 7 days ending then. ' +
      'heartrate and ring_battery_level also take ISO datetimes (local time unless an offset is given; --end is exclusive).\n\n' +
      'Output is a table on a terminal and JSON otherwise; --format picks json, ndjson (streamed), csv or table. ' +
      'CSV is safe to open in a spreadsheet: a text cell starting with =, +, -, @, tab or CR (a formula to ' +
      "a spreadsheet) is written with a leading ' and quoted; --raw-csv writes it as it is, for programs. " +
      'With --fields, id and the day field are always kept besides the fields named: they identify and place ' +
      'each document (the table shows the day and the named fields).',
    examples: [
      'oura get daily_sleep',
      'oura get daily_readiness --start 2026-11-01 --end 2026-11-07 --format csv',
      'oura get heartrate --start 2026-11-24T10:00 --end 2026-11-24T12:00 --format ndjson',
      'oura get daily_activity --fields steps,score',
      'oura get workout --id DOCUMENT_ID',
    ],
  })
    .argument('<type>', 'data type as in the API, e.g. daily_sleep, heartrate, vO2_max')
    .option(
      '--start <day>',
      'first day: YYYY-MM-DD, today or yesterday (default: 6 days before --end); heartrate and ring_battery_level also take a datetime',
    )
    .option(
      '--end <day>',
      'last day (default: today); heartrate and ring_battery_level also take a datetime (exclusive)',
    )
    .option('--id <document_id>', 'one document by id')
    .option('--fields <list>', 'only these fields, comma-separated (id and day are always kept)')
    .option('--latest', 'only the most recent sample (heartrate, ring_battery_level)')
    .option('--sandbox', "Oura's sandbox (fake data) instead of your own")
    .option('--local', 'answer from the local history (see `oura sync`) instead of the API')
    .option(
      '--format <format>',
      'table, json, ndjson or csv (default: table on a terminal, json otherwise)',
    )
    .option('--raw-csv', RAW_CSV_HELP)
    .action(async (type: string, flags: Omit<GetFlags, 'type'>, command: Command) => {
      const { runGet } = await import('../actions/get.js');
      await runGet(commandRun(command, io, { ...flags, type }));
    });
}
