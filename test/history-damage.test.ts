/**
 * A history file damaged in the middle (a page zeroed, as a lost disk block
 * leaves it), after a real `oura sync` against the emulator: the sync whose
 * check of the whole file is due finds it, every reader that meets the page
 * says which file and to run `oura sync --rebuild` (exit 1, never "unexpected
 * error"), and the rebuild recovers. A healthy file syncs as before, without
 * checking again until the check is due (history/self-check.ts).
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { CHECK_INTERVAL_MS } from '../src/history/self-check.js';
import { type CliResult, cleanEnv, expectNoSecrets, OURA_BIN, runCli } from './helpers/cli.js';
import { queryHistory } from './helpers/history.js';
import { peerAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

// Pinned, so the history's days do not depend on when the tests run.
const LAST_DAY = '2025-06-15';
const HISTORY_DAYS = 60;
const FIRST_DAY = addDays(LAST_DAY, -(HISTORY_DAYS - 1));
const SQLITE3 = '/usr/bin/sqlite3';

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ today: LAST_DAY, historyDays: HISTORY_DAYS });
  token = emulator.mintTokens().access_token;
});
afterAll(async () => {
  await emulator?.close();
});

function envFor(dataDir: string): NodeJS.ProcessEnv {
  return cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  });
}

async function oura(dataDir: string, args: string[]): Promise<CliResult> {
  const result = await runCli(args, { env: envFor(dataDir) });
  expectNoSecrets(result, [token]);
  return result;
}

/** Exit 1, the file named, the way out given, and none of it an "unexpected error". */
function expectDamageReported(result: CliResult, path: string): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(path);
  expect(result.stderr).toContain('oura sync --rebuild');
  expect(result.stderr).not.toMatch(/unexpected error/i);
}

function checkedAt(path: string): string | undefined {
  const rows = queryHistory<{ value: string }>(
    path,
    "SELECT value FROM meta WHERE key = 'checked_at'",
  );
  return rows[0]?.value;
}

