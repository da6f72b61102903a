import type { Command } from 'commander';

/**
 * One help style for every command, after `gh`: a one-line summary in the
 * imperative (what the command list shows), a longer description (what
 * `--help` shows first), and examples after the options.
 */
export interface HelpText {
  /** Imperative, capitalised, no final period: "Print Oura data of one type". */
  summary: string;
  /** Sentences; paragraphs separated by blank lines. */
  description: string;
  /** Command lines, each optionally followed by `  # comment`. */
  examples: readonly string[];
}

export function withHelp(command: Command, help: HelpText): Command {
  return command
    .summary(help.summary)
    .description(help.description)
    .addHelpText(
      'after',
      `\nExamples:\n${help.examples.map((line) => `  $ ${line}`).join('\n')}\n`,
    );
}

/** `--raw-csv` of `get`, `sql` and `export`: one wording for the one behaviour (see output/csv.ts). */
export const RAW_CSV_HELP =
  "CSV text exactly as it is, for programs (default: a text cell starting with =, +, -, @, tab or CR gets a leading ' so a spreadsheet shows it instead of running it)";
