/** The outline of a statement that `oura sql` and `oura_query` read before SQLite runs it. */
import { describe, expect, it } from 'vitest';
import { pragmaSetting, sqlTokens } from '../src/history/sql-text.js';

describe('sqlTokens', () => {
  it('skips comments and white space, and keeps strings and quoted names whole', () => {
    const texts = (sql: string) => [...sqlTokens(sql)].map((token) => token.text);
    expect(texts('SELECT 1; -- done')).toEqual(['SELECT', '1', ';']);
    expect(texts('SELECT \';\' AS s, "a;b", [c;d], `e;f` /* ; */ -- ;\n;')).toEqual([
      'SELECT',
      "';'",
      'AS',
      's',
      ',',
      '"a;b"',
      ',',
      '[c;d]',
      ',',
      '`e;f`',
      ';',
    ]);
    expect(texts("SELECT 'it''s; fine' /* unclosed")).toEqual(['SELECT', "'it''s; fine'"]);
  });
});

describe('pragmaSetting', () => {
  it('names a PRAGMA given a value, in every spelling', () => {
    expect(pragmaSetting('PRAGMA busy_timeout = 0')).toBe('busy_timeout');
    expect(pragmaSetting('pragma main.locking_mode(EXCLUSIVE)')).toBe('locking_mode');
    expect(pragmaSetting('/* x */ PRAGMA\n"Hard_Heap_Limit"=1')).toBe('hard_heap_limit');
    expect(pragmaSetting('PRAGMA [temp].`cache_size` = -2000')).toBe('cache_size');
  });

  it('lets reads through: no value, or an argument naming what to read', () => {
    expect(pragmaSetting('PRAGMA locking_mode')).toBeUndefined();
    expect(pragmaSetting('PRAGMA main.table_info(sleep)')).toBeUndefined();
    expect(pragmaSetting("PRAGMA integrity_check('documents')")).toBeUndefined();
    expect(pragmaSetting("SELECT 'PRAGMA x = 1'")).toBeUndefined();
    expect(pragmaSetting('-- PRAGMA busy_timeout = 0\nSELECT 1')).toBeUndefined();
  });
});
