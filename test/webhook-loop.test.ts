/**
 * The whole webhook loop with real sockets and processes: `oura webhook
 * subscribe` against the emulator (which verifies the callback), the emulator
 * delivering signed events to `oura webhook listen`, and the history changing.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { nowMs } from '../src/clock.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { expectNoSecrets, OURA_BIN, runCli } from './helpers/cli.js';
import { present } from './helpers/fixture.js';
import { queryHistory } from './helpers/history.js';
import {
  docOf,
  type Listener,
  listen,
  makeProfile,
  type Profile,
  storedVerificationToken,
  syncAndSubscribe,
  until,
} from './helpers/webhook.js';

const lastDay = addDays(localDay(), -1);
let emulator: Emulator;
let profile: Profile;
let listener: Listener;

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: 20 });
  profile = await makeProfile(emulator);
  listener = await listen(profile);
  await syncAndSubscribe(profile, listener.url, 'daily_sleep,tag,vo2_max');
});
afterAll(async () => {
  listener?.run.kill();
  await listener?.run.result.catch(() => undefined);
  await emulator?.close();
});

const ids = (type: string) =>
  queryHistory<{ id: string }>(
    profile.db,
    'SELECT id FROM documents WHERE type = ? ORDER BY day',
    type,
  ).map((row) => row.id);

it('subscribes one (event, data type) pair each after Oura verified the callback, and never prints the token', async () => {
  const subs = emulator.webhookSubscriptions();
  expect(subs).toHaveLength(9);
  expect(new Set(subs.map((s) => `${s.event_type} ${s.data_type}`)).size).toBe(9);
  expect(subs.every((s) => s.callback_url === listener.url)).toBe(true);
  expect(emulator.stats.webhookVerifications).toBe(9);
  const token = await storedVerificationToken(profile);
  expect(token).toBeTruthy();

  const listed = await runCli(['webhook', 'list', '--json'], { env: profile.env });
  expect(listed.code, listed.stderr).toBe(0);
  const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
  expect(rows.map((r) => r.data_type).sort()).toContain('vo2_max');
  expect(Object.keys(rows[0] ?? {}).sort()).toEqual([
    'callback_url',
    'data_type',
    'event_type',
    'expiration_time',
    'id',
  ]);
  expectNoSecrets(listed, [token, profile.secret, profile.token]);

  // Subscribing again changes nothing: the pairs exist.
  const again = await runCli(['webhook', 'subscribe', '--url', listener.url, '--types', 'tag'], {
    env: profile.env,
  });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toMatch(/already subscribed: create tag/);
  expect(emulator.webhookSubscriptions()).toHaveLength(9);
  expectNoSecrets(again, [token, profile.secret]);
});

it('an update event brings the revised document into the history; a delete removes it', async () => {
  const sleepId = present(ids('daily_sleep').at(-1), 'a daily_sleep (one a day)');
  emulator.reviseDocument('daily_sleep', sleepId, { score: 12 });
  await until(
    () => docOf(profile, 'daily_sleep', sleepId)?.score === 12,
    'revised daily_sleep stored',
  );

  const tagId = present(ids('tag')[0], 'a tag in the 20-day history');
  expect(docOf(profile, 'tag', tagId)).toBeDefined();
  emulator.deleteDocument('tag', tagId);
  await until(() => docOf(profile, 'tag', tagId) === undefined, 'deleted tag removed');

  const stderr = () => listener.run.waitForStderr(/applied delete tag/);
  await expect(stderr()).resolves.toBeTruthy();
});

it('a vo2_max event (webhook spelling) lands in the vO2_max type; a create of a missing document is fetched', async () => {
  const id = present(ids('vO2_max').at(-1), 'a vO2_max (one a day)');
  emulator.reviseDocument('vO2_max', id, { vo2_max: 61 });
  await until(() => docOf(profile, 'vO2_max', id)?.vo2_max === 61, 'vO2_max stored');
  // A document the history does not have yet (removed locally) comes back on `create`.
  const sleepId = present(ids('daily_sleep')[0], 'a daily_sleep (one a day)');
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(profile.db);
  db.prepare("DELETE FROM documents WHERE type = 'daily_sleep' AND id = ?").run(sleepId);
  db.close();
  await emulator.deliverWebhook({
    event_type: 'create',
    data_type: 'daily_sleep',
    object_id: sleepId,
  });
  await until(
    () => docOf(profile, 'daily_sleep', sleepId) !== undefined,
    'created daily_sleep stored',
  );
});

it('oura_status (MCP) reports the subscriptions and when the history last changed', async () => {
  const before = new Date(nowMs()).toISOString();
  const id = present(ids('daily_sleep')[1], 'two daily_sleep documents (one a day)');
  emulator.reviseDocument('daily_sleep', id, { score: 7 });
  await until(() => docOf(profile, 'daily_sleep', id)?.score === 7, 'revised');
  const env = Object.fromEntries(
    Object.entries(profile.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const client = new Client({ name: 'webhook-test', version: '0.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [OURA_BIN, 'mcp'],
      env,
      stderr: 'pipe',
    }),
  );
  try {
    const result = (await client.callTool({
      name: 'oura_status',
      arguments: {},
    })) as CallToolResult;
    const structured = result.structuredContent as {
      history_changed_at: string;
      webhooks: { subscriptions: { data_type: string; expired: boolean }[] };
    };
    expect(structured.webhooks.subscriptions).toHaveLength(9);
    expect(structured.webhooks.subscriptions.every((sub) => !sub.expired)).toBe(true);
    expect(structured.history_changed_at >= before).toBe(true);
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    expect(text).toMatch(/Webhook subscriptions: 9 live/);
    expect(text).toContain(`Local history last changed ${structured.history_changed_at}`);
  } finally {
    await client.close();
  }
});

it('subscribing with a new URL (a tunnel that changed address) moves the existing subscriptions, verified again', async () => {
  const moved = listener.url.replace('127.0.0.1', 'localhost');
  const verifications = emulator.stats.webhookVerifications;
  const result = await runCli(['webhook', 'subscribe', '--url', moved, '--types', 'tag'], {
    env: profile.env,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toMatch(/subscribed 0 new .* and moved 3 to this URL/);
  expect(emulator.stats.webhookVerifications).toBe(verifications + 3);
  const tags = emulator.webhookSubscriptions().filter((s) => s.data_type === 'tag');
  expect(tags.map((s) => s.callback_url)).toEqual([moved, moved, moved]);
  expect(emulator.webhookSubscriptions()).toHaveLength(9);
});

it('renew and delete manage the subscriptions, and a bad URL or type is a usage error', async () => {
  const renewed = await runCli(['webhook', 'renew', '--all'], { env: profile.env });
  expect(renewed.code, renewed.stderr).toBe(0);
  expect(renewed.stderr.match(/renewed /g)).toHaveLength(9);

  const bad = await runCli(['webhook', 'subscribe', '--url', 'http://example.com/hook'], {
    env: profile.env,
  });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/https/);
  const heart = await runCli(
    ['webhook', 'subscribe', '--url', listener.url, '--types', 'heartrate'],
    {
      env: profile.env,
    },
  );
  expect(heart.code).toBe(2);
  expect(heart.stderr).toMatch(/no webhooks for heartrate/);
  const neither = await runCli(['webhook', 'delete'], { env: profile.env });
  expect(neither.code).toBe(2);

  const one = present(emulator.webhookSubscriptions()[0]?.id, 'a subscription');
  const deleted = await runCli(['webhook', 'delete', one], { env: profile.env });
  expect(deleted.code, deleted.stderr).toBe(0);
  expect(emulator.webhookSubscriptions().map((s) => s.id)).not.toContain(one);
  // The gone one: Oura answers 403 for an id that is not this application's; the credentials are fine.
  for (const verb of ['delete', 'renew']) {
    const gone = await runCli(['webhook', verb, one], { env: profile.env });
    expect(gone.code, gone.stderr).toBe(1);
    expect(gone.stderr).toContain(`no subscription ${one} for this application`);
    expect(gone.stderr).toContain('oura webhook list');
    expect(gone.stderr).not.toContain('client ID or secret');
  }
  const all = await runCli(['webhook', 'delete', '--all'], { env: profile.env });
  expect(all.code, all.stderr).toBe(0);
  expect(emulator.webhookSubscriptions()).toHaveLength(0);
});

it("Oura's errors are shown with their detail: a callback that fails verification, a rejected client", async () => {
  const failing = await runCli(
    [
      'webhook',
      'subscribe',
      '--url',
      `http://127.0.0.1:${listener.port}/elsewhere`,
      '--types',
      'tag',
      '--events',
      'create',
    ],
    { env: profile.env },
  );
  expect(failing.code).toBe(1);
  expect(failing.stderr).toMatch(/verification failed: the callback answered HTTP 404/);

  const wrong = await runCli(['webhook', 'list'], {
    env: { ...profile.env, OURA_CLIENT_SECRET: 'not-the-secret' },
  });
  expect(wrong.code).toBe(4);
  expect(wrong.stderr).toMatch(
    /rejected the application's client ID or secret \(HTTP 401\): Invalid client/,
  );
  expectNoSecrets(wrong, ['not-the-secret', profile.secret]);
});

it('a taken port stops a second listener with exit 1 naming it; no client credentials is exit 4', async () => {
  const second = await runCli(['webhook', 'listen', '--port', String(listener.port)], {
    env: profile.env,
  });
  expect(second.code).toBe(1);
  expect(second.stderr).toContain(`cannot listen on 127.0.0.1:${listener.port} (EADDRINUSE)`);
  const { OURA_CLIENT_SECRET: _s, ...noSecret } = profile.env;
  const list = await runCli(['webhook', 'list'], { env: noSecret });
  expect(list.code).toBe(4);
  expect(list.stderr).toMatch(/oura setup/);
});
