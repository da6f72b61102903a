/**
 * `oura serve` receiving Oura webhooks for everyone on it, over real sockets:
 * the server subscribes its application at the emulator (which verifies the
 * callback), two people sign in, and an event the emulator sends for one of
 * them reaches that person's history (and their assistant through /mcp),
 * never the other's. Forged, unknown, repeated and delete events each do what
 * `oura webhook listen` does with them. Signatures of hand-made deliveries
 * are computed here, as Oura documents them, not by the code under test.
 */

import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookTypes } from '../dist/oura/data-types.js';
import { loadSealingKeys } from '../dist/serve/keys/key-file.js';
import { sqliteSettings } from '../dist/serve/state/settings.js';
import { openStateDb } from '../dist/serve/state/state-db.js';
import { webhookVerificationToken } from '../dist/serve/state/webhook-token.js';
import { userDirectory } from '../dist/serve/user-engines.js';
import { nowMs } from '../src/clock.js';
import { cleanEnv, runCli } from './helpers/cli.js';
import { queryHistory } from './helpers/history.js';
import {
  assistantTokens,
  mcpCall,
  registerClient,
  SERVE_APP,
  type ServeFixture,
  startServeFixture,
} from './helpers/serve.js';

const REDIRECT = 'http://127.0.0.1:1/assistant/callback';
const WAIT_MS = 10_000;

let fx: ServeFixture;
let publicUrl: string;
let clientId: string;
/** Access tokens of account 0 (the owner) and account 1. */
const tokens: string[] = [];

async function signIn(account: number, code?: string): Promise<string> {
  const tokens = await assistantTokens({
    publicUrl,
    clientId,
    redirectUri: REDIRECT,
    account,
    ...(code === undefined ? {} : { code }),
  });
  return tokens.access_token;
}

