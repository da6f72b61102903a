/**
 * An emulator of several accounts, over real sockets: the consent page lets
 * the person choose who signs in, each grant (its refreshes, a restart from
 * the state file) reads that account only, and one webhook subscription hears
 * every account with its `user_id`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { submitConsent } from '../src/emulator/consent-client.js';
import {
  DEMO_CLIENT,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '../src/emulator/index.js';
import { runCli } from './helpers/cli.js';
import { loginOverHttp, startEmulatorWithProfile } from './helpers/login.js';

const REDIRECT_URI = 'http://localhost:3000/callback';
/** A fixed history, so the test reads the same data on any date and in any zone. */
const HISTORY: EmulatorOptions = { today: '2024-03-10', historyDays: 20 };

const running: Emulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(options: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator({ ...HISTORY, ...options });
  running.push(emulator);
  return emulator;
}

function authorizeUrl(emulator: Emulator): string {
  const url = new URL(emulator.authorizeUrl);
  url.searchParams.set('client_id', DEMO_CLIENT.clientId);
  url.searchParams.set('redirect_uri', REDIRECT_URI);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', 'st');
  return url.toString();
}

interface Tokens {
  access_token: string;
  refresh_token: string;
}

async function tokenRequest(emulator: Emulator, form: Record<string, string>): Promise<Tokens> {
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: DEMO_CLIENT.clientId,
      client_secret: DEMO_CLIENT.clientSecret,
      ...form,
    }).toString(),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

/** Signs in through the consent form (a real POST choosing `account`) and exchanges the code. */
async function login(emulator: Emulator, account?: number | string): Promise<Tokens> {
  const location = await submitConsent(
    authorizeUrl(emulator),
    'allow',
    account === undefined ? {} : { account },
  );
  const code = new URL(location).searchParams.get('code');
  expect(code, location).toBeTruthy();
  return tokenRequest(emulator, {
    grant_type: 'authorization_code',
    code: code ?? '',
    redirect_uri: REDIRECT_URI,
  });
}

