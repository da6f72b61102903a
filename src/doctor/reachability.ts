/**
 * Does Oura answer? One unauthenticated request to the API and one to the
 * token endpoint, each with a short deadline. Any HTTP answer below 500
 * (a 401 for the missing token, a 400 for the empty grant) proves the server
 * is there; nothing secret is sent, so nothing can leak or be used up.
 */
import { type Check, fail, ok, reasonOf } from './check.js';

export interface ProbeOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** `GET $OURA_API_URL/v2/usercollection/personal_info` without a token. */
export function probeApi(apiUrl: string, options: ProbeOptions): Promise<Check> {
  return probe(
    'api',
    `${apiUrl}/v2/usercollection/personal_info`,
    { method: 'GET' },
    options,
    'OURA_API_URL',
  );
}

/** `POST` of an empty form to the token endpoint the profile refreshes at. */
export function probeTokenEndpoint(tokenUrl: string, options: ProbeOptions): Promise<Check> {
  return probe(
    'token_endpoint',
    tokenUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    },
    options,
    'OURA_TOKEN_URL',
  );
}

async function probe(
  name: string,
  url: string,
  init: RequestInit,
  options: ProbeOptions,
  variable: string,
): Promise<Check> {
  const started = Date.now();
  const where = withoutQuery(url);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      ...init,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
    const took = `${Date.now() - started} ms`;
    if (response.status >= 500) {
      return fail(
        name,
        `${where} answered HTTP ${response.status} (${took}): Oura is having trouble; try again later.`,
      );
    }
    return ok(name, `${where} answers (HTTP ${response.status} without credentials, ${took})`);
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs / 1000} s`
        : reasonOf(error);
    return fail(
      name,
      `${where} did not answer (${reason}): check the network, a proxy or ${variable}.`,
    );
  }
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
