/**
 * The query behind `oura_query`: whatever the statement makes, its answer
 * has at most `maxRows` rows and about `maxChars` characters, long values cut
 * as they arrive and marked, and never an empty answer for one big row.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cutMark, runBoundedQuery, valueCap } from '../src/history/bounded-query.js';

const db = new Database(':memory:');
afterAll(() => db.close());
const bounds = { maxRows: 1000, maxChars: 10_000 };
const size = (rows: unknown[]) =>
  rows.reduce<number>((n, row) => n + JSON.stringify(row).length + 1, 0);

describe('runBoundedQuery', () => {
  it('answers a small query whole', () => {
    expect(runBoundedQuery(db, "SELECT 1 AS n, 'a' AS t, x'00ff' AS b", bounds)).toEqual({
      columns: ['n', 't', 'b'],
      rows: [{ n: 1, t: 'a', b: 'AP8=' }],
      cut: undefined,
      cutValues: 0,
    });
  });

  it('cuts a long text and a long blob, saying how long they were', () => {
    const result = runBoundedQuery(
      db,
      "SELECT printf('%.*c', 5000000, 'x') AS t, zeroblob(3000000) AS b",
      bounds,
    );
    const row = result.rows[0] as { t: string; b: string };
    expect(row.t).toMatch(/^x{64,}…\[cut: 5000000 bytes in all\]$/);
    expect(row.b.endsWith(cutMark(3_000_000))).toBe(true);
    const prefix = Buffer.from(row.b.slice(0, -cutMark(3_000_000).length), 'base64');
    expect(prefix.length).toBeGreaterThan(0);
    expect(prefix.every((byte) => byte === 0)).toBe(true);
    expect(result.cutValues).toBe(2);
    expect(size(result.rows)).toBeLessThanOrEqual(bounds.maxChars);
  });

  it('holds a value as it arrives to the cap, less with many columns', () => {
    expect(valueCap(1, 80_000)).toBe(80_000);
    expect(valueCap(16, 80_000)).toBe(20_000);
    expect(valueCap(2000, 80_000)).toBe(256);
  });

  it('stops at maxRows, or at the row that would pass maxChars', () => {
    const many = 'WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5000)';
    const byRows = runBoundedQuery(db, `${many} SELECT i FROM c`, { maxRows: 100, maxChars: 1e6 });
    expect(byRows.rows).toHaveLength(100);
    expect(byRows.cut).toBe('rows');
    const bySize = runBoundedQuery(
      db,
      `${many} SELECT i, printf('%.*c', 500, 'y') AS pad FROM c`,
      bounds,
    );
    expect(bySize.cut).toBe('size');
    expect(bySize.rows.length).toBeGreaterThan(10);
    expect(size(bySize.rows)).toBeLessThanOrEqual(bounds.maxChars);
    expect(bySize.rows.map((row) => row.i)).toEqual(bySize.rows.map((_, i) => i + 1));
  });

  it('cuts the longest values of a first row too big alone, so the answer is never empty', () => {
    const wide = Array.from({ length: 50 }, (_, i) => `printf('%.*c', 9000, 'w') AS w${i}`);
    const result = runBoundedQuery(db, `SELECT 7 AS n, ${wide.join(', ')}`, bounds);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]?.n).toBe(7);
    expect(size(result.rows)).toBeLessThanOrEqual(bounds.maxChars);
    expect(result.cutValues).toBe(50);
    expect(String(result.rows[0]?.w0)).toMatch(/^w+…\[cut: 9000 bytes in all\]$/);
  });

  it('counts JSON characters: a text of NULs (six each) is cut until it fits', () => {
    const result = runBoundedQuery(db, 'SELECT CAST(zeroblob(100000) AS TEXT) AS nul', bounds);
    expect(size(result.rows)).toBeLessThanOrEqual(bounds.maxChars);
    expect(String(result.rows[0]?.nul).endsWith(cutMark(100_000))).toBe(true);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const result = runBoundedQuery(db, "SELECT printf('%.*c', 40000, '😀') AS e", {
      maxRows: 1,
      maxChars: 1001,
    });
    const text = String(result.rows[0]?.e);
    expect(text.slice(0, text.indexOf('…'))).toMatch(/^(😀)+$/u);
  });

  it('cuts values of a statement it reads as is (EXPLAIN) the same way', () => {
    const literal = 'z'.repeat(50_000);
    const result = runBoundedQuery(db, `EXPLAIN SELECT '${literal}'`, bounds);
    const p4 = result.rows.map((row) => String(row.p4 ?? '')).find((v) => v.startsWith('zzz'));
    expect(p4?.endsWith(cutMark(50_000))).toBe(true);
    expect(size(result.rows)).toBeLessThanOrEqual(bounds.maxChars);
  });

  it('keeps the last of two columns of the same name, as better-sqlite3 does', () => {
    const result = runBoundedQuery(db, "SELECT printf('%.*c', 50000, 'a') AS a, 1 AS a", bounds);
    expect(result.rows).toEqual([{ a: 1 }]);
    expect(result.cutValues).toBe(0);
  });
});
