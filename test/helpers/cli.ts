import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
// The built code, as the binary runs it: the history's writer thread loads its worker file from dist/.
import { runOura } from '../../dist/cli/run-oura.js';
import { captureIo } from './in-process.js';
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
  /** What it printed so far (for a failure's message while it still runs). */
  printed(): { stdout: string; stderr: string };
}

/** The test's variables a CLI run sees: nothing that could point `oura` at a real account. */
const PASSED_THROUGH = [
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
];

/**
 * Environment for a CLI run: nothing inherited that could point `oura` at a
 * real account or the developer's keychain, unless the test passes it. Home,
 * XDG and temp dirs are the run's own (test/helpers/global-setup.ts), so a
 * CLI process never writes to the user's real dirs.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_THROUGH) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** How a run is made: the real `oura` binary in its own process, or the same code in the test's. */
export type CliMode = 'process' | 'in-process';

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  /**
   * `process` runs the real binary (end-to-end tests, signals, races between
   * processes). Left out, the run is in-process whenever that behaves the
   * same (see chooseMode), and a real process otherwise.
   */
  mode?: CliMode;
}

/**
 * Words that name a command living until a signal or handing the terminal to
 * a child (emulator, proxy, mcp, run, webhook listen, sync --every): only a
 * process can run those. Matched as whole words anywhere, global flags first or not.
 */
const PROCESS_WORDS = ['emulator', 'proxy', 'mcp', 'run', 'listen', 'serve', '--every'];

/** Variables the process itself reads (keychain, home, clock, zone): the test's own must match. */
const PROCESS_VARIABLES = PASSED_THROUGH.filter((name) => name !== 'PATH');

/**
 * In-process when nothing tells the two apart: the command ends on its own, and
 * the environment differs from the test's only in what the CLI reads through
 * its invocation (`OURA_*`, NO_COLOR), not in what the process reads itself.
 */
export function chooseMode(args: string[], env: NodeJS.ProcessEnv): CliMode {
  if (args.some((word) => PROCESS_WORDS.includes(word))) return 'process';
  for (const name of PROCESS_VARIABLES) {
    if (env[name] !== process.env[name]) return 'process';
  }
  for (const name of Object.keys(env)) {
    if (!name.startsWith('OURA_') && name !== 'NO_COLOR' && !PASSED_THROUGH.includes(name)) {
      return 'process';
    }
  }
  return 'in-process';
}

/**
 * Starts `oura ...args`: in-process when that behaves the same (chooseMode),
 * else `node bin/oura.js` as a real process, killed if still running when the
 * test ends (an assertion failed before the test stopped it).
 */
export function startCli(args: string[], options: CliOptions = {}): CliRun {
  const env = options.env ?? cleanEnv();
  const mode = options.mode ?? chooseMode(args, env);
  const output = watchedOutput();
  const started =
    mode === 'process'
      ? startProcess(args, env, options.input, output)
      : startInProcess(args, env, options.input, output);
  const result = started.exited.then((code) => {
    const leak = findLeak(args, output.text.stdout, output.text.stderr);
    if (leak) throw new Error(`oura ${args.join(' ')} printed ${leak}`);
    return { code, stdout: output.text.stdout, stderr: output.text.stderr };
  });
  const waitFor = (stream: OutputName, pattern: RegExp, timeoutMs: number) =>
    output.waitFor(stream, pattern, timeoutMs, result);
  return {
    result,
    stdin: started.stdin,
    pid: started.pid,
    kill: started.kill,
    waitForStderr: (pattern, timeoutMs = 15_000) => waitFor('stderr', pattern, timeoutMs),
    waitForStdout: (pattern, timeoutMs = 15_000) => waitFor('stdout', pattern, timeoutMs),
    printed: () => ({ ...output.text }),
  };
}

type OutputName = 'stdout' | 'stderr';

interface Started {
  exited: Promise<number | null>;
  stdin: NodeJS.WritableStream;
  pid: number | undefined;
  kill(signal?: NodeJS.Signals): void;
}

function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  input: string | undefined,
  output: WatchedOutput,
): Started {
  const child = trackChild(
    spawn(process.execPath, [OURA_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => output.add(stream, chunk.toString()));
  }
  if (input !== undefined) child.stdin.end(input);
  return {
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    stdin: child.stdin,
    pid: child.pid,
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}

function startInProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  input: string | undefined,
  output: WatchedOutput,
): Started {
  const captured = captureIo({ env, onText: (stream, chunk) => output.add(stream, chunk) });
  if (input !== undefined) captured.stdin.end(input);
  let running = true;
  // Let the streams deliver what was written last before the result is read.
  const exited = runOura(args, captured.io).then(
    (code) => new Promise<number>((resolve) => setImmediate(() => resolve(code))),
  );
  void exited.finally(() => {
    running = false;
  });
  return {
    exited,
    stdin: captured.stdin,
    pid: undefined,
    // No signal reaches an in-process run: a test that stops a run mid-way starts it with
    // { mode: 'process' }. Called from a `finally` after a failed assertion, this must not
    // hide that failure, so it only says so on stderr; the run ends by its own timeouts.
    kill: () => {
      if (running)
        process.stderr.write(`oura ${args.join(' ')}: an in-process run cannot be signalled\n`);
    },
  };
}

interface WatchedOutput {
  text: Record<OutputName, string>;
  add(stream: OutputName, chunk: string): void;
  waitFor(
    stream: OutputName,
    pattern: RegExp,
    timeoutMs: number,
    ended: Promise<unknown>,
  ): Promise<RegExpMatchArray>;
}

/** stdout and stderr as they arrive, and promises for the first line matching a pattern. */
function watchedOutput(): WatchedOutput {
  const text = { stdout: '', stderr: '' };
  const waiters: {
    stream: OutputName;
    pattern: RegExp;
    resolve: (m: RegExpMatchArray) => void;
  }[] = [];
  return {
    text,
    add(stream, chunk) {
      text[stream] += chunk;
      for (const waiter of waiters.filter((w) => w.stream === stream)) {
        const match = text[stream].match(waiter.pattern);
        if (match) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    },
    waitFor(stream, pattern, timeoutMs, ended) {
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
        const ended_ = () => {
          clearTimeout(timer);
          reject(
            new Error(`oura exited before ${stream} matched ${pattern}; stderr:\n${text.stderr}`),
          );
        };
        void ended.then(ended_, ended_);
      });
    },
  };
}

/**
 * Checked on every CLI run of the suite: the emulator's tokens and codes carry
 * a recognisable prefix, and its demo client's secret is known, so none may
 * appear in output — except a token on `auth token`'s stdout, and the demo
 * credentials that `oura emulator` prints for the user by design.
 */
const EMULATOR_SECRET = /emu_(at|rt|code)_[A-Za-z0-9_-]{8,}|oura-demo-secret/;

export function findLeak(args: string[], stdout: string, stderr: string): string | undefined {
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

/** Runs the CLI to completion (in-process when that behaves the same; see startCli). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
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
