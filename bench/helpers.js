// What the benchmarks share: the emulator in its own process, and temp dirs
// that are removed when the run ends (they hold emulator tokens and histories).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the temp dir, removed when the bench process exits. */
export function benchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Starts the emulator in its own process, as the real API is on another
 * machine: in-process, its data generation would compete with the client for
 * the one JavaScript thread and blur what is measured.
 */
export async function startEmulatorProcess(options) {
  const script = `
    const { startEmulator } = await import(${JSON.stringify(new URL('../dist/emulator/index.js', import.meta.url).href)});
    const emulator = await startEmulator(${JSON.stringify(options)});
    process.stdout.write(JSON.stringify({ url: emulator.url, token: emulator.mintTokens().access_token, tokens: emulator.accounts.map((_, account) => emulator.mintTokens({ account }).access_token), env: emulator.env(), accounts: emulator.accounts.map((a) => ({ userId: a.userId, email: a.email })) }) + '\\n');
    // A line on stdin asks for the emulator's counters (requests, 429s) on stdout; the end of stdin closes it.
    process.stdin.on('data', () => process.stdout.write(JSON.stringify(emulator.stats) + '\\n'));
    process.stdin.on('end', () => emulator.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
  const { url, token, tokens, env, accounts } = JSON.parse(line);
  return {
    url,
    token,
    /** An access token for each account, in order. */
    tokens,
    /** The `OURA_*` variables that point a client at this emulator. */
    env,
    /** Who can sign in: `{ userId, email }` each. */
    accounts,
    /** The emulator's process id (for its CPU time). */
    pid: child.pid,
    /** The emulator's counters now: `apiRequests`, `rateLimited` and the rest (`EmulatorStats`). */
    stats: () =>
      new Promise((resolve) => {
        let out = '';
        const read = (chunk) => {
          out += chunk;
          if (!out.includes('\n')) return;
          child.stdout.off('data', read);
          resolve(JSON.parse(out.split('\n')[0]));
        };
        child.stdout.on('data', read);
        child.stdin.write('\n');
      }),
    close: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.stdin.end();
      }),
  };
}

/** Clock ticks per second of /proc's CPU times. */
const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU seconds a running process has used so far (user and system; Linux's /proc). */
export function cpuSeconds(pid) {
  // The command name may hold spaces: the fields counted are those after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

/** CPU seconds the whole machine has spent busy so far, all cores (Linux's /proc/stat). */
export function machineBusySeconds() {
  const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
  const [user, nice, system, , , irq, softirq, steal] = times.map(Number);
  return (user + nice + system + irq + softirq + steal) / ticks;
}
