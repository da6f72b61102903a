import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { asHistoryError } from '../../history/errors.js';
import { fitAnswer, MAX_ANSWER_BYTES } from '../budget.js';
import type { OuraMcpDeps } from '../deps.js';
import { describeError, errorResult, redactWithJson } from '../results.js';

/**
 * Runs a tool body: failures become `isError` results, secrets are masked,
 * every answer is held to MAX_ANSWER_BYTES, one log line each.
 */
export type ToolRunner = (
  name: string,
  body: () => Promise<CallToolResult>,
) => Promise<CallToolResult>;

/** The runner every tool of one server shares. */
export function toolRunner(deps: OuraMcpDeps): ToolRunner {
  const log = deps.log ?? (() => {});
  return async (name, body) => {
    const started = Date.now();
    let result: CallToolResult;
    try {
      result = await body();
    } catch (thrown) {
      // A damaged page of the history, met while a tool read it: name the file and the way out.
      const error = deps.history ? asHistoryError(thrown, deps.history.path) : thrown;
      result = errorResult(describeError(error, deps.loginAdvice));
    }
    // Masked before logging too: stderr ends up in client log files. Masked
    // before cutting, so no cut can leave half a secret where the mask would not see it.
    const masked = redactWithJson(result, deps.secrets?.() ?? []);
    const size = Buffer.byteLength(masked.json);
    const safe = fitAnswer(masked.result, name, MAX_ANSWER_BYTES, size);
    const first = safe.content[0];
    const reason = first?.type === 'text' ? first.text : '';
    log(
      safe.isError
        ? `${name}: failed: ${reason.length > 500 ? `${reason.slice(0, 500)}…` : reason}`
        : `${name}: ok (${Date.now() - started} ms)`,
    );
    return safe;
  };
}
