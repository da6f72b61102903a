/**
 * Ports for servers whose address must be known before they start (a
 * redirect URI is registered with the emulator first). A port that
 * `listen(0)` handed out a moment ago lies in the kernel's ephemeral range,
 * where any other test's outgoing connection or `listen(0)` may take it before
 * our server binds it (seen in CI: "Port 34297 on 127.0.0.1 is already in
 * use"). These come from below that range, from a slice of their own for each
 * vitest worker, so neither the kernel nor another test file hands them out;
 * each is checked free when given.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;
/** More slices than vitest ever runs workers at once. */
const SLICES = 32;

function ephemeralStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    return Number(start) > LOWEST ? Number(start) : 32_768;
  } catch {
    return 32_768; // Linux's default; other systems' ranges start higher
  }
}

const sliceSize = Math.floor((ephemeralStart() - LOWEST) / SLICES);
const slice = (Number(process.env.VITEST_POOL_ID ?? 1) - 1) % SLICES;
const sliceStart = LOWEST + slice * sliceSize;
let next = 0;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that no other test and no ephemeral allocation will take. */
export async function freePort(): Promise<number> {
  for (let tried = 0; tried < sliceSize; tried++) {
    const port = sliceStart + (next++ % sliceSize);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${sliceStart}-${sliceStart + sliceSize - 1}`);
}
