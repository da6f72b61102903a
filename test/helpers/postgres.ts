/**
 * A real PostgreSQL for tests: each test file makes a database of its own
 * and drops it at the end. `.ci/run` starts Debian's server and passes its
 * URL in OURA_TEST_POSTGRES_URL; elsewhere the local server's socket is
 * tried as the OS user. Outside CI a machine without one skips those tests
 * with a visible message; under CI that is a failure (requirements.ts).
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { peerAvailable } from './requirements.js';

export const POSTGRES_URL =
  process.env.OURA_TEST_POSTGRES_URL ??
  `postgres:///postgres?host=/var/run/postgresql&user=${encodeURIComponent(userInfo().username)}`;

/** The same server's URL for another database. */
export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function postgresAvailable(): Promise<boolean> {
  return peerAvailable(
    'PostgreSQL',
    await reachable(),
    'apt-get install -y postgresql, pg_ctlcluster 15 main start, and a role for this user; or set OURA_TEST_POSTGRES_URL',
  );
}

export interface TestDatabase {
  url: string;
  /** A new pool on the database (default 4 connections); ended by `drop` if still open. */
  pool(max?: number): pg.Pool;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `oura_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const pools: pg.Pool[] = [];
  return {
    url,
    pool(max = 4) {
      const pool = new pg.Pool({ connectionString: url, max });
      // `drop` ends the pools, then drops the database WITH (FORCE): a connection still
      // closing is killed, and its error reaches the pool, which without a listener threw
      // it unhandled (CI's leap-day pass of cohort-export: 'terminating connection due to
      // administrator command').
      pool.on('error', () => {});
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((pool) => pool.end().catch(() => {})));
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
