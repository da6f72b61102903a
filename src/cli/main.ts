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
    (await import('./sync-heap.js')).applySyncHeap();
  }
  const [{ runOura }, { processIo }] = await Promise.all([
    import('./run-oura.js'),
    import('./cli-io.js'),
  ]);
  process.exitCode = await runOura(words, processIo());
}

await main(process.argv.slice(2));
