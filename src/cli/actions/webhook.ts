/** The work of `oura webhook subscribe|list|renew|delete`. */
import { randomBytes } from 'node:crypto';
import { SECRET_NAMES } from '../../auth/account.js';
import { UsageError } from '../../errors.js';
import {
  DATA_TYPES,
  ENDPOINTS,
  isDataType,
  typeOfWebhook,
  webhookTypes,
} from '../../oura/data-types.js';
import { isLoopbackHttpUrl } from '../../secure-url.js';
import type { EventType } from '../../webhook/queue.js';
import { applySubscriptionStep, planSubscriptions } from '../../webhook/subscription-plan.js';
import type { Subscription } from '../../webhook/subscriptions.js';
import type { CliIo } from '../cli-io.js';
import type { CommandRun } from '../command-run.js';
import { type SubscribeFlags, WEBHOOK_EVENTS } from './webhook-flags.js';

const EVENTS: readonly EventType[] = WEBHOOK_EVENTS;

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--url "${text}" is not a URL; give the public https URL of \`oura webhook listen\`, e.g. https://example.trycloudflare.com/oura/webhook.`,
    );
  }
  if (url.protocol !== 'https:' && !isLoopbackHttpUrl(url)) {
    throw new UsageError(
      `--url must be an https:// URL (Oura calls it over the internet); got ${url.protocol}//${url.host}.`,
    );
  }
  return url.href;
}

/** Webhook names of the asked types; REST names (`vO2_max`) are accepted too. */
function parseTypes(list: string | undefined): string[] {
  const all = webhookTypes().map((type) => ENDPOINTS[type].webhook as string);
  if (list === undefined) return all;
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const out: string[] = [];
  const bad: string[] = [];
  for (const name of names) {
    const type = isDataType(name) ? name : typeOfWebhook(name);
    const webhook = type ? ENDPOINTS[type].webhook : null;
    if (webhook) out.push(webhook);
    else bad.push(name);
  }
  if (names.length === 0 || bad.length > 0) {
    const without = DATA_TYPES.filter((type) => ENDPOINTS[type].webhook === null);
    throw new UsageError(
      `--types: ${bad.length ? `no webhooks for ${bad.join(', ')}` : 'no type given'}. Webhook types: ${all.join(', ')} (none for ${without.join(', ')}: use \`oura sync\`).`,
    );
  }
  return [...new Set(out)];
}

function parseEvents(list: string | undefined): EventType[] {
  if (list === undefined) return [...EVENTS];
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const bad = names.filter((name) => !EVENTS.includes(name as EventType));
  if (names.length === 0 || bad.length > 0) {
    throw new UsageError(
      `--events: ${bad.length ? `unknown ${bad.join(', ')}` : 'none given'}. Events: create, update, delete.`,
    );
  }
  return [...new Set(names)] as EventType[];
}

/** The fields Oura lists, and only those: nothing else can slip out. */
const publicView = (sub: Subscription) => ({
  id: sub.id,
  callback_url: sub.callback_url,
  event_type: sub.event_type,
  data_type: sub.data_type,
  expiration_time: sub.expiration_time,
});

function printTable(io: CliIo, subs: Subscription[]): void {
  for (const sub of subs) {
    io.out(
      `${sub.id}  ${sub.event_type.padEnd(6)}  ${sub.data_type.padEnd(24)}  expires ${sub.expiration_time}  ${sub.callback_url}\n`,
    );
  }
}

export async function runSubscribe(run: CommandRun<SubscribeFlags>): Promise<void> {
  const { flags, io } = run;
  const { notice } = io;
  const url = checkUrl(flags.url);
  const types = parseTypes(flags.types);
  const events = parseEvents(flags.events);
  await using profile = await run.openProfile();
  const account = await profile.account({ forWriting: true });
  const client = await profile.subscriptions();
  // One token for every subscription of the profile: `listen` checks Oura's challenge against it.
  let token = await account.store.get(SECRET_NAMES.webhookToken);
  if (!token) {
    token = randomBytes(24).toString('base64url');
    await account.store.set(SECRET_NAMES.webhookToken, token);
  }
  const made: Subscription[] = [];
  let moved = 0;
  for (const step of planSubscriptions(await client.list(), url, types, events)) {
    if (step.action === 'keep') {
      notice(`already subscribed: ${step.event_type} ${step.data_type} (${step.existing.id})`);
      continue;
    }
    try {
      // Oura keeps one subscription per pair: a new URL (a tunnel's new address) moves it.
      const sub = await applySubscriptionStep(client, step, url, token);
      if (sub) made.push(sub);
      if (step.action === 'move') moved++;
    } catch (error) {
      printTable(io, made);
      notice(
        `oura: could not subscribe ${step.event_type} ${step.data_type} (${made.length} done before it):`,
      );
      throw error;
    }
  }
  printTable(io, made);
  const created = made.length - moved;
  notice(
    `subscribed ${created} new (event, data type) pair${created === 1 ? '' : 's'}${moved ? ` and moved ${moved} to this URL` : ''}: ${url}. Run \`oura webhook listen\` behind it to receive them.`,
  );
}

export async function runList(run: CommandRun<{ json?: boolean }>): Promise<void> {
  const { flags, io } = run;
  await using profile = await run.openProfile();
  const subs = await (await profile.subscriptions()).list();
  if (flags.json) io.out(`${JSON.stringify(subs.map(publicView), null, 2)}\n`);
  else if (subs.length === 0)
    io.notice('no subscriptions; create them with `oura webhook subscribe --url PUBLIC_URL`.');
  else printTable(io, subs);
}

export interface RenewOrDeleteFlags {
  verb: 'renew' | 'delete';
  /** One subscription, or undefined with --all. */
  id: string | undefined;
  all: boolean;
}

export async function runRenewOrDelete(run: CommandRun<RenewOrDeleteFlags>): Promise<void> {
  const { verb, id, all } = run.flags;
  const { notice } = run.io;
  if ((id === undefined) === !all) {
    throw new UsageError(
      `give one subscription ID or --all, e.g. \`oura webhook ${verb} --all\` (see \`oura webhook list\`).`,
    );
  }
  await using profile = await run.openProfile();
  const client = await profile.subscriptions();
  const ids = all ? (await client.list()).map((sub) => sub.id) : [id as string];
  for (const one of ids) {
    if (verb === 'renew') {
      const renewed = await client.renew(one);
      notice(`renewed ${one} until ${renewed.expiration_time}`);
    } else {
      await client.delete(one);
      notice(`deleted ${one}`);
    }
  }
  if (all && ids.length === 0) notice('no subscriptions.');
}
