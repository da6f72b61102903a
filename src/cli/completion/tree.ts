/**
 * The command tree as plain data for the script generators: every command's
 * path, summary, subcommands and flags (with what their values complete to).
 * Read from the commander program, so a new command or flag is completed
 * without touching the generators.
 */
import type { Command } from 'commander';
import { argumentValues, optionValues, type ValueSpec } from './values.js';

export interface FlagSpec {
  /** Long name with dashes, e.g. `--format`. */
  long: string;
  /** Short name with its dash, e.g. `-f`, when there is one. */
  short?: string;
  description: string;
  /** Undefined when the flag is a switch. */
  value?: ValueSpec;
}

export interface CommandSpec {
  /** Words after `oura`: `[]` for the program itself, `['auth', 'login']`. */
  path: readonly string[];
  summary: string;
  flags: readonly FlagSpec[];
  subcommands: readonly CommandSpec[];
  /** What a positional argument completes to, when the command takes one. */
  argument?: ValueSpec;
}

/** `--help` is commander's own, on every command, and not in `command.options`. */
const HELP_FLAG: FlagSpec = {
  long: '--help',
  short: '-h',
  description: 'display help for command',
};

export function commandTree(command: Command, path: readonly string[] = []): CommandSpec {
  const joined = path.join(' ');
  const flags: FlagSpec[] = [];
  for (const option of command.options) {
    if (!option.long || option.hidden) continue;
    const takesValue = option.required || option.optional;
    flags.push({
      long: option.long,
      ...(option.short ? { short: option.short } : {}),
      description: option.description,
      ...(takesValue ? { value: optionValues(joined, option.long) } : {}),
    });
  }
  flags.push(HELP_FLAG);
  return {
    path,
    summary: command.summary() || command.description(),
    flags,
    subcommands: command.commands.map((sub) => commandTree(sub, [...path, sub.name()])),
    ...(command.registeredArguments.length > 0 ? { argument: argumentValues(joined) } : {}),
  };
}

/** Every command under (and including) `root`, parents first. */
export function allCommands(root: CommandSpec): CommandSpec[] {
  return [root, ...root.subcommands.flatMap(allCommands)];
}

/** The program's own flags that every command takes (`--profile`, `--quiet`, `--jq`); not `--version`. */
export function globalFlags(root: CommandSpec): FlagSpec[] {
  return root.flags.filter((flag) => flag !== HELP_FLAG && flag.long !== '--version');
}
