/**
 * Error classes shared by every layer. Each carries a stable `code` from the
 * catalogue (error-codes.ts) that programs can branch on; the catalogue gives
 * each code its exit code of the contract (1 runtime failure, 2 usage error,
 * 4 authentication needed), so the classes below only choose the code.
 */
import { type ErrorCode, type ExitCode, exitCodeFor } from './error-codes.js';

export type { ErrorCode, ExitCode } from './error-codes.js';

export interface OuraErrorOptions {
  cause?: unknown;
  /** What the person can do about it, printed on its own line after the message. */
  hint?: string;
}

/** Base of every error this package throws on purpose. */
export class OuraError extends Error {
  override readonly name: string = 'OuraError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: OuraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }

  /** The CLI's exit code for this error, as the catalogue gives it for `code`. */
  get exitCode(): ExitCode {
    return exitCodeFor(this.code);
  }
}

/** Bad input from the person or program calling us: reported before any request. */
export class UsageError extends OuraError {
  override readonly name = 'UsageError';
  constructor(message: string, options: OuraErrorOptions = {}) {
    super('USAGE', message, options);
  }
}

/**
 * A login is needed: none is stored, or the refresh chain is dead
 * (`invalid_grant`). Nothing stored is deleted when this is thrown.
 */
export class LoginRequiredError extends OuraError {
  override readonly name = 'LoginRequiredError';
  constructor(message: string, options: OuraErrorOptions = {}) {
    super('LOGIN_REQUIRED', message, { hint: 'Run `oura auth login`.', ...options });
  }
}

/** Exit code for anything thrown, including errors we did not make (a runtime failure). */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof OuraError ? exitCodeFor(error.code) : 1;
}