/** Makes the last check older than the interval, as if the last sync had run yesterday. */
function ageLastCheck(path: string): void {
  const db = new Database(path);
  try {
    const long = new Date(Date.now() - CHECK_INTERVAL_MS - 60_000).toISOString();
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('checked_at', ?)").run(long);
    // Everything into the main file, so the damage below is not masked by a newer copy in the WAL.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** SQLite's own verdict on the file, read-only. */
function quickCheck(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return String(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
}

function reads(path: string, sql: string): boolean {
  const db = new Database(path, { readonly: true });
  try {
    db.prepare(sql).all();
    return true;
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('SQLITE_CORRUPT')) throw error;
    return false;
  } finally {
    db.close();
  }
}

/**
 * Zeroes one leaf page of the documents table, well inside the file, that
 * holds daily_sleep documents (so every reader below reaches it) and none of
 * the undated types (so an incremental sync, which re-reads only those and
 * the last days, does not reach it: only a check of the whole file can).
 * Returns the page's number and offset.
 */
async function damageDocumentsPage(path: string): Promise<{ page: number; offset: number }> {
  const db = new Database(path, { readonly: true });
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const pages = Number(db.pragma('page_count', { simple: true }));
  const leaves = db
    .prepare(
      "SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'leaf' ORDER BY pageno",
    )
    .pluck()
    .all() as number[];
  db.close();
  // Well inside: past the first eighth of the file and before the last (daily_sleep lands near the middle).
  const inside = leaves.filter((page) => page - 1 > pages / 8 && page - 1 < pages - pages / 8);
  const file = await open(path, 'r+');
  try {
    for (const page of inside) {
      const offset = (page - 1) * pageSize;
      const original = Buffer.alloc(pageSize);
      await file.read(original, 0, pageSize, offset);
      await file.write(Buffer.alloc(pageSize), 0, pageSize, offset);
      await file.sync();
      const hitsDailySleep = !reads(path, 'SELECT json(doc) FROM daily_sleep');
      const missesUndated = reads(
        path,
        "SELECT hash, json(doc) FROM documents WHERE type IN ('personal_info', 'ring_configuration')",
      );
      if (hitsDailySleep && missesUndated) return { page, offset };
      await file.write(original, 0, pageSize, offset);
      await file.sync();
    }
  } finally {
    await file.close();
  }
  throw new Error(`no leaf page of documents well inside ${path} holds daily_sleep rows alone`);
}

describe('a page damaged in the middle of the history file', () => {
  let dataDir: string;
  let path: string;
  let damage: { page: number; offset: number };

  beforeAll(async () => {
    dataDir = await tempDir('oura-history-damage-');
    path = join(dataDir, 'default.sqlite');
    const first = await oura(dataDir, ['sync', '--json']);
    expect(first.code, first.stderr).toBe(0);
    ageLastCheck(path);
    damage = await damageDocumentsPage(path);
  });

  it('is damage SQLite itself finds, on a page well inside the file', async () => {
    const size = (await stat(path)).size;
    expect(damage.offset).toBeGreaterThan(size / 8);
    expect(damage.offset).toBeLessThan(size - size / 8);
    expect(quickCheck(path)).toMatch(new RegExp(`page ${damage.page}\\b`));
    if (peerAvailable('Debian sqlite3', existsSync(SQLITE3), 'apt-get install -y sqlite3')) {
      // Debian's 3.40 lists the fault, or stops at it ("database disk image is malformed", exit 1).
      const run = spawnSync(SQLITE3, [path, 'PRAGMA quick_check'], { encoding: 'utf8' });
      const verdict = `${run.stdout}${run.stderr}`.trim();
      expect(verdict).not.toBe('ok');
      expect(verdict).toMatch(/malformed|corrupt|page \d+/i);
    }
  });

  it('an incremental sync whose check is due finds it: exit 1, naming `oura sync --rebuild`', async () => {
    const before = await readFile(path);
    const result = await oura(dataDir, ['sync']);
    expectDamageReported(result, path);
    expect(result.stderr).toMatch(/cannot be read \(a check of every page found: /);
    // Nothing written into the damaged file: no window, no new check time.
    const after = await readFile(path);
    expect(after.equals(before)).toBe(true);
  });

  it('`oura sync --full` checks too', async () => {
    expectDamageReported(await oura(dataDir, ['sync', '--full', '--types', 'daily_sleep']), path);
  });

  it('oura sql, get --local, export and report say the same', async () => {
    const sql = await oura(dataDir, ['sql', 'SELECT day, score FROM daily_sleep ORDER BY day']);
    expectDamageReported(sql, path);
    const get = await oura(dataDir, [
      'get',
      'daily_sleep',
      '--local',
      '--start',
      FIRST_DAY,
      '--end',
      LAST_DAY,
      '--format',
      'json',
    ]);
    expectDamageReported(get, path);
    const out = await tempDir('oura-export-');
    const exported = await oura(dataDir, [
      'export',
      '--format',
      'ndjson',
      '--out',
      out,
      '--types',
      'daily_sleep',
    ]);
    expectDamageReported(exported, path);
    const report = await oura(dataDir, [
      'report',
      '--no-open',
      '--start',
      FIRST_DAY,
      '--end',
      LAST_DAY,
      '--out',
      join(out, 'report.html'),
    ]);
    expectDamageReported(report, path);
  });

  it('the MCP tools over the history say the same', async () => {
    const env = envFor(dataDir);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [OURA_BIN, 'mcp'],
      env: Object.fromEntries(
        Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'oura-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const call = async (name: string, args: Record<string, unknown>) => {
        const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
        const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
        return { isError: result.isError, text };
      };
      for (const [name, args] of [
        ['oura_query', { sql: 'SELECT day, score FROM daily_sleep' }],
        ['oura_get', { type: 'daily_sleep', start_date: FIRST_DAY, end_date: LAST_DAY }],
      ] as const) {
        const result = await call(name, args);
        expect(result.isError, `${name}: ${result.text}`).toBe(true);
        expect(result.text).toContain(path);
        expect(result.text).toContain('oura sync --rebuild');
        expect(result.text).not.toMatch(/unexpected error/i);
      }
    } finally {
      await client.close();
    }
  });

  it('`oura sync --rebuild` recovers', async () => {
    const rebuilt = await oura(dataDir, ['sync', '--rebuild', '--types', 'daily_sleep']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(quickCheck(path)).toBe('ok');
    const sql = await oura(dataDir, [
      'sql',
      'SELECT count(*) AS n FROM daily_sleep',
      '--format',
      'json',
    ]);
    expect(sql.code, sql.stderr).toBe(0);
    expect(JSON.parse(sql.stdout)).toEqual([{ n: HISTORY_DAYS }]);
  });
});

describe('a healthy history', () => {
  it('syncs as before, checked only when the check is due', async () => {
    const dataDir = await tempDir('oura-history-healthy-');
    const path = join(dataDir, 'default.sqlite');
    const first = await oura(dataDir, ['sync', '--types', 'daily_sleep']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/rebuild/);
    const checked = checkedAt(path);
    expect(checked).toBeDefined();

    // Within the interval: no check, so the time of the last one stays.
    const next = await oura(dataDir, ['sync', '--types', 'daily_sleep']);
    expect(next.code, next.stderr).toBe(0);
    expect(checkedAt(path)).toBe(checked);

    // Due: the check passes and is recorded.
    ageLastCheck(path);
    const aged = checkedAt(path);
    const due = await oura(dataDir, ['sync', '--types', 'daily_sleep']);
    expect(due.code, due.stderr).toBe(0);
    expect(due.stderr).not.toMatch(/rebuild/);
    const after = checkedAt(path);
    expect(after).toBeDefined();
    expect(Date.parse(after ?? '')).toBeGreaterThan(Date.parse(aged ?? ''));
  });
});

describe('a history that cannot be opened, but is not damaged (a folder in its place)', () => {
  it('oura sql, sync and doctor say it cannot be opened, and never send the person to --rebuild', async () => {
    const dataDir = await tempDir('oura-history-unopenable-');
    const path = join(dataDir, 'default.sqlite');
    await mkdir(join(path, 'kept'), { recursive: true });
    for (const args of [
      ['sql', 'SELECT 1'],
      ['sync', '--types', 'daily_sleep'],
    ]) {
      const result = await oura(dataDir, args);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`the history file ${path} cannot be opened`);
      expect(result.stderr).not.toMatch(/rebuild|unexpected error/i);
    }
    const doctor = await oura(dataDir, ['doctor', '--json']);
    const checks = JSON.parse(doctor.stdout) as { checks: { name: string; message: string }[] };
    const history = checks.checks.find((check) => check.name === 'history');
    expect(history?.message).toContain('cannot be opened');
    expect(history?.message).not.toMatch(/rebuild/);
    expect(existsSync(join(path, 'kept'))).toBe(true);
  });
});
