/**
 * The line that explains a silent terminal: when the API is slow to answer,
 * say once per command what is awaited (the host, never a path or a token)
 * and how long before giving up, instead of leaving the person guessing.
 */
import type { SlowAnswerEvent } from '../../api/http.js';
import { DEFAULT_RETRY } from '../../api/retry-policy.js';

export function slowAnswerNotice(write: (line: string) => void): (event: SlowAnswerEvent) => void {
  let told = false;
  return ({ host, waitedMs }) => {
    // Concurrent requests (windows, pages) wait on the same server: one line says it all.
    if (told) return;
    told = true;
    write(
      `oura: still waiting for ${host} to answer (${waitedMs / 1000} s so far; giving up after ${DEFAULT_RETRY.maxSilenceMs / 1000} s).`,
    );
  };
}
