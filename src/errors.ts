/**
 * Error classes shared by every layer. Each carries a stable `code` that
 * programs can branch on; the CLI maps codes to the exit codes of the contract
 * (0 success, 1 runtime failure, 2 usage error, 4 authentication needed).
 */

/** Exit code a CLI should use for an error of a given kind. */
export type ExitCode = 1 | 2 | 4;

export interface OuraErrorOptions {
  cause?: unknown;
  /** What the person can do about it, printed on its own line after the message. */
  hint?: string;
}

/** Base of every error this package throws on purpose. */
export class OuraError extends Error {
  override readonly name: string = 'OuraError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode = 1;

  constructor(code: string, message: string, options: OuraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/** Bad input from the person or program calling us: reported before any request. */
export class UsageError extends OuraError {
  override readonly name = 'UsageError';
  override readonly exitCode = 2;
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
  override readonly exitCode = 4;
  constructor(message: string, options: OuraErrorOptions = {}) {
    super('LOGIN_REQUIRED', message, { hint: 'Run `oura auth login`.', ...options });
  }
}

/** Exit code for anything thrown, including errors we did not make. */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof OuraError ? error.exitCode : 1;
}
