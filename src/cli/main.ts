/**
 * Entry point of the `oura` command. Kept light on purpose: it loads only
 * commander and the command definitions; each command imports what it needs
 * (OAuth, keychain, emulator, MCP SDK) when it runs, so `oura --version` and
 * `oura --help` start nearly as fast as Node itself.
 */
import { packageVersion } from './package-version.js';

async function main(words: string[]): Promise<void> {
  // Fast path: scripts call `oura --version` to check the install.
  if (words.length === 1 && (words[0] === '--version' || words[0] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  // `oura get --help | head -1`: a reader that closes early is not an error.
  // Data commands see the same through their sink (OutputClosedError); this
  // covers help and other plain writes, which would otherwise crash on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  if (words.includes('sync')) {
    (await import('./v8-flags.js')).setProcessV8Flags(syncHeapFlags());
    (await import('../history/window-writer.js')).setWriterSemiSpace(syncWriterSemiSpaceMb());
  }
  const [{ runOura }, { processIo }] = await Promise.all([
    import('./run-oura.js'),
    import('./cli-io.js'),
  ]);
  process.exitCode = await runOura(words, processIo());
}

/**
 * How the sync's heaps are held. A backfill parses hundreds of MB of JSON that
 * dies young, and with the writer's worker thread there are two heaps: left
 * to itself V8 lets the old generations grow before collecting (a two-year
 * backfill in npm run bench: peak RSS ~185 MB). `--optimize-for-size` holds it
 * near 140 MB, but its memory-reducing collections also let go of the maps the
 * optimised code was built for: on Node 20 the series scan was compiled 17
 * times in one sync, which cost ~5-10% more CPU (noisy). There, growing the old
 * generation by 30% of what survives a full collection keeps ~140 MB without
 * that. On Node 24 the same flag leaves ~155 MB while `--optimize-for-size`
 * costs less, so newer V8s keep it (Node 20 and 24 measured, not 22).
 * Set by the process, not the sync: a program running `oura sync` in-process keeps its own.
 */
function syncHeapFlags(): string {
  return v8Major <= 11 ? '--heap-growing-percent=30' : '--optimize-for-size';
}

/**
 * The sync's writer thread starts with an 8 MB semi-space on Node 20 (see
 * setWriterSemiSpace): a two-year sync at 0 ms latency, alternating with the
 * default, 8 runs each: client CPU 2440 against 2760 ms (medians), peak RSS
 * 131-136 MB both ways. On Node 24 its peak RSS went from 144-146 MB to
 * 147-150 (5 runs each), at the edge of the 150 MB goal, so newer V8s keep the
 * default (Node 20 and 24 measured, not 22).
 */
function syncWriterSemiSpaceMb(): number | undefined {
  return v8Major <= 11 ? 8 : undefined;
}

const v8Major = Number(process.versions.v8.split('.')[0]);

await main(process.argv.slice(2));
