/**
 * `oura webhook subscribe|list|renew|delete|listen`. Flags and help only; the work is in `../actions/webhook*.ts`, loaded
 * when a subcommand runs.
 */
import type { Command } from 'commander';
import type { ListenFlags, SubscribeFlags } from '../actions/webhook-flags.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';
import { parseIntegerOption } from '../options.js';

export function registerWebhook(program: Command, io: CliIo): void {
  const webhook = withHelp(program.command('webhook'), {
    summary: 'Receive Oura webhooks into the local history',
    description:
      'Oura can call a public https URL when a document is created, updated or deleted. `listen` ' +
      'receives those events and stores each document in the history within a second; `subscribe`, ' +
      '`list`, `renew` and `delete` manage the subscriptions with your client ID and secret.',
    examples: [
      'oura webhook listen &',
      'oura webhook subscribe --url https://example.trycloudflare.com/oura/webhook',
      'oura webhook list',
    ],
  });

  withHelp(webhook.command('subscribe'), {
    summary: 'Ask Oura to send events to your public URL',
    description:
      'Creates one subscription per (event, data type): every data type Oura sends webhooks for and all ' +
      'three events unless --types or --events narrow it. Oura verifies the URL at once, so `oura webhook ' +
      'listen` must already be reachable there. Run it again with a new URL to move the subscriptions.',
    examples: [
      'oura webhook subscribe --url https://example.trycloudflare.com/oura/webhook',
      'oura webhook subscribe --url https://host.example/oura/webhook --types daily_sleep,workout --events update',
    ],
  })
    .requiredOption(
      '--url <public_url>',
      'the https URL Oura should call (your `listen` behind a tunnel)',
    )
    .option('--types <list>', 'only these data types, comma-separated')
    .option('--events <list>', 'only these events: create,update,delete')
    .action(async (flags: SubscribeFlags, command: Command) => {
      const { runSubscribe } = await import('../actions/webhook.js');
      await runSubscribe(commandRun(command, io, flags));
    });

  withHelp(webhook.command('list'), {
    summary: 'List the webhook subscriptions of your application',
    description:
      'Lists the subscriptions Oura holds for this application, with their URL, event, data type and ' +
      'expiry. The verification token is never shown.',
    examples: ['oura webhook list', 'oura webhook list --json'],
  })
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const { runList } = await import('../actions/webhook.js');
      await runList(commandRun(command, io, flags));
    });

  for (const verb of ['renew', 'delete'] as const) {
    withHelp(webhook.command(`${verb} [id]`), {
      summary: `${verb === 'renew' ? 'Renew' : 'Delete'} a webhook subscription, or all of them`,
      description:
        verb === 'renew'
          ? 'Subscriptions expire; this renews one by ID, or every one with --all. `listen` renews them by itself while it runs.'
          : 'Deletes one subscription by ID, or every one of this application with --all.',
      examples: [`oura webhook ${verb} --all`, `oura webhook ${verb} SUBSCRIPTION_ID`],
    })
      .option('--all', `${verb} every subscription of this application`)
      .action(async (id: string | undefined, flags: { all?: boolean }, command: Command) => {
        const { runRenewOrDelete } = await import('../actions/webhook.js');
        await runRenewOrDelete(commandRun(command, io, { verb, id, all: flags.all ?? false }));
      });
  }

  withHelp(webhook.command('listen'), {
    summary: 'Receive Oura events and apply them to the history',
    description:
      "Serves PATH on ADDR:PORT until stopped: answers Oura's verification challenge, checks each " +
      "event's signature and timestamp, queues it in the history database before answering, then " +
      'fetches the document and stores (or deletes) it, retrying until it succeeds. Renews the ' +
      'subscriptions before they expire. Expose it through a tunnel (cloudflared, ngrok, Tailscale Funnel).',
    examples: ['oura webhook listen', 'oura webhook listen --port 9000 --path /hooks/oura'],
  })
    .option(
      '--port <n>',
      'port to listen on',
      (v) => parseIntegerOption('--port', v, 0, 65535),
      8788,
    )
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'path Oura posts to', '/oura/webhook')
    .action(async (flags: ListenFlags, command: Command) => {
      const { runListen } = await import('../actions/webhook-listen.js');
      await runListen(commandRun(command, io, flags));
    });
}
