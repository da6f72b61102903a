/**
 * `oura sql` refuses, as a usage error (exit 2) with a message naming why,
 * every statement it will not run: writes in all their disguises, settings,
 * parameters it cannot fill, and statements SQLite stops while running (the
 * statement's fault, not a failure of ours). None of them changes the file.
 * Reads that look like them still run. See also the refusals in
 * history-read.test.ts (plain writes, two statements, syntax errors).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, expectNoSecrets, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const TODAY = '2024-05-07';
const DAYS = 10;

let emulator: Emulator;
let token: string;
let dataDir: string;
let file: string;

async function oura(args: string[]) {
  const result = await runCli(args, {
    env: cleanEnv({
      OURA_ACCESS_TOKEN: token,
      OURA_API_URL: emulator.url,
      OURA_DATA_DIR: dataDir,
      OURA_CONFIG_DIR: dataDir,
    }),
  });
  expectNoSecrets(result, [token]);
  return result;
}

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, historyDays: DAYS });
  token = emulator.mintTokens().access_token;
  dataDir = await tempDir('oura-sql-refusals-');
  file = join(dataDir, 'default.sqlite');
  const sync = await oura(['sync', '--types', 'daily_sleep,tag', '--since', '2024-04-28']);
  expect(sync.code, sync.stderr).toBe(0);
});
afterAll(async () => {
  await emulator?.close();
});

describe('oura sql refuses with exit 2 and the reason', () => {
  const refusals: [string, string, RegExp][] = [
    // Refused before they run: SQLite's verdict or our check.
    ['a write through a view', "INSERT INTO daily_sleep (id) VALUES ('x')", /it is a view/],
    ['a write in a CTE', 'WITH x AS (SELECT 1) DELETE FROM documents', /only one read-only/],
    ['ATTACH', "ATTACH ':memory:' AS other", /only one read-only/],
    ['VACUUM INTO', `VACUUM INTO '${join('/nonexistent', 'copy.sqlite')}'`, /only one read-only/],
    ['a PRAGMA that writes the file', 'PRAGMA journal_mode = DELETE', /only one read-only/],
    ['a second statement after a read', 'SELECT 1; DELETE FROM documents', /more than one/],
    ['readfile()', "SELECT readfile('/etc/passwd')", /no such function: readfile/],
    // PRAGMAs SQLite calls read-only, which still change the connection.
    [
      'a PRAGMA setting the lock mode',
      'PRAGMA locking_mode = EXCLUSIVE',
      /PRAGMA locking_mode with a value changes a setting/,
    ],
    [
      'a PRAGMA setting, schema-qualified, in call form',
      'PRAGMA main.busy_timeout(0)',
      /PRAGMA busy_timeout with a value/,
    ],
    [
      'a PRAGMA setting behind a comment and quotes',
      '/* limit */ pragma "hard_heap_limit" = 1',
      /PRAGMA hard_heap_limit with a value/,
    ],
    // Parameters: nothing can give them values.
    ['a ? parameter', 'SELECT day FROM daily_sleep WHERE day = ?', /it has parameters/],
    ['a named parameter', 'SELECT :day', /it has parameters/],
    // Stopped by SQLite while running: the statement's fault.
    ['load_extension()', "SELECT load_extension('/nonexistent/ext')", /not authorized/],
    ['a table-valued PRAGMA that writes', 'SELECT * FROM pragma_optimize', /readonly database/],
    ['malformed JSON', "SELECT json_extract('{', '$')", /the query failed: malformed JSON/],
    ['an integer overflow', 'SELECT abs(-9223372036854775808)', /integer overflow/],
    ['a value too big to hold', 'SELECT randomblob(2000000000)', /string or blob too big/],
  ];
  for (const [name, sql, reason] of refusals) {
    it(`${name}: ${sql}`, async () => {
      const before = (await stat(file)).mtimeMs;
      const result = await oura(['sql', sql]);
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).not.toContain('unexpected error');
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect((await stat(file)).mtimeMs).toBe(before);
    });
  }
});

describe('reads that look like refusals still run', () => {
  const reads: [string, string, unknown[]][] = [
    ['a PRAGMA whose argument names a table', 'PRAGMA table_info(tag)', [expect.anything()]],
    ['a PRAGMA read', 'PRAGMA locking_mode', [{ locking_mode: 'normal' }]],
    ['parameter marks inside strings', "SELECT '?' AS q, ':x' AS n -- ?", [{ q: '?', n: ':x' }]],
    ['a trailing ; and comment', 'SELECT count(*) AS n FROM daily_sleep; -- done', [{ n: 10 }]],
  ];
  for (const [name, sql, rows] of reads) {
    it(`${name}: ${sql}`, async () => {
      const result = await oura(['sql', sql, '--format', 'json']);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(expect.arrayContaining(rows));
    });
  }
});
