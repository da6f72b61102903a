/**
 * `oura serve rotate-key` on a `--database` deployment: every sealed value in
 * the service's schema that is not under the current key, sealed again under
 * it, while web and worker processes keep reading and writing those rows.
 * Rows are read in batches and each is updated only if it still holds the
 * value read (compare-and-set): a login a worker refreshed meanwhile is
 * already sealed by that worker, and writing the old tokens back over it
 * would spend a used refresh token and lose the login.
 */
import type { Pool } from 'pg';
import { SealedValueError } from '../keys/key-errors.js';
import { SHARED_CLAIM_SETTING } from '../state/admission.js';
import { APP_CREDENTIALS_SETTING } from '../state/app-credentials.js';
import { admissionContext, verifierContext } from '../state/sign-in-store.js';
import { tokensContext } from '../state/user-store.js';
import { WEBHOOK_TOKEN_SETTING } from '../state/webhook-token.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

/** What each kind of sealed value is called in the report. */
export type SealedKind = 'Oura logins' | 'server secrets' | 'secrets of sign-ins in progress';

interface SealedColumn {
  kind: SealedKind;
  table: string;
  key: string;
  column: string;
  context(key: string): string;
  /** Only these rows hold sealed values (the settings table also holds plain ones). */
  keys?: readonly string[];
}

const SEALED_SETTINGS = [WEBHOOK_TOKEN_SETTING, APP_CREDENTIALS_SETTING, SHARED_CLAIM_SETTING];

/** Every column of the service's schema that holds sealed values. */
const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    kind: 'Oura logins',
    table: 'people',
    key: 'person',
    column: 'oura_tokens',
    context: tokensContext,
  },
  {
    kind: 'server secrets',
    table: 'settings',
    key: 'key',
    column: 'value',
    keys: SEALED_SETTINGS.map((setting) => setting.key),
    // Only the keys above are read, so each has its context.
    context: (key) => SEALED_SETTINGS.find((setting) => setting.key === key)?.context as string,
  },
  {
    kind: 'secrets of sign-ins in progress',
    table: 'sign_ins',
    key: 'id',
    column: 'oura_verifier',
    context: verifierContext,
  },
  {
    kind: 'secrets of sign-ins in progress',
    table: 'sign_ins',
    key: 'id',
    column: 'admission',
    context: admissionContext,
  },
];

export interface ResealOptions {
  /** The id of the key values are sealed under from now on. */
  currentId: string;
  /** The value sealed again under the current key (it throws a SealedValueError when it cannot be opened). */
  reseal(sealed: string, context: string): string | Promise<string>;
  /** Rows read at a time (default 200). */
  batchSize?: number;
  schema?: string;
}

export interface ResealReport {
  /** Values sealed again, by kind. */
  resealed: Record<SealedKind, number>;
  /** Rows another process changed between the read and the update: left as that process wrote them. */
  changedMeanwhile: number;
  /** Values this process could not open, by the key id they name (`?` when none can be read). */
  unopened: Record<string, number>;
  /** After the pass, values still under a key other than the current one, by key id. */
  remaining: Record<string, number>;
}

/** The key id of a sealed value (`v1.<kid>.<iv>.<ciphertext>.<tag>`), in SQL. */
const KEY_ID_OF = (column: string) => `split_part(${column}, '.', 2)`;

/** Seals every value of the service's schema not under `currentId` again, once over. */
export async function resealServiceState(
  pool: Pool,
  options: ResealOptions,
): Promise<ResealReport> {
  const schema = await openServiceSchema(pool, options.schema ?? SERVICE_SCHEMA);
  const report: ResealReport = {
    resealed: { 'Oura logins': 0, 'server secrets': 0, 'secrets of sign-ins in progress': 0 },
    changedMeanwhile: 0,
    unopened: {},
    remaining: {},
  };
  for (const sealed of SEALED_COLUMNS) {
    await resealColumn(pool, `${schema}.${sealed.table}`, sealed, options, report);
  }
  for (const sealed of SEALED_COLUMNS) {
    const { table, column } = sealed;
    const left = await pool.query<{ kid: string; n: string }>(
      `SELECT ${KEY_ID_OF(column)} AS kid, count(*) AS n FROM ${schema}.${table}
       WHERE ${oldValues(sealed)} GROUP BY 1`,
      [options.currentId, sealed.keys ?? null],
    );
    for (const { kid, n } of left.rows) {
      report.remaining[kid] = (report.remaining[kid] ?? 0) + Number(n);
    }
  }
  return report;
}

/** The rows of `sealed` whose value names another key than $1 (and, for settings, only sealed keys, $2). */
function oldValues({ key, column }: SealedColumn): string {
  return `${column} IS NOT NULL AND ${KEY_ID_OF(column)} <> $1
    AND ($2::text[] IS NULL OR ${key} = ANY($2::text[]))`;
}

async function resealColumn(
  pool: Pool,
  table: string,
  sealed: SealedColumn,
  options: ResealOptions,
  report: ResealReport,
): Promise<void> {
  const { key, column } = sealed;
  let after: string | null = null;
  for (;;) {
    // Keyset pages in key order: a row updated behind the cursor is never read twice.
    const batch: { k: string; v: string }[] = (
      await pool.query<{ k: string; v: string }>(
        `SELECT ${key} AS k, ${column} AS v FROM ${table}
         WHERE ${oldValues(sealed)} AND ($3::text IS NULL OR ${key} > $3)
         ORDER BY ${key} LIMIT $4`,
        [options.currentId, sealed.keys ?? null, after, options.batchSize ?? 200],
      )
    ).rows;
    for (const row of batch) {
      let fresh: string;
      try {
        fresh = await options.reseal(row.v, sealed.context(row.k));
      } catch (error) {
        if (!(error instanceof SealedValueError)) throw error;
        const kid = error.keyId ?? '?';
        report.unopened[kid] = (report.unopened[kid] ?? 0) + 1;
        continue;
      }
      const updated = await pool.query(
        `UPDATE ${table} SET ${column} = $3 WHERE ${key} = $1 AND ${column} = $2`,
        [row.k, row.v, fresh],
      );
      if (updated.rowCount === 1) report.resealed[sealed.kind] += 1;
      else report.changedMeanwhile += 1;
    }
    const last = batch.at(-1);
    if (last === undefined) return;
    after = last.k;
  }
}
