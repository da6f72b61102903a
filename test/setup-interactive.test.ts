/**
 * The interactive path of `oura setup`, driven in a real pseudo-terminal.
 *
 * The prompts (@clack/prompts) only appear when stdin and stderr are TTYs, so
 * the CLI runs under util-linux `script`, which gives it a pty and relays our
 * stdin pipe to the terminal and the terminal's output to our stdout pipe.
 * Keys are typed only once the prompt they answer is drawn: by then clack has
 * put the terminal in raw mode, so the line discipline echoes nothing and a
 * Ctrl-C byte reaches the prompt instead of becoming SIGINT.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanEnv,
  expectNoSecrets,
  OURA_BIN,
  REPO_ROOT,
  runCli,
  tempConfigDir,
} from './helpers/cli.js';
import { trackChild } from './helpers/processes.js';
import { peerAvailable } from './helpers/requirements.js';

const COLUMNS = 120;
const LINES = 40;
/** Per prompt: the first includes starting Node under `script`, seconds on a loaded machine. */
const WAIT_MS = 15_000;

/** util-linux `script` (Debian: bsdutils, an Essential package); BSD/macOS `script` differs. */
function utilLinuxScriptAvailable(): boolean {
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /util-linux/.test(`${probe.stdout}${probe.stderr}`);
}

const haveScript = peerAvailable(
  'util-linux script (a pseudo-terminal)',
  utilLinuxScriptAvailable(),
  'apt-get install -y bsdutils',
);

// CSI / OSC / other two-byte escapes, as clack and the terminal emit them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

function stripAnsi(text: string): string {
  return text.replace(ANSI, '').replace(/\r/g, '');
}

const KEY = {
  enter: '\r',
  down: '\x1b[B',
  ctrlC: '\x03',
} as const;

