/**
 * Where a person's history lives when `oura serve` keeps it in PostgreSQL:
 * a schema of their own, named from a hash of their Oura id, so no id ever
 * becomes SQL. The web process reads it, workers write it.
 */
import { createHash } from 'node:crypto';

/** The schema holding `person`'s history. */
export const historySchemaOf = (person: string): string =>
  `person_${createHash('sha256').update(person).digest('hex').slice(0, 32)}`;