async function get(emulator: Emulator, token: string, path: string) {
  const response = await fetch(`${emulator.url}/v2/usercollection/${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function personalId(emulator: Emulator, token: string): Promise<unknown> {
  const { status, body } = await get(emulator, token, 'personal_info');
  expect(status).toBe(200);
  return body.id;
}

type Doc = { id: string; score: number; day: string };

async function dailySleep(emulator: Emulator, token: string): Promise<Doc[]> {
  const { status, body } = await get(
    emulator,
    token,
    'daily_sleep?start_date=2024-03-01&end_date=2024-03-10',
  );
  expect(status).toBe(200);
  return body.data as Doc[];
}

describe('the consent page', () => {
  it('offers every account, the first chosen, and no choice when there is one account', async () => {
    const two = await start({ accounts: 2 });
    expect(two.accounts).toEqual([
      { userId: two.user.id, email: 'demo.sleeper@example.com' },
      { userId: expect.any(String), email: 'sleeper1@example.com' },
    ]);
    expect(two.accounts[1]?.userId).not.toBe(two.user.id);
    const page = await (await fetch(authorizeUrl(two))).text();
    const radios = page.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios).toEqual([
      `<input type="radio" name="account" value="${two.user.id}" checked>`,
      `<input type="radio" name="account" value="${two.accounts[1]?.userId}">`,
    ]);
    expect(page).toContain('sleeper1@example.com');

    const one = await start({});
    expect(one.accounts).toEqual([{ userId: one.user.id, email: 'demo.sleeper@example.com' }]);
    const single = await (await fetch(authorizeUrl(one))).text();
    expect(single).not.toContain('type="radio"');
    expect(single).toContain('<strong>demo.sleeper@example.com</strong>');
  });

  it('refuses an account it does not hold', async () => {
    const emulator = await start({ accounts: 2 });
    const page = await (await fetch(authorizeUrl(emulator))).text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const answer = await fetch(emulator.authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        request_id: requestId,
        scope: 'extapi:personal',
        account: 'someone-else',
        decision: 'allow',
      }).toString(),
      redirect: 'manual',
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Unknown account');
    await expect(submitConsent(authorizeUrl(emulator), 'allow', { account: 5 })).rejects.toThrow(
      /no account 5 among the 2 offered/,
    );
  });
});

describe('a token reads its own account', () => {
  it('personal_info, lists and single documents answer from the chosen account only', async () => {
    const emulator = await start({ accounts: 2 });
    const [a, b] = emulator.accounts;
    const tokenA = await login(emulator);
    const tokenB = await login(emulator, 1);
    expect(await personalId(emulator, tokenA.access_token)).toBe(a?.userId);
    expect(await personalId(emulator, tokenB.access_token)).toBe(b?.userId);
    expect((await get(emulator, tokenB.access_token, 'personal_info')).body.email).toBe(
      'sleeper1@example.com',
    );

    const sleepA = await dailySleep(emulator, tokenA.access_token);
    const sleepB = await dailySleep(emulator, tokenB.access_token);
    expect(sleepA).toHaveLength(10);
    expect(sleepB).toHaveLength(10);
    const idsB = new Set(sleepB.map((doc) => doc.id));
    expect(sleepA.filter((doc) => idsB.has(doc.id))).toEqual([]);
    expect(sleepA.map((doc) => doc.score)).not.toEqual(sleepB.map((doc) => doc.score));

    const docA = sleepA[0] as Doc;
    expect((await get(emulator, tokenA.access_token, `daily_sleep/${docA.id}`)).body.id).toBe(
      docA.id,
    );
    expect((await get(emulator, tokenB.access_token, `daily_sleep/${docA.id}`)).status).toBe(404);

    // Choosing by user id is the same as choosing by position.
    const byId = await login(emulator, b?.userId ?? '');
    expect(await personalId(emulator, byId.access_token)).toBe(b?.userId);
  });

  it('the first account serves what a one-account emulator serves, byte for byte', async () => {
    const one = await start({});
    const three = await start({ accounts: 3 });
    expect(three.user).toEqual(one.user);
    const path = 'daily_activity?start_date=2024-03-01&end_date=2024-03-10';
    const fromOne = await get(one, one.mintTokens().access_token, path);
    const fromThree = await get(three, (await login(three, 0)).access_token, path);
    expect(JSON.stringify(fromThree.body)).toBe(JSON.stringify(fromOne.body));
  });

  it('a refresh keeps the account', async () => {
    const emulator = await start({ accounts: 2 });
    const first = await login(emulator, 1);
    const refreshed = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(await personalId(emulator, refreshed.access_token)).toBe(emulator.accounts[1]?.userId);
  });

  it('minted tokens name their account too', async () => {
    const emulator = await start({ accounts: 3 });
    const minted = emulator.mintTokens({ account: 2 });
    expect(await personalId(emulator, minted.access_token)).toBe(emulator.accounts[2]?.userId);
    expect(() => emulator.mintTokens({ account: 3 })).toThrow(/mintTokens: no account 3/);
  });
});

describe('oura itself', () => {
  it('`oura auth login` as the second account reads that account', async () => {
    const { emulator, profile } = await startEmulatorWithProfile({ ...HISTORY, accounts: 2 });
    running.push(emulator);
    const login = await loginOverHttp(profile, { account: 1 });
    expect(login.code, login.stderr).toBe(0);
    const info = await runCli(['get', 'personal_info'], { env: profile.env });
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toContain(emulator.accounts[1]?.userId);
    expect(info.stdout).toContain('sleeper1@example.com');
  });
});

describe('a restart from the state file', () => {
  it('keeps the account of each login; grants saved before accounts belong to the first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-accounts-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const before = await start({ accounts: 2, stateFile });
    const tokenB = await login(before, 1);
    const idB = before.accounts[1]?.userId;
    await before.close();
    running.splice(running.indexOf(before), 1);

    const after = await start({ accounts: 2, stateFile });
    expect(after.restoredLogins).toBe(1);
    expect(await personalId(after, tokenB.access_token)).toBe(idB);
    const refreshed = await tokenRequest(after, {
      grant_type: 'refresh_token',
      refresh_token: tokenB.refresh_token,
    });
    expect(await personalId(after, refreshed.access_token)).toBe(idB);
    await after.close();
    running.splice(running.indexOf(after), 1);

    // A file written before grants named their account.
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      access: [string, { userId?: string }][];
      refresh: [string, { userId?: string }][];
    };
    for (const [, record] of [...state.access, ...state.refresh]) delete record.userId;
    writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
    const old = await start({ accounts: 2, stateFile });
    expect(await personalId(old, refreshed.access_token)).toBe(old.user.id);
  });

  it('refuses a token of an account the restarted emulator no longer holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-accounts-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const before = await start({ accounts: 2, stateFile });
    const tokenB = await login(before, 1);
    await before.close();
    running.splice(running.indexOf(before), 1);
    const fewer = await start({ stateFile });
    expect((await get(fewer, tokenB.access_token, 'personal_info')).status).toBe(401);
  });
});

describe('webhooks and control routes', () => {
  /** A callback that passes verification and keeps what it is sent. */
  async function callback() {
    const received: Record<string, unknown>[] = [];
    const server = createServer((req, res) => {
      if (req.method === 'GET') {
        const challenge = new URL(req.url ?? '/', 'http://x').searchParams.get('challenge');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ challenge }));
        return;
      }
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`,
      received,
      close,
    };
  }

  async function subscribe(emulator: Emulator, url: string, eventType: string) {
    const response = await fetch(`${emulator.url}/v2/webhook/subscription`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-client-id': DEMO_CLIENT.clientId,
        'x-client-secret': DEMO_CLIENT.clientSecret,
      },
      body: JSON.stringify({
        callback_url: url,
        verification_token: 't',
        event_type: eventType,
        data_type: 'daily_sleep',
      }),
    });
    expect(response.status).toBe(201);
  }

  it('one subscription hears every account, each event with its user_id', async () => {
    const emulator = await start({ accounts: 2, webhookRetryDelaysMs: [] });
    const [a, b] = emulator.accounts;
    const cb = await callback();
    try {
      await subscribe(emulator, cb.url, 'update');
      await subscribe(emulator, cb.url, 'delete');
      const tokenB = await login(emulator, 1);
      const docB = (await dailySleep(emulator, tokenB.access_token))[0] as Doc;
      emulator.reviseDocument('daily_sleep', docB.id, { score: 12 }, 1);
      const docA = (await dailySleep(emulator, (await login(emulator)).access_token))[0] as Doc;
      emulator.reviseDocument('daily_sleep', docA.id, { score: 13 });
      emulator.deleteDocument('daily_sleep', docB.id, b?.userId);
      const sent = await emulator.deliverWebhook({
        event_type: 'update',
        data_type: 'daily_sleep',
        object_id: 'x',
        account: 1,
      });
      expect(sent).toEqual([expect.objectContaining({ delivered: true })]);
      const control = await fetch(`${emulator.url}/_emulator/webhook/events`, {
        method: 'POST',
        body: JSON.stringify({
          event_type: 'update',
          data_type: 'daily_sleep',
          object_id: 'y',
          account: b?.userId,
        }),
      });
      expect(control.status).toBe(202);
      await expect.poll(() => cb.received.length, { timeout: 10_000 }).toBe(5);
      const seen = cb.received.map((event) => [event.event_type, event.object_id, event.user_id]);
      expect(seen).toEqual(
        expect.arrayContaining([
          ['update', docB.id, b?.userId],
          ['update', docA.id, a?.userId],
          ['delete', docB.id, b?.userId],
          ['update', 'x', b?.userId],
          ['update', 'y', b?.userId],
        ]),
      );
      expect(() => emulator.holdDay('daily_sleep', '2024-03-10', 'nobody')).toThrow(
        /holdDay: no account nobody/,
      );
    } finally {
      await cb.close();
    }
  });

  it('control routes change the named account only', async () => {
    const emulator = await start({ accounts: 2 });
    const tokenA = await login(emulator, 0);
    const tokenB = await login(emulator, 1);
    const docB = (await dailySleep(emulator, tokenB.access_token))[0] as Doc;
    const revised = await fetch(
      `${emulator.url}/_emulator/documents/daily_sleep/${docB.id}?account=1`,
      {
        method: 'POST',
        body: JSON.stringify({ score: 7 }),
      },
    );
    expect(revised.status).toBe(200);
    expect((await get(emulator, tokenB.access_token, `daily_sleep/${docB.id}`)).body.score).toBe(7);
    // Account 0 has no such document: the route looks in the first account unless told.
    const wrong = await fetch(`${emulator.url}/_emulator/documents/daily_sleep/${docB.id}`, {
      method: 'DELETE',
    });
    expect(wrong.status).toBe(404);

    const held = await fetch(
      `${emulator.url}/_emulator/held/daily_sleep/2024-03-10?account=${emulator.accounts[1]?.userId}`,
      { method: 'POST' },
    );
    expect(held.status).toBe(204);
    const days = (docs: Doc[]) => docs.map((doc) => doc.day);
    expect(days(await dailySleep(emulator, tokenB.access_token))).not.toContain('2024-03-10');
    expect(days(await dailySleep(emulator, tokenA.access_token))).toContain('2024-03-10');
    const unknown = await fetch(`${emulator.url}/_emulator/held/daily_sleep/2024-03-10?account=9`, {
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
  });
});

describe('options', () => {
  it('refuses no accounts, repeated seeds, and seed beside a list', async () => {
    await expect(startEmulator({ accounts: 0 })).rejects.toThrow(/accounts must be an integer/);
    await expect(startEmulator({ accounts: [{ seed: 'a' }, { seed: 'a' }] })).rejects.toThrow(
      /distinct seeds/,
    );
    await expect(startEmulator({ seed: 'x', accounts: [{ seed: 'a' }] })).rejects.toThrow(
      /give seed and effects in its entries/,
    );
  });

  it('a list names each account; hundreds of accounts start and answer', async () => {
    const listed = await start({
      accounts: [{ seed: 'ann', email: 'ann@example.com' }, { seed: 'bob' }],
    });
    expect(listed.accounts.map((account) => account.email)).toEqual([
      'ann@example.com',
      'sleeper1@example.com',
    ]);
    const many = await start({ accounts: 200 });
    expect(new Set(many.accounts.map((account) => account.userId)).size).toBe(200);
    const last = many.mintTokens({ account: 199 });
    expect(await personalId(many, last.access_token)).toBe(many.accounts[199]?.userId);
  });
});
