import { type Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

/** `oura setup`: register the app on Oura's portal (guided), store its credentials, log in. */
export function registerSetup(program: Command, io: CliIo): void {
  withHelp(program.command('setup'), {
    summary: 'Set up your Oura application and log in',
    description:
      "Guides you through registering your own application on Oura's developer portal (Oura's API is OAuth2-only), " +
      'prints the exact values to type on its form, stores the client ID and secret (the secret in the OS keychain ' +
      'or an owner-only file), then runs `oura auth login`.\n\n' +
      'The client secret is never taken as a flag value: it is asked for (hidden), read from stdin with ' +
      '--client-secret-stdin, or taken from OURA_CLIENT_SECRET.\n\n' +
      'Where secrets go to the owner-only file, OURA_STORE_PASSPHRASE set at this time seals the file with that ' +
      'passphrase (scrypt + AES-256-GCM); later commands need it, from the variable or typed at a prompt.',
    examples: [
      'oura setup',
      'oura setup --client-id ID --client-secret-stdin < secret.txt --no-login',
      'oura setup --auth-server legacy   # apps made on cloud.ouraring.com',
      'read -rs OURA_STORE_PASSPHRASE && export OURA_STORE_PASSPHRASE && OURA_CREDENTIAL_STORE=file oura setup',
    ],
  })
    .option('--client-id <id>', 'client ID from the portal (env OURA_CLIENT_ID)')
    .addOption(
      new Option('--client-secret <value>').hideHelp().argParser(() => {
        throw new UsageError(
          'The client secret is never taken as a flag value (every user of this machine can read process arguments).',
          {
            hint: 'Pipe it: `oura setup --client-secret-stdin < file`, set OURA_CLIENT_SECRET, or let setup ask for it.',
          },
        );
      }),
    )
    .option(
      '--client-secret-stdin',
      'read the client secret from stdin (env OURA_CLIENT_SECRET also works)',
    )
    .option(
      '--redirect-uri <uri>',
      'redirect URI registered on the portal (default http://localhost:3000/callback)',
    )
    .option('--auth-server <name>', 'oura (current portal, default) or legacy (older apps)')
    .option('--scopes <list>', 'scopes to ask for at login (default: all)')
    .option('--no-browser', 'do not open the portal or the login page in a browser')
    .option('--no-login', 'store the credentials without logging in')
    .action(async (options, command: Command) => {
      const { runSetup } = await import('../actions/setup.js');
      await runSetup(commandRun(command, io, options));
    });
}
