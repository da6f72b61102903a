/**
 * `--jq EXPR`, as in `gh`: a jq expression applied to a command's
 * JSON output, by jq itself compiled to WebAssembly (`jq-wasm`), not a
 * shell-out. Strings come out raw (jq -r), as gh prints them.
 *
 * jq needs the whole document, so the invocation's stdout is swapped for a
 * gatherer while the command runs, and jq's answer is printed when it has finished.
 * A mistake in the expression is a usage error (exit 2) before any request.
 */

import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { OuraError, UsageError } from '../errors.js';
import type { CliIo } from './cli-io.js';

/** How each command with JSON output is asked for it. */
const JSON_OUTPUT: Readonly<Record<string, 'format' | 'json' | 'always'>> = {
  get: 'format',
  sql: 'format',
  api: 'always',
  'auth status': 'json',
  'auth list': 'json',
  'webhook list': 'json',
  sync: 'json',
  doctor: 'json',
  insights: 'json',
};

/**
 * Before the command runs: checks that it prints JSON (asking for JSON when
 * no other format was chosen) and that the expression compiles, then starts
 * gathering stdout.
 */
export async function startJq(
  command: Command,
  io: CliIo,
  path: string,
  expression: string,
): Promise<void> {
  const kind = JSON_OUTPUT[path];
  if (kind === undefined) {
    throw new UsageError(
      `--jq works on JSON output; \`oura ${path}\` has none. Commands with JSON output: ${Object.keys(JSON_OUTPUT).join(', ')}.`,
    );
  }
  if (kind === 'format') {
    const format = command.getOptionValue('format') as string | undefined;
    if (format !== undefined && format !== 'json') {
      throw new UsageError(
        `--jq reads JSON: use --format json (or leave --format out), not --format ${format}.`,
      );
    }
    command.setOptionValue('format', 'json');
  }
  if (kind === 'json') command.setOptionValue('json', true);
  const raw = await loadJq();
  await compileCheck(raw, expression);
  const stdout = io.stdout;
  const gathered = gatherer();
  io.stdout = gathered.stream;
  finishers.set(io, async () => {
    io.stdout = stdout;
    const text = gathered.text();
    if (text.trim() === '') return;
    let answer: string;
    try {
      answer = await raw(text, expression, ['-r']);
    } catch (error) {
      throw new OuraError('JQ_FAILED', `--jq: ${jqMessage(error)}`, {
        hint: 'The command ran; the expression did not fit its output. Run it without --jq to see the JSON.',
      });
    }
    if (answer !== '') io.out(`${answer}\n`);
  });
}

/** Restores stdout and prints jq's answer, for each invocation running with `--jq`. */
const finishers = new WeakMap<CliIo, () => Promise<void>>();

/** After the command: jq's answer, in place of the gathered JSON. */
export async function finishJq(io: CliIo): Promise<void> {
  const finish = finishers.get(io);
  finishers.delete(io);
  await finish?.();
}

type JqRaw = (data: string, filter: string, flags?: string[]) => Promise<string>;

/**
 * jq's `raw`, leaving `process.exitCode` alone: the WebAssembly runtime sets
 * it to jq's own exit status when jq returns, which would replace the
 * command's (doctor's 1, auth status's 4).
 */
async function loadJq(): Promise<JqRaw> {
  const { raw } = await import('jq-wasm');
  return async (data, filter, flags) => {
    const exitCode = process.exitCode;
    try {
      return await raw(data, filter, flags);
    } finally {
      process.exitCode = exitCode;
    }
  };
}

/** Runs the expression on `null`: only a compile error can fail it there for sure. */
async function compileCheck(raw: JqRaw, expression: string): Promise<void> {
  try {
    await raw('null', expression);
  } catch (error) {
    const message = jqMessage(error);
    if (/compile error/.test(message)) throw new UsageError(`--jq: ${message}`);
  }
}

function jqMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A stream that keeps what the command writes, for jq to read whole. */
function gatherer(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
