/**
 * The errors of the token and revocation endpoints, and the translation of
 * oauth4webapi's and fetch's failures into them. No message or `cause` ever
 * carries a token, a code or an answer's body.
 */
import * as oauth from 'oauth4webapi';
import { OuraError } from '../errors.js';

/** A token endpoint answer we could not use: HTTP status or transport failure. */
export class TokenEndpointError extends OuraError {
  override readonly name = 'TokenEndpointError';
  /** True when trying again later may work (network failure, 5xx). */
  readonly transient: boolean;
  constructor(
    message: string,
    transient: boolean,
    options: { cause?: unknown; hint?: string } = {},
  ) {
    super('TOKEN_ENDPOINT', message, options);
    this.transient = transient;
  }
}

/** The server refused the grant (`invalid_grant`): a spent code or a dead refresh token. */
export class InvalidGrantError extends OuraError {
  override readonly name = 'InvalidGrantError';
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('INVALID_GRANT', message, options);
  }
}

/** True when the server refused the client itself (`invalid_client`), so another token endpoint may accept it. */
export function isClientRejection(error: unknown): boolean {
  return error instanceof oauth.ResponseBodyError && error.error === 'invalid_client';
}

/** Maps oauth4webapi's and fetch's failures to our errors; never includes the response body. */
export function translateTokenFailure(
  error: unknown,
  tokenUrl: string,
  grant: 'code' | 'refresh',
): OuraError {
  const where = safeUrl(tokenUrl);
  if (error instanceof oauth.ResponseBodyError) {
    const described = error.error_description ? `: ${error.error_description}` : '';
    if (error.error === 'invalid_grant') {
      return new InvalidGrantError(
        grant === 'code'
          ? `The authorization code was rejected (invalid_grant${described}). Codes are single use and short-lived.`
          : `The stored login can no longer be refreshed (invalid_grant${described}).`,
        { cause: error, hint: 'Run `oura auth login`.' },
      );
    }
    if (error.error === 'invalid_client') {
      return new OuraError(
        'INVALID_CLIENT',
        `${where} rejected the client (invalid_client${described}).`,
        {
          cause: error,
          hint: 'Check the client ID and secret (`oura setup`), and the auth server: apps from the older portal need `--auth-server legacy`.',
        },
      );
    }
    return new TokenEndpointError(
      `${where} answered HTTP ${error.status} (${error.error}${described}).`,
      error.status >= 500,
      { cause: error },
    );
  }
  if (isUnusableAnswer(error)) {
    const status =
      error instanceof oauth.WWWAuthenticateChallengeError
        ? error.status
        : error.cause instanceof Response
          ? error.cause.status
          : undefined;
    // A 2xx we could not read may already have rotated the refresh token: a
    // retry would spend the old one again, so only a 5xx counts as transient.
    const transient = status !== undefined && status >= 500;
    // No `cause`: oauth4webapi keeps the answer's body there, tokens included.
    return new TokenEndpointError(
      `${where} gave an unusable answer${status ? ` (HTTP ${status})` : ''}: ${error.message}`,
      transient,
    );
  }
  // Retry only failures that happened before the request left (refused, no
  // route, no DNS): after that, the server may have acted on it.
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const notSent = typeof code === 'string' && NOT_SENT.has(code);
  return new TokenEndpointError(`Could not reach ${where}: ${reason(error)}`, notSent, {
    cause: error,
    hint: 'Check the network connection and try again.',
  });
}

/** oauth4webapi's verdicts on an answer that arrived but cannot be used. */
function isUnusableAnswer(
  error: unknown,
): error is
  | oauth.OperationProcessingError
  | oauth.UnsupportedOperationError
  | oauth.WWWAuthenticateChallengeError {
  return (
    error instanceof oauth.OperationProcessingError ||
    error instanceof oauth.UnsupportedOperationError ||
    error instanceof oauth.WWWAuthenticateChallengeError
  );
}

const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** An error's message and its cause's, for a sentence that names what failed. */
export function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** A URL as printable: origin and path, never a query that could carry a token. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
