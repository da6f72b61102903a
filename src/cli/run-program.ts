import { type Command, CommanderError } from 'commander';
import { ERROR_CODES } from '../error-codes.js';
import { exitCodeOf, OuraError } from '../errors.js';
import { isCorruption, REBUILD_HINT } from '../history/errors.js';
import { OutputClosedError } from './output/sink.js';

/** Parses argv, runs the command, and turns any failure into a message and the contract's exit code. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  // `oura get --help | head -1`: a reader that closes early is not an error.
  // Data commands see the same through their sink (OutputClosedError); this
  // covers help and other plain writes, which would otherwise crash on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

/** Prints an error for a person (never a stack for our own errors) and returns the exit code. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its own message already; help and version are successes.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return 0;
    return ERROR_CODES.USAGE.exitCode;
  }
  // `oura get … | head`: the reader has all it wanted.
  if (error instanceof OutputClosedError) return 0;
  if (error instanceof OuraError) {
    process.stderr.write(`oura: ${error.message}\n`);
    if (error.hint) process.stderr.write(`${error.hint}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Only the history is SQLite here. Readers name its file (history/errors.ts); this is for any that does not.
  if (isCorruption(error)) {
    process.stderr.write(`oura: the local history cannot be read (${message}).\n${REBUILD_HINT}\n`);
    return 1;
  }
  process.stderr.write(`oura: unexpected error: ${message}\n`);
  if (process.env.OURA_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  return exitCodeOf(error);
}
