/**
 * `oura run -- COMMAND` as a real process with a real login (file store)
 * against the emulator: the child reads data through the proxy, never holds a
 * token or the client secret, never sees the key in any argv, gets its exit
 * code passed on, and receives the signals. Every CLI run is also checked by
 * the helper for emulator tokens in its output (the child's output included).
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, type Emulator } from '../src/emulator/index.js';
import { runWithProxy } from '../src/proxy/run-command.js';
import {
  cleanEnv,
  expectNoSecrets,
  OURA_BIN,
  runCli,
  startCli,
  tempConfigDir,
} from './helpers/cli.js';
import { startLoggedInProfile, type TestProfile } from './helpers/login.js';
import { trackChild } from './helpers/processes.js';

let emulator: Emulator;
let profile: TestProfile;
let stored: { access_token: string; refresh_token: string };

beforeAll(async () => {
  ({ emulator, profile } = await startLoggedInProfile());
  const file = JSON.parse(
    await readFile(join(profile.configDir, 'credentials', 'default.json'), 'utf8'),
  );
  stored = JSON.parse(file.tokens);
});
afterAll(async () => emulator?.close());

/** `node -e SCRIPT` as the child of `oura run`. */
function runNode(script: string, env: NodeJS.ProcessEnv = profile.env) {
  return runCli(['run', '--', process.execPath, '-e', script], { env });
}

/** Every argv on the machine, from /proc (Linux). */
async function allArgv(): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const argv = await Promise.all(
    pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')),
  );
  return argv.map((line) => line.replaceAll('\0', ' '));
}

describe('oura run', () => {
  it('gives the child OURA_API_URL through which it reads the emulator user', async () => {
    const result = await runNode(
      "fetch(process.env.OURA_API_URL + '/v2/usercollection/personal_info').then((r) => r.json()).then((u) => console.log(u.email))",
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${emulator.user.email}\n`);
    // Successful requests are not logged; the child's output is its own.
    expect(result.stderr).toBe('');
    expectNoSecrets(result, [stored.access_token, stored.refresh_token, DEMO_CLIENT.clientSecret]);
  });

  it('withholds OURA_ACCESS_TOKEN and OURA_CLIENT_SECRET from the child; no variable holds a secret', async () => {
    const token = emulator.mintTokens().access_token;
    const result = await runNode('console.log(JSON.stringify(process.env))', {
      ...profile.env,
      OURA_ACCESS_TOKEN: token,
      OURA_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
    });
    expect(result.code, result.stderr).toBe(0);
    const childEnv = JSON.parse(result.stdout) as Record<string, string>;
    expect(childEnv.OURA_ACCESS_TOKEN).toBeUndefined();
    expect(childEnv.OURA_CLIENT_SECRET).toBeUndefined();
    expect(childEnv.OURA_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    expect(childEnv.OURA_CONFIG_DIR).toBe(profile.configDir);
    expectNoSecrets(result, [
      token,
      stored.access_token,
      stored.refresh_token,
      DEMO_CLIENT.clientSecret,
    ]);
  });

  it('logs a refused request on stderr and the child sees 401', async () => {
    const result = await runNode(
      "fetch(process.env.OURA_API_URL.replace(/\\/[^/]+$/, '') + '/v2/usercollection/personal_info').then((r) => console.log(r.status))",
    );
    expect(result.stdout).toBe('401\n');
    expect(result.stderr).toMatch(
      /^oura run: GET \/v2\/usercollection\/personal_info 401 \d+ms \(missing or wrong proxy key\)$/m,
    );
  });

  it("passes on the child's exit code, and 128 + N when a signal ended it", async () => {
    expect((await runNode('process.exit(7)')).code).toBe(7);
    expect((await runNode("process.kill(process.pid, 'SIGKILL')")).code).toBe(137);
  });

  it('exits 1 naming a program that cannot be started', async () => {
    const result = await runCli(['run', '--', 'no-such-program-oura-test'], { env: profile.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not start "no-such-program-oura-test": not found');
  });

  it('exits 2 without a command and 4 without a login, running nothing', async () => {
    expect((await runCli(['run', '--'], { env: profile.env })).code).toBe(2);
    const configDir = await tempConfigDir();
    const marker = join(configDir, 'ran');
    const result = await runCli(
      [
        'run',
        '--',
        process.execPath,
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`,
      ],
      { env: cleanEnv({ OURA_CONFIG_DIR: configDir, OURA_API_URL: emulator.url }) },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/Not logged in/);
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });

  it.skipIf(process.platform !== 'linux')(
    'keeps the key out of every argv; SIGTERM reaches the child and its code comes back',
    async () => {
      const run = startCli(
        [
          'run',
          '--',
          process.execPath,
          '-e',
          "process.on('SIGTERM', () => process.exit(42)); console.error('ready ' + process.env.OURA_API_URL.split('/').pop()); setInterval(() => {}, 1000)",
        ],
        { env: profile.env },
      );
      const [, key = ''] = await run.waitForStderr(/^ready (\S+)$/m);
      expect(key).toHaveLength(43);
      const argv = await allArgv();
      expect(argv.some((line) => line.includes('OURA_API_URL'))).toBe(true); // the child's own script
      expect(argv.filter((line) => line.includes(key))).toEqual([]);
      run.kill('SIGTERM');
      expect((await run.result).code).toBe(42);
    },
  );

  it('Ctrl-C (SIGINT to the whole process group) reaches the child; oura exits with its code', async () => {
    // A group of its own, as a shell's job: killed whole should the test fail before Ctrl-C.
    const child = trackChild(
      spawn(
        process.execPath,
        [
          OURA_BIN,
          'run',
          '--',
          process.execPath,
          '-e',
          "process.on('SIGINT', () => { process.exitCode = 5; setTimeout(() => process.exit(), 50); }); console.error('ready'); setInterval(() => {}, 1000)",
        ],
        { env: profile.env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
      ),
      { group: true },
    );
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()),
    );
    process.kill(-(child.pid as number), 'SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(5);
  });

  it('a child that ignores nothing dies of SIGTERM; oura exits 143', async () => {
    const run = startCli(
      ['run', '--', process.execPath, '-e', "console.error('ready'); setInterval(() => {}, 1000)"],
      { env: profile.env },
    );
    await run.waitForStderr(/^ready$/m);
    run.kill('SIGTERM');
    expect((await run.result).code).toBe(143);
  });
});

describe('runWithProxy (library)', () => {
  it('stops the proxy once the child has exited', async () => {
    const configDir = await tempConfigDir();
    const portFile = join(configDir, 'port');
    const code = await runWithProxy({
      command: process.execPath,
      args: [
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(portFile)}, new URL(process.env.OURA_API_URL).port)`,
      ],
      env: { PATH: process.env.PATH },
      apiUrl: emulator.url,
      token: emulator.mintTokens().access_token,
    });
    expect(code).toBe(0);
    const port = Number(await readFile(portFile, 'utf8'));
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
