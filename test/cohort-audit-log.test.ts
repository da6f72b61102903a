/**
 * The cohorts' audit log on both stores (the SQLite state file and the shared
 * PostgreSQL database): entries come back newest first with what was
 * recorded and the store's clock, filtered by cohort and participant, a page
 * at a time; and the database itself refuses to change or remove one.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../src/serve/cohort-data/audit-log.js';
import { openPgAuditLog } from '../src/serve/cohort-data/pg-audit-log.js';
import { sqliteAuditLog } from '../src/serve/cohort-data/sqlite-audit-log.js';
import { openStateDb, type StateDb } from '../src/serve/state/state-db.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const hasPostgres = await postgresAvailable();
let database: TestDatabase | undefined;

/** The stores' clock; tests move it. */
let clock = Date.parse('2026-03-01T12:00:00.700Z');
const now = () => clock;

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

interface Opened {
  log: AuditLog;
  /** Runs one statement on the table from outside the log, as any other code could. */
  raw(sql: string): Promise<unknown>;
  /** The same log, opened anew on the same store. */
  reopen(): Promise<AuditLog>;
  close(): Promise<void>;
}

const openers: Record<'sqlite' | 'postgres', () => Promise<Opened>> = {
  sqlite: async () => {
    const path = join(await tempDir('oura-audit-'), 'state.sqlite');
    const dbs = [await openStateDb(path)];
    return {
      log: sqliteAuditLog(dbs[0] as StateDb, now),
      raw: async (sql) => {
        const other = new Database(path);
        try {
          return other.prepare(sql).run();
        } finally {
          other.close();
        }
      },
      reopen: async () => {
        const db = await openStateDb(path);
        dbs.push(db);
        return sqliteAuditLog(db, now);
      },
      close: async () => {
        for (const db of dbs) db.close();
      },
    };
  },
  postgres: async () => {
    const pool = (database as TestDatabase).pool();
    return {
      log: await openPgAuditLog(pool, now),
      raw: (sql) => pool.query(sql.replaceAll('audit_log', 'oura_service.audit_log')),
      reopen: () => openPgAuditLog((database as TestDatabase).pool(), now),
      close: async () => {},
    };
  },
};

function contract(kind: 'sqlite' | 'postgres'): void {
  let opened: Opened;
  beforeAll(async () => {
    opened = await openers[kind]();
    const { log } = opened;
    clock = Date.parse('2026-03-01T12:00:00.700Z');
    await log.record({ actor: 'owner', action: 'view-status', participant: 'p-01', cohort: 'c1' });
    clock += 60_000;
    await log.record({
      actor: 'owner',
      action: 'export',
      participant: 'p-02',
      cohort: 'c1',
      detail: 'sleep 2026-02-01..2026-02-28 parquet',
    });
    // The same second: their order is the order they were recorded in.
    await log.record({ actor: 'coach', action: 'export', participant: 'p-01', cohort: 'c2' });
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('lists entries newest first, each as recorded, at the clock its second', async () => {
    const entries = await opened.log.list({ limit: 10 });
    expect(entries.map(({ id: _, ...rest }) => rest)).toEqual([
      {
        at: new Date('2026-03-01T12:01:00Z'),
        actor: 'coach',
        action: 'export',
        participant: 'p-01',
        cohort: 'c2',
      },
      {
        at: new Date('2026-03-01T12:01:00Z'),
        actor: 'owner',
        action: 'export',
        participant: 'p-02',
        cohort: 'c1',
        detail: 'sleep 2026-02-01..2026-02-28 parquet',
      },
      {
        at: new Date('2026-03-01T12:00:00Z'),
        actor: 'owner',
        action: 'view-status',
        participant: 'p-01',
        cohort: 'c1',
      },
    ]);
    const ids = entries.map((entry) => entry.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('filters by cohort, by participant and by both, a page at a time', async () => {
    const who = async (filter: Parameters<AuditLog['list']>[0]) =>
      (await opened.log.list(filter)).map((e) => `${e.cohort}/${e.participant}/${e.action}`);
    expect(await who({ cohort: 'c1', limit: 10 })).toEqual([
      'c1/p-02/export',
      'c1/p-01/view-status',
    ]);
    expect(await who({ participant: 'p-01', limit: 10 })).toEqual([
      'c2/p-01/export',
      'c1/p-01/view-status',
    ]);
    expect(await who({ cohort: 'c1', participant: 'p-01', limit: 10 })).toEqual([
      'c1/p-01/view-status',
    ]);
    expect(await who({ cohort: 'c3', limit: 10 })).toEqual([]);
    expect(await who({ limit: 2 })).toEqual(['c2/p-01/export', 'c1/p-02/export']);
  });

  it('refuses a limit outside 1 to 1000', async () => {
    for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
      await expect(opened.log.list({ limit }), String(limit)).rejects.toThrow(RangeError);
    }
  });

  it('keeps its entries when opened anew, and goes on numbering after them', async () => {
    const again = await opened.reopen();
    const before = await again.list({ limit: 10 });
    expect(before).toHaveLength(3);
    await again.record({ actor: 'owner', action: 'export', participant: 'p-03', cohort: 'c1' });
    const [newest] = await again.list({ limit: 1 });
    expect(newest?.participant).toBe('p-03');
    expect(newest?.id).toBeGreaterThan(before[0]?.id ?? Number.POSITIVE_INFINITY);
  });

  it('is append-only in the database: an update or a delete from any code is refused', async () => {
    const statements = ["UPDATE audit_log SET actor = 'someone else'", 'DELETE FROM audit_log'];
    if (kind === 'postgres') statements.push('TRUNCATE audit_log');
    for (const sql of statements) {
      await expect(opened.raw(sql), sql).rejects.toThrow('the audit log is append-only');
    }
    expect(await opened.log.list({ limit: 10 })).toHaveLength(4);
  });
}

describe('the audit log on SQLite', () => contract('sqlite'));
describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'the audit log on PostgreSQL', () =>
  contract('postgres'),
);
