import type { Command } from 'commander';
import type { EmulatorFlags } from '../actions/emulator.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

/** `oura emulator`: flags and help; the work is in `../actions/emulator.ts`. */
export function registerEmulator(program: Command, io: CliIo): void {
  withHelp(program.command('emulator'), {
    summary: 'Run a local Oura stand-in for development',
    description:
      'Runs a local emulator of Oura (authorization server, consent page, data API with synthetic data, ' +
      'sandbox routes) until stopped, and prints the `export OURA_...=...` lines that point `oura` at it. ' +
      'Its demo client is registered already: no portal visit needed.\n\n' +
      'Faults on demand (latency, 5xx, 429, rate limits, short token lifetimes) help test scripts.\n\n' +
      'Planted effects (--plant) write known causes into the data: a tag that moves the next night ' +
      '(average_hrv, lowest_heart_rate, temperature_deviation) on every Nth day or with a probability, ' +
      'or a stretch of illness; every type that reads the night shows them alike.',
    examples: [
      'oura emulator > env.sh &   # then: . ./env.sh && oura auth login',
      'oura emulator --state ~/.cache/oura-emulator.json   # restarts keep the login',
      'oura emulator --port 0 --latency-ms 200 --failure-rate 0.1',
      'oura emulator --plant tag=tag_generic_alcohol,every=3,average_hrv=-8,lowest_heart_rate=3',
      'oura emulator --accounts 3   # sleeper1@example.com, sleeper2@... besides the demo sleeper',
    ],
  })
    .option('--port <n>', 'port on 127.0.0.1 (default 7878; 0 = random)')
    .option('--latency-ms <n>', 'answer each data request this many ms after it arrives')
    .option('--failure-rate <x>', 'fraction 0..1 of data requests answered 500/503')
    .option('--page-size <n>', 'documents per page (default 50; series 1000)')
    .option('--rate-limit <n>', 'requests per window per access token (default 5000)')
    .option('--rate-window <seconds>', 'rate limit window (default 300)')
    .option(
      '--app-rate-limit <n>',
      'requests per window per application, all its tokens together (default 5000)',
    )
    .option('--app-rate-window <seconds>', 'the application limit window (default 300)')
    .option('--access-token-ttl <seconds>', 'expires_in of access tokens (default 86400)')
    .option('--code-ttl <seconds>', 'authorization code lifetime (default 600)')
    .option(
      '--webhook-ttl <seconds>',
      'webhook subscription lifetime until renewed (default 90 days)',
    )
    .option('--force-429 <n>', 'answer the first N data requests with 429')
    .option(
      '--redirect-uri <uri>',
      'also accept this redirect URI for the demo client (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--edge-quirks', "emulate Oura's reported date-edge quirks")
    .option(
      '--state <file>',
      'keep the logins (tokens) in this owner-only file, so a restart keeps them (default: in memory only)',
    )
    .option(
      '--start-day <day>',
      "the account's first day with data, YYYY-MM-DD (default: 800 days ago)",
    )
    .option(
      '--plant <spec>',
      'plant a known effect into the data (repeatable), e.g. tag=tag_generic_alcohol,every=3,average_hrv=-8 or illness,start_days_ago=30,days=7,temperature_deviation=0.8,lowest_heart_rate=6',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--seed <text>', 'draw the synthetic data from this seed: another seed, another person')
    .option(
      '--accounts <n>',
      'hold N accounts, each its own person (default 1); the consent page lets you choose who signs in',
    )
    .option(
      '--hold-today <types>',
      "hold back today's documents of these types (e.g. sleep,daily_sleep) until POST /_emulator/held/... is undone",
    )
    .action(async (flags: EmulatorFlags, command: Command) => {
      const { runEmulator } = await import('../actions/emulator.js');
      await runEmulator(commandRun(command, io, flags));
    });
}