/** The daily_sleep documents of `account` as their assistant reads them from the history. */
async function sleepScores(account: number): Promise<Map<string, number | null>> {
  const answer = await mcpCall(publicUrl, tokens[account] ?? '', 'tools/call', {
    name: 'oura_query',
    arguments: {
      sql: "SELECT id, json_extract(doc, '$.score') AS score FROM documents WHERE type = 'daily_sleep' ORDER BY id",
    },
  });
  const result = answer.body.result as {
    isError?: boolean;
    structuredContent?: { rows: { id: string; score: number | null }[] };
  };
  expect(result?.isError, JSON.stringify(answer.body).slice(0, 500)).toBeFalsy();
  return new Map((result.structuredContent?.rows ?? []).map((row) => [row.id, row.score]));
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function historyFile(account: number): string {
  const userId = fx.emulator.accounts[account]?.userId ?? '';
  return join(userDirectory(join(fx.dataDir, 'serve', 'users'), userId), 'history.sqlite');
}

function queued(account: number): number {
  const path = historyFile(account);
  if (!existsSync(path)) return 0;
  return queryHistory<{ n: number }>(path, 'SELECT count(*) AS n FROM webhook_events')[0]?.n ?? 0;
}

/** POSTs a delivery signed with `secret` (the app's by default), as Oura signs them. */
async function deliver(
  event: Record<string, unknown>,
  secret: string = SERVE_APP.clientSecret,
): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(nowMs() / 1000));
  const signature = createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('hex')
    .toUpperCase();
  const response = await fetch(`${publicUrl}/oura/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-oura-timestamp': timestamp,
      'x-oura-signature': signature,
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  fx = await startServeFixture({
    emulator: { accounts: 2, historyDays: 20 },
    serve: { webhooks: true, allow: ['sleeper1@example.com'] },
  });
  publicUrl = fx.serve.publicUrl;
  clientId = (await registerClient(publicUrl, REDIRECT)).client_id;
  tokens[0] = await signIn(0, fx.serve.claimCode ?? '');
  tokens[1] = await signIn(1);
  await fx.serve.sync.idle();
  await fx.serve.webhooks.subscribed;
}, 60_000);

afterAll(async () => {
  await fx?.serve.close();
});

describe('subscriptions', () => {
  it('subscribes every (event, data type) of the application to the server, answering the verification', () => {
    const subs = fx.emulator.webhookSubscriptions();
    expect(subs.length).toBe(3 * webhookTypes().length);
    expect(new Set(subs.map((sub) => `${sub.event_type} ${sub.data_type}`)).size).toBe(subs.length);
    for (const sub of subs) expect(sub.callback_url).toBe(`${publicUrl}/oura/webhook`);
  });

  it('refuses a verification challenge with a wrong token', async () => {
    const answer = await fetch(`${publicUrl}/oura/webhook?verification_token=wrong&challenge=abc`);
    expect(answer.status).toBe(401);
  });
});

describe('two people at once', () => {
  it("answers each person's calls from their own history, however the calls interleave", async () => {
    const checkIn = async (account: number) => {
      const answer = await mcpCall(publicUrl, tokens[account] ?? '', 'tools/call', {
        name: 'oura_summary',
        arguments: {},
      });
      return (answer.body.result as { structuredContent?: { source?: string } }).structuredContent;
    };
    const alone = [await checkIn(0), await checkIn(1)];
    expect(alone[0]?.source).toBe('local');
    expect(alone[1]?.source).toBe('local');
    expect(alone[0]).not.toEqual(alone[1]);
    const together = await Promise.all(Array.from({ length: 20 }, (_, i) => checkIn(i % 2)));
    together.forEach((answer, i) => {
      expect(answer, `call ${i}`).toEqual(alone[i % 2]);
    });
  });
});

describe('events', () => {
  it("applies an event for one person to that person's history only, read through /mcp", async () => {
    const syncs = () => fx.logs.filter((line) => line.startsWith('sync:')).length;
    const syncsBefore = syncs();
    const before0 = await sleepScores(0);
    const before1 = await sleepScores(1);
    const [id] = [...before1.keys()];
    expect(id).toBeDefined();
    expect(before0.has(id ?? '')).toBe(false);

    fx.emulator.reviseDocument('daily_sleep', id ?? '', { score: 42 }, 1);
    const after1 = await until(
      () => sleepScores(1),
      (scores) => scores.get(id ?? '') === 42,
    );
    expect(after1.get(id ?? '')).toBe(42);
    expect(await sleepScores(0)).toEqual(before0);
    // No sync ran meanwhile: the webhook brought it.
    expect(syncs()).toBe(syncsBefore);
    expect(fx.logs.some((line) => line.includes(`applied update daily_sleep ${id}`))).toBe(true);
  });

  it('refuses a forged signature with 401 and queues nothing', async () => {
    const [id] = [...(await sleepScores(1)).keys()].slice(1);
    const count = queued(1);
    const answer = await deliver(
      {
        event_type: 'update',
        data_type: 'daily_sleep',
        object_id: id,
        event_time: new Date().toISOString(),
        user_id: fx.emulator.accounts[1]?.userId,
      },
      'not-the-client-secret',
    );
    expect(answer.status).toBe(401);
    expect(queued(1)).toBe(count);
  });

  it('acknowledges an event for nobody on the server and drops it, logging no id', async () => {
    const stranger = 'stranger-0c1d2e3f4a5b';
    const counts = [queued(0), queued(1)];
    const answer = await deliver({
      event_type: 'update',
      data_type: 'daily_sleep',
      object_id: 'doc-of-a-stranger',
      event_time: new Date().toISOString(),
      user_id: stranger,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ignored' });
    expect([queued(0), queued(1)]).toEqual(counts);
    expect(fx.logs.some((line) => line.includes('nobody here'))).toBe(true);
    expect(fx.logs.join('\n')).not.toContain(stranger);
    expect(fx.logs.join('\n')).not.toContain('doc-of-a-stranger');
  });

  it('applies the same signed event once when it is delivered twice', async () => {
    const ids = [...(await sleepScores(1)).keys()];
    const id = ids[2] ?? '';
    fx.emulator.reviseDocument('daily_sleep', id, { score: 7 }, 1);
    const revised = await until(
      () => sleepScores(1),
      (scores) => scores.get(id) === 7,
    );
    expect(revised.get(id)).toBe(7);
    await fx.serve.webhooks.idle();
    const applied = () =>
      fx.logs.filter((line) => line.includes(`applied update daily_sleep ${id}`)).length;
    const appliedBefore = applied();
    const event = {
      event_type: 'update',
      data_type: 'daily_sleep',
      object_id: id,
      event_time: '2024-01-01T00:00:00.000Z',
      user_id: fx.emulator.accounts[1]?.userId,
    };
    expect(await deliver(event)).toEqual({ status: 200, body: { status: 'queued' } });
    expect(await deliver(event)).toEqual({ status: 200, body: { status: 'duplicate' } });
    // The worker writes its line just after marking the event done.
    await until(
      async () => applied(),
      (count) => count > appliedBefore,
    );
    await fx.serve.webhooks.idle();
    expect(applied()).toBe(appliedBefore + 1);
  });

  it('removes the document a delete event names', async () => {
    const ids = [...(await sleepScores(1)).keys()];
    const id = ids[3] ?? '';
    fx.emulator.deleteDocument('daily_sleep', id, 1);
    const after = await until(
      () => sleepScores(1),
      (scores) => !scores.has(id),
    );
    expect(after.has(id)).toBe(false);
    expect(after.size).toBe(ids.length - 1);
  });
});

describe('restart', () => {
  it('keeps the subscriptions that already point here', async () => {
    const ids = fx.emulator
      .webhookSubscriptions()
      .map((sub) => sub.id)
      .sort();
    await fx.serve.close();
    fx.logs.length = 0;
    await fx.restart();
    await fx.serve.webhooks.subscribed;
    expect(
      fx.emulator
        .webhookSubscriptions()
        .map((sub) => sub.id)
        .sort(),
    ).toEqual(ids);
    expect(
      fx.logs.some((line) => /webhooks: \d+ subscriptions kept, 0 made, 0 moved/.test(line)),
    ).toBe(true);
  });
});

describe('events queued before a stop', () => {
  it('are applied after the next start', async () => {
    // A server started in a test is stopped after it (onCleanup): start one for this test.
    await fx.restart();
    const ids = [...(await sleepScores(1)).keys()];
    const id = ids[4] ?? '';
    // Oura fails every fetch: the event stays queued in the person's history.
    fx.emulator.setFaults({ failureRate: 1 });
    fx.emulator.reviseDocument('daily_sleep', id, { score: 13 }, 1);
    await until(
      async () => fx.logs.some((line) => line.includes(`failed update daily_sleep ${id}`)),
      (failed) => failed,
    );
    await fx.serve.close();
    fx.emulator.setFaults({ failureRate: 0 });
    await fx.restart();
    const after = await until(
      () => sleepScores(1),
      (scores) => scores.get(id) === 13,
    );
    expect(after.get(id)).toBe(13);
  }, 30_000);
});

describe('rotate-key', () => {
  it('re-seals the verification token, so the subscriptions made with it stay verifiable', async () => {
    const env = { OURA_DATA_DIR: fx.dataDir, ...fx.emulator.env() };
    const token = async () => {
      const { keys } = await loadSealingKeys({ env });
      const db = await openStateDb(join(fx.dataDir, 'serve', 'state.sqlite'));
      try {
        return await webhookVerificationToken(sqliteSettings(db), keys);
      } finally {
        db.close();
      }
    };
    await fx.serve.close();
    const before = await token();
    const rotated = await runCli(['serve', 'rotate-key'], { env: cleanEnv(env) });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(await token()).toBe(before);
    expect(rotated.stderr).not.toContain(before);
  }, 30_000);
});
