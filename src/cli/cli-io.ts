/**
 * The streams and environment of one `oura` invocation (gh's IOStreams): the
 * process's own for the real command, captured ones when a test or another
 * program runs the CLI in-process. Nothing in `cli/` writes to
 * `process.stdout` or reads `process.env` behind it.
 */
import type { Readable, Writable } from 'node:stream';

export type OutStream = Writable & { isTTY?: boolean; columns?: number };
export type InStream = Readable & { isTTY?: boolean };

export interface CliStreams {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: NodeJS.ProcessEnv;
}

export class CliIo {
  /** Data goes here. `--jq` swaps it for a gatherer while the command runs (jq-option.ts). */
  stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: InStream;
  readonly env: NodeJS.ProcessEnv;
  /** `--quiet`: no progress and no notices; errors and warnings are still printed. */
  quiet = false;
  /**
   * The exit status a command asks for without failing: doctor's 1, auth
   * status's 4, the child's status under `oura run`. An error overrides it.
   */
  exitCode = 0;

  constructor(streams: CliStreams) {
    this.stdout = streams.stdout;
    this.stderr = streams.stderr;
    this.stdin = streams.stdin;
    this.env = streams.env;
  }

  /** Messages for people go to stderr; stdout carries data only. */
  readonly notice = (line: string): void => {
    if (!this.quiet) this.stderr.write(`${line}\n`);
  };

  /** A warning (`oura: …`) on stderr, shown even with `--quiet`. */
  readonly warn = (message: string): void => {
    this.stderr.write(`oura: ${message}\n`);
  };

  /** Writes data to stdout. */
  readonly out = (text: string): void => {
    this.stdout.write(text);
  };

  /** True when colour is wanted on stderr: a terminal, and NO_COLOR unset. */
  get colour(): boolean {
    return Boolean(this.stderr.isTTY) && !this.env.NO_COLOR;
  }

  readonly bold = (text: string): string => (this.colour ? `\u001b[1m${text}\u001b[22m` : text);

  /** Questions may be asked: both the keyboard and the screen are a terminal. */
  get canPrompt(): boolean {
    return Boolean(this.stdin.isTTY && this.stderr.isTTY);
  }
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return new CliIo({
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
}
