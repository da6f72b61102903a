/**
 * Interactive questions, drawn on stderr so stdout stays clean for data.
 * Only used when stdin is a terminal; scripts pass flags or env variables.
 */
import { OuraError } from '../errors.js';
import type { CliIo } from './cli-io.js';

async function clack() {
  return import('@clack/prompts');
}

function cancelled(): OuraError {
  return new OuraError('CANCELLED', 'Cancelled.');
}

export function askText(
  io: CliIo,
  message: string,
  validate: (value: string) => string | undefined,
): Promise<string> {
  return ask(io, 'text', message, validate);
}

/** Hidden input: the typed characters are masked, never echoed. */
export function askSecret(
  io: CliIo,
  message: string,
  validate: (value: string) => string | undefined,
): Promise<string> {
  return ask(io, 'password', message, validate);
}

async function ask(
  io: CliIo,
  kind: 'text' | 'password',
  message: string,
  validate: (value: string) => string | undefined,
): Promise<string> {
  const prompts = await clack();
  const answer = await prompts[kind]({
    message,
    input: io.stdin,
    output: io.stderr,
    validate: (value) => validate((value ?? '').trim()),
  });
  if (prompts.isCancel(answer)) throw cancelled();
  return answer.trim();
}

/**
 * Asks for the passphrase of a sealed credential file, hidden; undefined when
 * there is no terminal to ask on. Used exactly as typed (no trimming), as
 * `OURA_STORE_PASSPHRASE` is.
 */
export async function askStorePassphrase(io: CliIo, path: string): Promise<string | undefined> {
  if (!io.canPrompt) return undefined;
  const prompts = await clack();
  const answer = await prompts.password({
    message: `Passphrase for ${path}`,
    input: io.stdin,
    output: io.stderr,
    validate: (value) => (value ? undefined : 'Type the passphrase, or press Ctrl-C.'),
  });
  if (prompts.isCancel(answer)) throw cancelled();
  return answer;
}

export async function askChoice<T extends string>(
  io: CliIo,
  message: string,
  choices: { value: T; label: string; hint?: string }[],
  initialValue: T,
): Promise<T> {
  const prompts = await clack();
  const answer = await prompts.select<T>({
    message,
    input: io.stdin,
    output: io.stderr,
    initialValue,
    // clack's option type differs by value kind; ours are plain strings.
    options: choices as Parameters<typeof prompts.select<T>>[0]['options'],
  });
  if (prompts.isCancel(answer)) throw cancelled();
  return answer;
}

/** Reads one line from stdin (paste mode), with the question on stderr. */
export async function readLine(io: CliIo, question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    io.stderr.write(question);
    return await rl.question('');
  } finally {
    rl.close();
  }
}

/** Reads all of stdin (for `--client-secret-stdin`). */
export async function readAllStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer | string));
  return Buffer.concat(chunks).toString('utf8');
}
