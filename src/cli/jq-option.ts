/**
 * `--jq EXPR`, as in `gh`: a jq expression applied to a command's
 * JSON output, by jq itself compiled to WebAssembly (`jq-wasm`), not a
 * shell-out. Strings come out raw (jq -r), as gh prints them.
 *
 * The commands print their JSON in their own ways (`out()`, a stream sink,
 * a direct write), and jq needs the whole document, so stdout is gathered
 * while the command runs and jq's answer is printed when it has finished.
 * A mistake in the expression is a usage error (exit 2) before any request.
 */
import type { Command } from 'commander';
import { OuraError, UsageError } from '../errors.js';

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

/** Restores stdout and prints jq's answer; set while a `--jq` command runs. */
let finish: (() => Promise<void>) | undefined;

/**
 * Before the command runs: checks that it prints JSON (asking for JSON when
 * no other format was chosen) and that the expression compiles, then starts
 * gathering stdout.
 */
export async function startJq(command: Command, path: string, expression: string): Promise<void> {
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
  const gathered = gatherStdout();
  finish = async () => {
    finish = undefined;
    const text = gathered.stop();
    if (text.trim() === '') return;
    let answer: string;
    try {
      answer = await raw(text, expression, ['-r']);
    } catch (error) {
      throw new OuraError('JQ_FAILED', `--jq: ${jqMessage(error)}`, {
        hint: 'The command ran; the expression did not fit its output. Run it without --jq to see the JSON.',
      });
    }
    if (answer !== '') process.stdout.write(`${answer}\n`);
  };
}

/** After the command: jq's answer, in place of the gathered JSON. */
export async function finishJq(): Promise<void> {
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

/** Replaces `process.stdout.write` with a gatherer until `stop()`, which restores it and returns the text. */
function gatherStdout(): { stop(): string } {
  const stdout = process.stdout;
  const original = stdout.write;
  const chunks: string[] = [];
  stdout.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as typeof stdout.write;
  return {
    stop() {
      stdout.write = original;
      return chunks.join('');
    },
  };
}
