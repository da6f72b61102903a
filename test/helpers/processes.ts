/**
 * What a test starts stops when the test ends, whether its assertions passed
 * or not: child processes (the CLI, `oura emulator`, Prism, `script`) and
 * anything else registered with a stop function (servers, browsers). Started
 * inside a test (or its beforeEach), it is stopped after that test; started in
 * a beforeAll or when the file loads, after the file's last test. The hooks
 * that run the stops are in test/helpers/cleanup.ts (a setupFile of every test
 * file). A test may still stop what it started itself: stopping twice is fine.
 */
import type { ChildProcess } from 'node:child_process';

type Stop = () => unknown;

const forTest = new Set<Stop>();
const forFile = new Set<Stop>();
let inTest = false;

/** How long a process gets to end after SIGTERM before it gets SIGKILL. */
const GRACE_MS = 5_000;

/** Registers `stop` for the end of the current test, or of the file outside a test; returns an unregister. */
export function onCleanup(stop: Stop): () => void {
  const scope = inTest ? forTest : forFile;
  scope.add(stop);
  return () => scope.delete(stop);
}

/**
 * Kills `child` at the end of the test (or file) unless it has exited by then:
 * SIGTERM (and SIGCONT, should a test have stopped it), then SIGKILL after a
 * grace period. `group`: the child leads a process group of its own (spawned
 * `detached`), and the whole group is signalled, so its children go too.
 */
export function trackChild<T extends ChildProcess>(child: T, options: { group?: boolean } = {}): T {
  const pid = child.pid;
  if (pid === undefined) return child; // It never started ('error' tells the test why).
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      if (options.group) process.kill(-pid, name);
      else child.kill(name);
    } catch {
      // Gone already (ESRCH).
    }
  };
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const running = () =>
    (child.exitCode === null && child.signalCode === null) || (options.group && groupAlive());
  const stop = async () => {
    if (!running()) return;
    signal('SIGTERM');
    signal('SIGCONT');
    if (await within(exited, GRACE_MS)) {
      if (!options.group || !groupAlive()) return;
    }
    signal('SIGKILL');
    await within(exited, GRACE_MS);
  };
  const unregister = onCleanup(stop);
  if (!options.group) void exited.then(unregister);
  return child;
}

/** Whether `promise` settles within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function stopAll(scope: Set<Stop>): Promise<void> {
  const stops = [...scope].reverse();
  scope.clear();
  const results = await Promise.allSettled(stops.map(async (stop) => stop()));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (errors.length > 0) throw new AggregateError(errors, 'stopping what the test started failed');
}

/** beforeEach of every test file: what starts now belongs to the test. */
export function enterTest(): void {
  inTest = true;
}

/** afterEach of every test file. */
export async function leaveTest(): Promise<void> {
  inTest = false;
  await stopAll(forTest);
}

/** afterAll of every test file. */
export async function leaveFile(): Promise<void> {
  await stopAll(forFile);
}
