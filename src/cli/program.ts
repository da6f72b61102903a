import { Command } from 'commander';
import { registerApi } from './commands/api.js';
import { registerAuth } from './commands/auth.js';
import { registerDemo } from './commands/demo.js';
import { registerEmulator } from './commands/emulator.js';
import { registerExport } from './commands/export.js';
import { registerGet } from './commands/get.js';
import { registerMcp } from './commands/mcp.js';
import { registerProxy } from './commands/proxy.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSetup } from './commands/setup.js';
import { registerSkill } from './commands/skill.js';
import { registerSql } from './commands/sql.js';
import { registerSync } from './commands/sync.js';
import { registerTypes } from './commands/types.js';
import { registerWebhook } from './commands/webhook.js';

/**
 * The whole command tree. One layout for every command: `commands/<verb>.ts`
 * declares its flags and help, and its action imports `actions/<verb>.ts`
 * (the behaviour, over the library) only when it runs, so start-up stays fast.
 */
export function buildProgram(version: string): Command {
  const program = new Command('oura')
    .description(
      'Connect your Oura Ring account to this machine: log in once, then read your data from the command line, scripts and AI assistants.\n\nStart with `oura setup`; `oura <command> --help` explains each command.',
    )
    .version(version)
    .option('--profile <name>', 'profile to use (env OURA_PROFILE)')
    .showHelpAfterError('(add --help to the command for its usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    // Set before the subcommands exist: they inherit it, so their parse errors
    // reach runProgram and get the contract's exit code 2.
    .exitOverride();

  for (const register of [
    registerSetup,
    registerAuth,
    registerGet,
    registerTypes,
    registerApi,
    registerEmulator,
    registerDemo,
    registerMcp,
    registerRun,
    registerProxy,
    registerSkill,
    registerSync,
    registerSql,
    registerExport,
    registerReport,
    registerWebhook,
  ]) {
    register(program);
  }
  return program;
}
