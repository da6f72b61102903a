/**
 * A profile wired to an in-process emulator, with `oura webhook listen` as a
 * real process, for the webhook tests. Signatures here are computed by the
 * test itself (not by the code under test), as Oura documents them.
 */

import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { nowMs } from '../../src/clock.js';
import type { Emulator } from '../../src/emulator/index.js';
import { type CliRun, cleanEnv, runCli, startCli } from './cli.js';
import { queryHistory } from './history.js';
import { tempDir } from './temp.js';

export interface Profile {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** The history file. */
  db: string;
  token: string;
  secret: string;
}

export async function makeProfile(emulator: Emulator): Promise<Profile> {
  const dir = await tempDir('oura-webhook-');
  const token = emulator.mintTokens().access_token;
  const { OURA_CLIENT_ID, OURA_CLIENT_SECRET } = emulator.env();
  const env = cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dir,
    OURA_CONFIG_DIR: dir,
    OURA_CREDENTIAL_STORE: 'file',
    OURA_CLIENT_ID,
    OURA_CLIENT_SECRET,
  });
  return { dir, env, db: join(dir, 'default.sqlite'), token, secret: OURA_CLIENT_SECRET ?? '' };
}

export interface Listener {
  run: CliRun;
  url: string;
  port: number;
}

/** Starts `oura webhook listen` and waits until it serves. */
export async function listen(profile: Profile, port = 0): Promise<Listener> {
  const run = startCli(['webhook', 'listen', '--port', String(port)], { env: profile.env });
  const match = await run.waitForStderr(
    /listening on (http:\/\/127\.0\.0\.1:(\d+)\/oura\/webhook)/,
  );
  return { run, url: match[1] as string, port: Number(match[2]) };
}

/** The verification token `subscribe` stored (to prove it is never printed). */
export async function storedVerificationToken(profile: Profile): Promise<string | undefined> {
  const text = await readFile(join(profile.dir, 'credentials', 'default.json'), 'utf8');
  const match = /"webhook-verification-token"\s*:\s*"([^"]+)"/.exec(text);
  return match?.[1];
}

export const sign = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('hex')
    .toUpperCase();

export const nowStamp = (offsetMs = 0) => String(Math.floor((nowMs() + offsetMs) / 1000));

/** POSTs a body with the given signature headers; returns the status. */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

/** A correctly signed delivery of `event`. */
export function signedPost(url: string, secret: string, event: unknown, stamp = nowStamp()) {
  return signedPostText(url, secret, JSON.stringify(event), stamp);
}

/** POSTs `body` as it is (even not JSON), signed the way Oura signs. */
export function signedPostText(url: string, secret: string, body: string, stamp = nowStamp()) {
  return post(url, body, {
    'x-oura-timestamp': stamp,
    'x-oura-signature': sign(secret, stamp, body),
  });
}

export function docOf(
  profile: Profile,
  type: string,
  id: string,
): Record<string, unknown> | undefined {
  const rows = queryHistory<{ doc: string }>(
    profile.db,
    'SELECT doc FROM documents WHERE type = ? AND id = ?',
    type,
    id,
  );
  return rows[0] ? (JSON.parse(rows[0].doc) as Record<string, unknown>) : undefined;
}

export function queueRows(profile: Profile): { key: string; done_at: number | null }[] {
  return queryHistory(profile.db, 'SELECT key, done_at FROM webhook_events');
}

/** Polls until `check` holds. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function syncAndSubscribe(
  profile: Profile,
  url: string,
  types: string,
): Promise<void> {
  const synced = await runCli(['sync'], { env: profile.env });
  expect(synced.code, synced.stderr).toBe(0);
  const subscribed = await runCli(['webhook', 'subscribe', '--url', url, '--types', types], {
    env: profile.env,
  });
  expect(subscribed.code, subscribed.stderr).toBe(0);
}

/**
 * Revises a document at the emulator through its control route, which sends
 * no webhook of its own (the in-process hook does): only the test's events arrive.
 */
export async function reviseQuietly(
  emulator: Emulator,
  type: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${emulator.url}/_emulator/documents/${type}/${id}`, {
    method: 'POST',
    body: JSON.stringify(patch),
  });
  expect(response.status).toBe(200);
}
