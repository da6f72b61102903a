import { Command } from 'commander';
import type { CliIo } from './cli-io.js';

type Register = (program: Command, io: CliIo) => void;

const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  api: async () => (await import('./commands/api.js')).registerApi,
  auth: async () => (await import('./commands/auth.js')).registerAuth,
  completion: async () => (await import('./commands/completion.js')).registerCompletion,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  doctor: async () => (await import('./commands/doctor.js')).registerDoctor,
  emulator: async () => (await import('./commands/emulator.js')).registerEmulator,
  export: async () => (await import('./commands/export.js')).registerExport,
  get: async () => (await import('./commands/get.js')).registerGet,
  insights: async () => (await import('./commands/insights.js')).registerInsights,
  mcp: async () => (await import('./commands/mcp.js')).registerMcp,
  proxy: async () => (await import('./commands/proxy.js')).registerProxy,
  report: async () => (await import('./commands/report.js')).registerReport,
  run: async () => (await import('./commands/run-child.js')).registerRun,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  setup: async () => (await import('./commands/setup.js')).registerSetup,
  skill: async () => (await import('./commands/skill.js')).registerSkill,
  sql: async () => (await import('./commands/sql.js')).registerSql,
  sync: async () => (await import('./commands/sync.js')).registerSync,
  types: async () => (await import('./commands/list-types.js')).registerTypes,
  webhook: async () => (await import('./commands/webhook.js')).registerWebhook,
};

/**
 * The whole command tree. One layout for every command: `commands/<verb>.ts`
 * declares its flags and help, and its action imports `actions/<verb>.ts`
 * (the behaviour, over the library) only when it runs, so start-up stays fast.
 * Given the words about to be parsed, only the command it names is declared
 * (all of them for help, a typo, or no command): a one-request command does
 * not pay for reading every other command's definition.
 */
export async function buildProgram(
  version: string,
  io: CliIo,
  words?: readonly string[],
): Promise<Command> {
  const program = new Command('oura')
    .description(
      'Connect your Oura Ring account to this machine: log in once, then read your data from the command line, scripts and AI assistants.\n\nStart with `oura setup`; `oura <command> --help` explains each command.',
    )
    .version(version)
    .option('--profile <name>', 'profile to use (env OURA_PROFILE)')
    .option('--quiet', 'no progress or notices on stderr (errors are still printed)')
    .option(
      '--jq <expression>',
      'apply a jq expression to the JSON output (get, sql, api, --json commands)',
    )
    .showHelpAfterError('(add --help to the command for its usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    // Set before the subcommands exist: they inherit it, so their parse errors
    // reach runProgram and get the contract's exit code 2.
    .exitOverride()
    // Before any command: a mistyped --profile is named as such (profile-check.ts),
    // and --quiet and --jq take effect.
    .hook('preAction', async (_program, action) => {
      const globals = action.optsWithGlobals<{ quiet?: boolean; jq?: string }>();
      if (globals.quiet) io.quiet = true;
      const { assertProfileExists, commandPath } = await import('./profile-check.js');
      await assertProfileExists(action, io);
      if (globals.jq !== undefined) {
        const { startJq } = await import('./jq-option.js');
        await startJq(action, io, commandPath(action), globals.jq);
      }
    })
    .hook('postAction', async (_program, action) => {
      if (action.optsWithGlobals<{ jq?: string }>().jq === undefined) return;
      const { finishJq } = await import('./jq-option.js');
      await finishJq(io);
    });

  const wanted = commandName(words);
  const registers = await Promise.all(
    Object.entries(COMMANDS)
      .filter(([name]) => wanted === undefined || name === wanted)
      .map(([, load]) => load()),
  );
  for (const register of registers) register(program, io);
  return program;
}

/** The command `words` (argv after `oura`) runs, when it names one we have; undefined means all are needed. */
function commandName(words: readonly string[] | undefined): string | undefined {
  if (!words) return undefined;
  // `--profile NAME` and `--jq EXPR` are the global options taking a value.
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--profile' || word === '--jq') i++;
    else if (word.startsWith('-')) continue;
    // `completion` writes out the whole tree, so it needs every command declared.
    else return Object.hasOwn(COMMANDS, word) && word !== 'completion' ? word : undefined;
  }
  return undefined;
}
