import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { asHistoryError } from '../../history/errors.js';
import type { OuraMcpDeps } from '../deps.js';
import { describeError, errorResult, redact } from '../results.js';

/** Runs a tool body: failures become `isError` results, secrets are masked, one log line each. */
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
      result = errorResult(describeError(error));
    }
    // Masked before logging too: stderr ends up in client log files.
    const safe = redact(result, deps.secrets?.() ?? []);
    const first = safe.content[0];
    log(
      safe.isError
        ? `${name}: failed: ${first?.type === 'text' ? first.text : ''}`
        : `${name}: ok (${Date.now() - started} ms)`,
    );
    return safe;
  };
}