interface PtyRun {
  /** Everything the terminal showed so far, raw (with escapes). */
  raw(): string;
  /**
   * Waits until `pattern` appears in the ANSI-stripped output after the
   * previous match (so a prompt's text in the instructions, or an earlier
   * rendering of it, does not count), then moves past it.
   */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  type(keys: string): void;
  result: Promise<{ code: number | null; raw: string; text: string }>;
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Starts `node bin/oura.js ...args` on a fresh pty of COLUMNS x LINES, killed when the test ends. */
function startInPty(args: string[], env: NodeJS.ProcessEnv): PtyRun {
  const command = [
    `stty cols ${COLUMNS} rows ${LINES}`,
    `exec ${[process.execPath, OURA_BIN, ...args].map(shellQuote).join(' ')}`,
  ].join(' && ');
  // -q: no start/done banner; -f: flush as it comes; -e: exit with the child's code.
  const child = trackChild(
    spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: { ...env, SHELL: '/bin/sh', TERM: 'xterm', COLUMNS: `${COLUMNS}`, LINES: `${LINES}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  let raw = '';
  let cursor = 0;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = false;
  const result = new Promise<{ code: number | null; raw: string; text: string }>((resolve) => {
    child.on('close', (code) => {
      exited = true;
      for (const listener of [...listeners]) listener();
      resolve({ code, raw, text: stripAnsi(raw) });
    });
  });

  return {
    raw: () => raw,
    result,
    type(keys) {
      child.stdin.write(keys);
    },
    waitFor(pattern, timeoutMs = WAIT_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = stripAnsi(raw);
          const match = text.slice(cursor).match(pattern);
          if (match) {
            cursor += (match.index ?? 0) + match[0].length;
            done();
            resolve(match);
          } else if (exited) {
            done();
            reject(new Error(`the CLI exited before ${pattern} appeared; screen:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `${pattern} did not appear within ${timeoutMs} ms; screen:\n${stripAnsi(raw)}`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Types `text` one key at a time, as a person (or a paste into a raw terminal) would. */
function typeText(run: PtyRun, text: string): void {
  for (const char of text) run.type(char);
}

// The active prompt's marker (◆) before its message: the instructions also
// mention "Client ID", so match the drawn prompt, not any text.
const PROMPT = {
  clientId: /◆\s+Client ID\n/,
  secret: /◆\s+Client secret \(hidden\)\n/,
  server: /◆\s+Where did you create the application\?\n/,
};

async function status(configDir: string) {
  const env = cleanEnv({ OURA_CONFIG_DIR: configDir, OURA_CREDENTIAL_STORE: 'file' });
  const result = await runCli(['auth', 'status', '--json'], { env });
  return { result, report: JSON.parse(result.stdout) };
}

describe.skipIf(!haveScript)('oura setup, interactive, in a pseudo-terminal', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function setupRun() {
    const configDir = await tempConfigDir();
    dirs.push(configDir);
    const env = cleanEnv({ OURA_CONFIG_DIR: configDir, OURA_CREDENTIAL_STORE: 'file' });
    return { configDir, run: startInPty(['setup', '--no-browser', '--no-login'], env) };
  }

  async function expectStored(
    configDir: string,
    clientId: string,
    secret: string,
    authServer: string,
  ) {
    const { result, report } = await status(configDir);
    expect(report, result.stderr).toMatchObject({
      client_id: clientId,
      auth_server: authServer,
      store: 'file',
      logged_in: false,
    });
    expectNoSecrets(result, [secret]);
    const credentials = JSON.parse(
      await readFile(join(configDir, 'credentials', 'default.json'), 'utf8'),
    );
    expect(credentials['client-secret']).toBe(secret);
    const config = await readFile(join(configDir, 'config.json'), 'utf8');
    expect(config).toContain(clientId);
    expect(config).not.toContain(secret);
  }

  /** Types the client ID, then the secret at the hidden prompt, waiting for each to be drawn. */
  async function answerCredentials(run: PtyRun, clientId: string, secret: string): Promise<void> {
    await run.waitFor(PROMPT.clientId);
    typeText(run, clientId);
    await run.waitFor(new RegExp(`│\\s+${clientId}`));
    run.type(KEY.enter);
    await run.waitFor(PROMPT.secret);
    typeText(run, secret);
    // Each typed character shows as a mask; wait for all of them.
    await run.waitFor(new RegExp(`│\\s+▪{${secret.length}}`));
    run.type(KEY.enter);
  }

  it('asks for the client ID, the hidden secret and the server (default: oura)', async () => {
    const clientId = 'interactive-client-7f3a';
    const secret = 'Sup3rS3cretValue9';
    const { configDir, run } = await setupRun();

    await answerCredentials(run, clientId, secret);

    await run.waitFor(PROMPT.server);
    await run.waitFor(/● developer\.ouraring\.com/);
    run.type(KEY.enter);

    const done = await run.result;
    expect(done.code, done.text).toBe(0);
    expect(done.text).toMatch(/◇\s+Client ID\n│\s+interactive-client-7f3a\n/);
    expect(done.text).toMatch(
      /◇\s+Where did you create the application\?\n│\s+developer\.ouraring\.com/,
    );
    expect(done.text).toContain('Saved the client for profile "default"');
    expect(done.text).toContain('Next: `oura auth login`.');
    // Not echoed: neither by the terminal nor by the prompt, in any form.
    expect(done.raw).not.toContain(secret);
    expect(done.text).not.toContain(secret);
    expect(done.text).toContain('▪'.repeat(secret.length));

    await expectStored(configDir, clientId, secret, 'oura');
  });

  it('moves down to the legacy server with the arrow key', async () => {
    const clientId = 'legacy-client-42';
    const secret = 'LegacyS3cret!xyz';
    const { configDir, run } = await setupRun();

    await answerCredentials(run, clientId, secret);

    await run.waitFor(PROMPT.server);
    run.type(KEY.down);
    await run.waitFor(/● cloud\.ouraring\.com\/oauth\/applications/);
    run.type(KEY.enter);

    const done = await run.result;
    expect(done.code, done.text).toBe(0);
    expect(done.text).toMatch(
      /◇\s+Where did you create the application\?\n│\s+cloud\.ouraring\.com\/oauth\/applications/,
    );
    expect(done.raw).not.toContain(secret);

    await expectStored(configDir, clientId, secret, 'legacy');
  });

  it('re-asks for an empty client ID with the validation message', async () => {
    const clientId = 'after-empty-1';
    const secret = 'AfterEmptyS3cret';
    const { configDir, run } = await setupRun();

    await run.waitFor(PROMPT.clientId);
    run.type(KEY.enter);
    await run.waitFor(/The client ID cannot be empty\./);
    // Still the same prompt: typing clears the error and the answer is taken.
    typeText(run, clientId);
    await run.waitFor(PROMPT.clientId);
    await run.waitFor(new RegExp(`│\\s+${clientId}`));
    run.type(KEY.enter);

    await run.waitFor(PROMPT.secret);
    typeText(run, secret);
    await run.waitFor(new RegExp(`│\\s+▪{${secret.length}}`));
    run.type(KEY.enter);
    await run.waitFor(PROMPT.server);
    run.type(KEY.enter);

    const done = await run.result;
    expect(done.code, done.text).toBe(0);
    expect(done.raw).not.toContain(secret);
    await expectStored(configDir, clientId, secret, 'oura');
  });

  it.each([
    ['the client ID prompt', 0],
    ['the hidden secret prompt', 1],
    ['the server choice', 2],
  ])('Ctrl-C at %s exits non-zero with "Cancelled" and stores nothing', async (_name, stage) => {
    const secret = 'NeverStoredS3cret';
    const { configDir, run } = await setupRun();

    await run.waitFor(PROMPT.clientId);
    if (stage >= 1) {
      typeText(run, 'cancelled-client');
      await run.waitFor(/│\s+cancelled-client/);
      run.type(KEY.enter);
      await run.waitFor(PROMPT.secret);
    }
    if (stage >= 2) {
      typeText(run, secret);
      await run.waitFor(new RegExp(`│\\s+▪{${secret.length}}`));
      run.type(KEY.enter);
      await run.waitFor(PROMPT.server);
    }
    run.type(KEY.ctrlC);

    const done = await run.result;
    expect(done.code, done.text).not.toBe(0);
    expect(done.code, done.text).not.toBeNull();
    expect(done.text).toContain('Cancelled');
    expect(done.text).not.toContain('Saved the client');
    expect(done.raw).not.toContain(secret);

    expect(existsSync(join(configDir, 'config.json'))).toBe(false);
    expect(existsSync(join(configDir, 'credentials', 'default.json'))).toBe(false);
    expect(await readdir(configDir)).toEqual([]);
    const { report } = await status(configDir);
    expect(report).toMatchObject({ client_id: null, auth_server: null });
  });
});
