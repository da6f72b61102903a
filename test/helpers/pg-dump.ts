/**
 * What a `pg_dump` of a test database would hold, as text: every non-null
 * value of every column of every table outside PostgreSQL's own schemas (or
 * of the schemas named), for tests that search it for secrets in clear.
 */
import type pg from 'pg';

export async function dumpedValues(pool: pg.Pool, schemas?: string[]): Promise<string[]> {
  const tables = await pool.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE'
       AND table_schema NOT IN ('pg_catalog', 'information_schema')
       AND ($1::text[] IS NULL OR table_schema = ANY($1::text[]))`,
    [schemas ?? null],
  );
  const values: string[] = [];
  for (const { table_schema, table_name } of tables.rows) {
    const rows = await pool.query(`SELECT * FROM ${quote(table_schema)}.${quote(table_name)}`);
    for (const row of rows.rows) {
      for (const value of Object.values(row)) {
        if (value !== null)
          values.push(typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
    }
  }
  return values;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
