import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

/** `oura doctor`. */
export function registerDoctor(program: Command, io: CliIo): void {
  withHelp(program.command('doctor'), {
    summary: 'Check the setup and say what to fix',
    description:
      'Checks, on one screen: the version, Node, the profile, where the secrets are (and that only you can ' +
      'read them), the login (one request to Oura), the local history (size and when it last changed), the ' +
      'webhook subscriptions (when the client is set up) and whether the API and the token endpoint answer ' +
      '(5 s each). Each line is ok, warn or FAIL with what to do. Exits 1 when any check fails, else 0. Never prints a secret.',
    examples: ['oura doctor', 'oura doctor --json', 'oura doctor --profile work'],
  })
    .option('--json', 'print one object: {ok, checks: [{name, status, message}]}')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runDoctorCommand } = await import('../actions/doctor.js');
      const version = command.parent?.version() ?? 'unknown';
      await runDoctorCommand(commandRun(command, io, { ...options, version }));
    });
}
