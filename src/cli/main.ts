/**
 * Entry point of the `oura` command. Kept light on purpose: it loads only
 * commander and the command definitions; each command imports what it needs
 * (OAuth, keychain, emulator, MCP SDK) when it runs, so `oura --version` and
 * `oura --help` start nearly as fast as Node itself.
 */
import { readFileSync } from 'node:fs';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

async function main(argv: string[]): Promise<void> {
  // Fast path: scripts call `oura --version` to check the install.
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const { buildProgram } = await import('./program.js');
  const { runProgram } = await import('./run-program.js');
  await runProgram(await buildProgram(packageVersion(), argv), argv);
}

await main(process.argv);
