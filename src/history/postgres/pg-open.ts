/**
 * Creating and migrating schemas (a person's history, the service's own
 * tables). Two processes opening the same schema at once (a web process and a
 * worker) take turns on a transaction advisory lock, so the migrations run once.
 */
import type { Pool, PoolClient } from 'pg';
import { PG_MIGRATIONS, pgLayout, pgViewsSql, SCHEMA_NAME } from './pg-schema.js';

/** The schema's name, quoted; refuses anything but a plain identifier. */
export function schemaIdentifier(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `"${schema}" is not a schema name this store uses (lower-case letters, digits, _).`,
    );
  }
  return `"${schema}"`;
}

/**
 * A client of `pool` for a while: a connection the server cuts while the
 * client sits between queries (a restart, an administrator) reports it as
 * an 'error' event, which would end the process unheard. The next query on
 * it fails instead, and the caller's error handling takes over.
 */
export async function checkOut(pool: Pool): Promise<PoolClient> {
  const client = await pool.connect();
  if (client.listenerCount('error') === 0) client.on('error', () => {});
  return client;
}

/** Runs `work` in one transaction on a client of `pool`. */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await checkOut(pool);
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Brings `schema` to the last of `migrations` in one transaction: creates it
 * if needed, applies those it lacks (each entry takes version i to i + 1;
 * never edit one that has shipped), under a transaction advisory lock named
 * `lockName` so two processes starting at once migrate it once. `afterwards` runs
 * in the same transaction with the schema on the search path.
 */
export async function migrateVersioned(
  pool: Pool,
  schema: string,
  options: {
    lockName: string;
    migrations: readonly string[];
    /** What the schema holds, for the newer-version error. */
    holds: string;
    afterwards?: (client: PoolClient) => Promise<void>;
  },
): Promise<void> {
  const s = schemaIdentifier(schema);
  const { migrations } = options;
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [options.lockName]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`SET LOCAL search_path TO ${s}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const version = found.rows[0]?.version ?? 0;
    if (version > migrations.length) {
      throw new Error(
        `The ${options.holds} in schema ${schema} was written by a newer oura-connect (version ${version}); upgrade to use it.`,
      );
    }
    for (const migration of migrations.slice(version)) await client.query(migration);
    if (found.rows.length === 0)
      await client.query('INSERT INTO schema_version VALUES ($1)', [migrations.length]);
    else await client.query('UPDATE schema_version SET version = $1', [migrations.length]);
    await options.afterwards?.(client);
  });
}

/** Creates a person's schema if needed, applies the migrations it lacks, and lays out this build's views. */
export async function migrateSchema(pool: Pool, schema: string): Promise<void> {
  await migrateVersioned(pool, schema, {
    lockName: `oura-history:${schema}`,
    migrations: PG_MIGRATIONS,
    holds: 'history',
    async afterwards(client) {
      const layout = await client.query<{ value: string }>(
        "SELECT value FROM meta WHERE key = 'layout'",
      );
      if (layout.rows[0]?.value !== pgLayout()) {
        await client.query(pgViewsSql());
        await client.query(
          "INSERT INTO meta (key, value) VALUES ('layout', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          [pgLayout()],
        );
      }
    },
  });
}
