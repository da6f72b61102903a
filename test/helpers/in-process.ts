/**
 * Streams for running the CLI in the test's own process (`runOura` with a
 * `CliIo`): the same command tree and actions as the `oura` binary, with what
 * it writes kept for the test instead of a child process's pipes.
 */
import { PassThrough } from 'node:stream';
import { CliIo } from '../../dist/cli/cli-io.js';

export interface CapturedIo {
  io: CliIo;
  /** The command's stdin: write to it, end it. */
  stdin: PassThrough;
  stdout(): string;
  stderr(): string;
}

/**
 * Streams that keep what is written (and pass each chunk to `onText`); `tty`
 * makes them report a terminal. `env` is the invocation's environment (by
 * default a copy of the test's).
 */
export function captureIo(
  options: {
    env?: NodeJS.ProcessEnv;
    tty?: boolean;
    onText?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  } = {},
): CapturedIo {
  const text = { stdout: '', stderr: '' };
  const isTTY = options.tty ?? false;
  const sink = (name: keyof typeof text) => {
    const stream = new PassThrough();
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text[name] += chunk;
      options.onText?.(name, chunk);
    });
    return Object.assign(stream, { isTTY });
  };
  const stdin = Object.assign(new PassThrough(), { isTTY });
  const io = new CliIo({
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    stdin,
    env: options.env ?? { ...process.env, NO_COLOR: '1' },
  });
  return { io, stdin, stdout: () => text.stdout, stderr: () => text.stderr };
}
