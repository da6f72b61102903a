import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { trackChild } from './processes.js';
import { tempDir } from './temp.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const OURA_BIN = join(REPO_ROOT, 'bin', 'oura.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  /** Settles when the process exits. */
  result: Promise<CliResult>;
  /** Resolves with the first stderr line matching `pattern` (e.g. the authorize URL). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the first match of `pattern` in stdout so far (e.g. data has started). */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stdin: NodeJS.WritableStream;
  kill(signal?: NodeJS.Signals): void;
  pid: number | undefined;
}

/**
 * Environment for a CLI run: nothing inherited that could point `oura` at a
 * real account or the developer's keychain, unless the test passes it. Home,
 * XDG and temp dirs are the run's own (test/helpers/global-setup.ts), so a
 * CLI process never writes to the user's real dirs.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of [
    'PATH',
    'HOME',
    'DBUS_SESSION_BUS_ADDRESS',
    'XDG_RUNTIME_DIR',
    'XDG_CONFIG_HOME',
    'XDG_DATA_HOME',
    'XDG_CACHE_HOME',
    'XDG_STATE_HOME',
    'TMPDIR',
    'LANG',
    'TZ',
    // A pinned clock (src/clock.ts): the CLI must see the date the test sees.
    'OURA_NOW',
  ]) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Starts `node bin/oura.js ...args` as a real process. Still running when the
 * test ends (an assertion failed before the test stopped it), it is killed.
 */
export function startCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): CliRun {
  const child = trackChild(
    spawn(process.execPath, [OURA_BIN, ...args], {
      env: options.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const text = { stdout: '', stderr: '' };
  const waiters: {
    stream: keyof typeof text;
    pattern: RegExp;
    resolve: (m: RegExpMatchArray) => void;
  }[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => {
      text[stream] += chunk.toString();
      for (const waiter of waiters.filter((w) => w.stream === stream)) {
        const match = text[stream].match(waiter.pattern);
        if (match) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    });
  }
  if (options.input !== undefined) child.stdin.end(options.input);
  const result = new Promise<CliResult>((resolvePromise, reject) => {
    child.on('close', (code) => {
      const leak = findLeak(args, text.stdout, text.stderr);
      if (leak) reject(new Error(`oura ${args.join(' ')} printed ${leak}`));
      else resolvePromise({ code, stdout: text.stdout, stderr: text.stderr });
    });
  });
  const waitFor = (stream: keyof typeof text, pattern: RegExp, timeoutMs: number) => {
    const match = text[stream].match(pattern);
    if (match) return Promise.resolve(match);
    return new Promise<RegExpMatchArray>((resolvePromise, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no ${stream} line matching ${pattern} within ${timeoutMs} ms; ${stream} so far:\n${text[stream]}`,
            ),
          ),
        timeoutMs,
      );
      waiters.push({
        stream,
        pattern,
        resolve: (m) => {
          clearTimeout(timer);
          resolvePromise(m);
        },
      });
      void result.then(() => {
        clearTimeout(timer);
        reject(
          new Error(`process exited before ${stream} matched ${pattern}; stderr:\n${text.stderr}`),
        );
      });
    });
  };
  return {
    result,
    stdin: child.stdin,
    pid: child.pid,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    waitForStderr: (pattern, timeoutMs = 15_000) => waitFor('stderr', pattern, timeoutMs),
    waitForStdout: (pattern, timeoutMs = 15_000) => waitFor('stdout', pattern, timeoutMs),
  };
}

/**
 * Checked on every CLI run of the suite: the emulator's tokens and codes carry
 * a recognisable prefix, and its demo client's secret is known, so none may
 * appear in output — except a token on `auth token`'s stdout, and the demo
 * credentials that `oura emulator` prints for the user by design.
 */
const EMULATOR_SECRET = /emu_(at|rt|code)_[A-Za-z0-9_-]{8,}|oura-demo-secret/;

function findLeak(args: string[], stdout: string, stderr: string): string | undefined {
  const command = args
    .filter((arg) => !arg.startsWith('-'))
    .slice(0, 2)
    .join(' ');
  if (command.startsWith('emulator')) return undefined;
  const inStderr = stderr.match(EMULATOR_SECRET);
  if (inStderr) return `a secret on stderr (${inStderr[0].slice(0, 10)}…)`;
  const inStdout = stdout.match(EMULATOR_SECRET);
  const tokenOnPurpose = command === 'auth token' && inStdout?.[1] === 'at';
  if (inStdout && !tokenOnPurpose) return `a secret on stdout (${inStdout[0].slice(0, 10)}…)`;
  return undefined;
}

/** Runs the CLI to completion. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult> {
  return startCli(args, { input: '', ...options }).result;
}

/** A fresh config dir for one test (the CLI makes it owner-only), removed when the file ends. */
export async function tempConfigDir(): Promise<string> {
  return tempDir('oura-test-');
}

/**
 * The standing rule: no token, secret, code or state in anything the CLI
 * printed. Pass every secret value the test knows of.
 */
export function expectNoSecrets(
  result: Pick<CliResult, 'stdout' | 'stderr'>,
  secrets: (string | undefined)[],
): void {
  for (const secret of secrets) {
    if (!secret) continue;
    expect(result.stdout, 'a secret reached stdout').not.toContain(secret);
    expect(result.stderr, 'a secret reached stderr').not.toContain(secret);
  }
}
