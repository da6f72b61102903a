/**
 * `oura webhook subscribe|list|renew|delete|listen` (CLI-CONTRACT.md,
 * "Webhooks"). Flags only; the work is in `../actions/webhook*.ts`, loaded
 * when a subcommand runs.
 */
import type { Command } from 'commander';
import { resolveContext } from '../context.js';
import { parseIntegerOption } from '../options.js';

export interface SubscribeFlags {
  url: string;
  types?: string;
  events?: string;
}

export interface ListenFlags {
  port: number;
  host: string;
  path: string;
}

export function registerWebhook(program: Command): void {
  const webhook = program
    .command('webhook')
    .description('receive Oura webhooks into the local history, and manage the subscriptions');

  webhook
    .command('subscribe')
    .description('subscribe PUBLIC_URL to Oura events (all data types and events by default)')
    .requiredOption(
      '--url <public_url>',
      'the https URL Oura should call (your `listen` behind a tunnel)',
    )
    .option('--types <list>', 'only these data types, comma-separated')
    .option('--events <list>', 'only these events: create,update,delete')
    .action(async (flags: SubscribeFlags, command: Command) => {
      const { runSubscribe } = await import('../actions/webhook.js');
      await runSubscribe(resolveContext(command), flags);
    });

  webhook
    .command('list')
    .description('list the subscriptions Oura has for this application')
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const { runList } = await import('../actions/webhook.js');
      await runList(resolveContext(command), flags);
    });

  for (const verb of ['renew', 'delete'] as const) {
    webhook
      .command(`${verb} [id]`)
      .description(`${verb} one subscription by ID, or all of them with --all`)
      .option('--all', `${verb} every subscription of this application`)
      .action(async (id: string | undefined, flags: { all?: boolean }, command: Command) => {
        const { runRenewOrDelete } = await import('../actions/webhook.js');
        await runRenewOrDelete(resolveContext(command), verb, id, flags.all ?? false);
      });
  }

  webhook
    .command('listen')
    .description('receive Oura events and apply them to the local history until stopped')
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
      await runListen(resolveContext(command), flags);
    });
}
