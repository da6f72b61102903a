/**
 * Why a `--database` deployment's PostgreSQL could not be opened, said as
 * what to do. The URL is never echoed (it may hold a password); PostgreSQL's
 * own message names the database or user, never a password.
 */
import { OuraError } from '../../errors.js';

const NOT_ANSWERING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOENT',
]);

/** `error` as a {@link OuraError} `DATABASE` when it is a failure to open the database, else as it is. */
export function openingFailure(error: unknown): unknown {
  const { code, message } = error as { code?: string; message?: string };
  const said = (reason: string, hint: string) =>
    new OuraError('DATABASE', `Cannot open the PostgreSQL database: ${reason}.`, { hint });
  if (code === '3D000') {
    return said(
      String(message),
      'Create it (`createdb NAME`), or correct the database in the URL.',
    );
  }
  if (code === '28P01' || code === '28000') {
    return said(
      String(message),
      'Check the user in the URL; a password comes from the URL, PGPASSWORD or ~/.pgpass.',
    );
  }
  if (code !== undefined && NOT_ANSWERING.has(code)) {
    return said(
      `nothing answers at its address (${code})`,
      'Check the host and port in the URL (or the socket directory in ?host=), and that PostgreSQL runs there.',
    );
  }
  return error;
}
