/**
 * Tool results. Failures are returned as `isError` results, never thrown, so
 * the assistant sees a sentence it can act on and the server keeps running
 * (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AuthenticationError, PermissionError } from '../api/errors.js';
import { LoginRequiredError, OuraError, UsageError } from '../errors.js';

/** What the assistant should tell the person when the login is missing or dead. */
export const LOGIN_ADVICE =
  'Ask the user to run `oura auth login` in a terminal (first time: `oura setup`), then try again. ' +
  'This server cannot log in by itself: it never opens a browser or asks for passwords.';

/** A successful result: a short text for the model and the data as structured content. */
export function okResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** A failed tool call, as a result the model can read. */
export function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** A message for a person, from any error a tool may meet. */
export function describeError(error: unknown, loginAdvice: string = LOGIN_ADVICE): string {
  if (error instanceof LoginRequiredError || error instanceof AuthenticationError) {
    // Keep a specific hint (`oura setup`, a bad OURA_ACCESS_TOKEN); the generic one is in the advice.
    const hint =
      error.hint && !error.hint.startsWith('Run `oura auth login`') ? ` ${error.hint}` : '';
    return `Not connected to Oura: ${error.message}${hint} ${loginAdvice}`;
  }
  if (error instanceof UsageError) {
    return `Invalid arguments: ${error.message}${error.hint ? ` ${error.hint}` : ''}`;
  }
  if (error instanceof PermissionError) {
    return `${error.message}. ${error.hint ?? ''}`.trim();
  }
  if (error instanceof OuraError) {
    return `${error.message}${error.hint ? ` ${error.hint}` : ''}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message}`;
}

/**
 * Masks every known secret in a result before it leaves the server. Our
 * errors never carry tokens; this is the second lock on the door, for
 * messages we did not write (a library's, a server's echo).
 */
export function redact(result: CallToolResult, secrets: Iterable<string>): CallToolResult {
  return redactWithJson(result, secrets).result;
}

/**
 * {@link redact}, with the result's JSON as well: the tool runner measures the
 * answer from it (`fitAnswer`), so a year's check-in is serialized once, not twice.
 */
export function redactWithJson(
  result: CallToolResult,
  secrets: Iterable<string>,
): { result: CallToolResult; json: string } {
  const escaped = [...secrets]
    .filter((s) => s.length >= 8)
    .map((s) => JSON.stringify(s).slice(1, -1));
  let json = JSON.stringify(result);
  const found = escaped.filter((s) => json.includes(s));
  if (found.length === 0) return { result, json };
  for (const secret of found) json = json.split(secret).join('[redacted]');
  return { result: JSON.parse(json) as CallToolResult, json };
}
