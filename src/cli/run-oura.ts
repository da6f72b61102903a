import { CommanderError } from 'commander';
import { ERROR_CODES } from '../error-codes.js';
import { exitCodeOf, OuraError } from '../errors.js';
import { isCorruption, REBUILD_HINT } from '../history/errors.js';
import type { CliIo } from './cli-io.js';
import { OutputClosedError } from './output/sink.js';
import { packageVersion } from './package-version.js';

/**
 * One `oura` invocation: parses `words` (the argv after `oura`), runs the
 * command with `io`'s streams, and answers the exit code, turning any failure
 * into a message. The binary passes the process's streams; tests pass their own.
 */
export async function runOura(words: readonly string[], io: CliIo): Promise<number> {
  const { buildProgram } = await import('./program.js');
  const program = await buildProgram(packageVersion(), io, words);
  try {
    await program.parseAsync([...words], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints an error for a person (never a stack for our own errors) and returns the exit code. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has printed its own message already; help and version are successes.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return 0;
    return ERROR_CODES.USAGE.exitCode;
  }
  // `oura get … | head`: the reader has all it wanted.
  if (error instanceof OutputClosedError) return 0;
  if (error instanceof OuraError) {
    io.stderr.write(`oura: ${error.message}\n`);
    if (error.hint) io.stderr.write(`${error.hint}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Only the history is SQLite here. Readers name its file (history/errors.ts); this is for any that does not.
  if (isCorruption(error)) {
    io.stderr.write(`oura: the local history cannot be read (${message}).\n${REBUILD_HINT}\n`);
    return 1;
  }
  io.stderr.write(`oura: unexpected error: ${message}\n`);
  if (io.env.OURA_DEBUG && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  }
  return exitCodeOf(error);
}
