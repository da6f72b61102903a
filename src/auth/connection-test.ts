import { OuraError } from '../errors.js';

/** What the connection test learns about the person who logged in. */
export interface ConnectedUser {
  id?: string;
  email?: string;
  age?: number;
  weight?: number;
  height?: number;
  biological_sex?: string;
}

/** Oura's answer to one personal_info request: its HTTP status, and the user on 2xx. */
export interface PersonalInfoAnswer {
  url: string;
  status: number;
  user?: ConnectedUser;
}

/**
 * One GET of `/v2/usercollection/personal_info`, the cheapest request that
 * proves a token works. No retries and no refresh: callers decide what a 401
 * means. Throws an {@link OuraError} (`CONNECTION_TEST`) when Oura cannot be
 * reached, naming the URL but never the token.
 */
export async function requestPersonalInfo(
  apiUrl: string,
  accessToken: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<PersonalInfoAnswer> {
  const url = `${apiUrl.replace(/\/+$/, '')}/v2/usercollection/personal_info`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new OuraError('CONNECTION_TEST', `could not reach ${url}: ${reason}`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { url, status: response.status };
  }
  return { url, status: response.status, user: (await response.json()) as ConnectedUser };
}

/**
 * Reads personal_info with a fresh token: the proof that the login works end
 * to end. Answers undefined when the `personal` scope was not granted (HTTP
 * 403), since the login itself is still good then.
 */
export async function fetchPersonalInfo(
  apiUrl: string,
  accessToken: string,
  doFetch: typeof fetch = fetch,
): Promise<ConnectedUser | undefined> {
  let answer: PersonalInfoAnswer;
  try {
    answer = await requestPersonalInfo(apiUrl, accessToken, { fetch: doFetch });
  } catch (error) {
    throw new OuraError('CONNECTION_TEST', `Logged in, but ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (answer.status === 403) return undefined;
  if (!answer.user) {
    throw new OuraError(
      'CONNECTION_TEST',
      `Logged in, but ${answer.url} answered HTTP ${answer.status}.`,
    );
  }
  return answer.user;
}

/** How a user is named in messages: the email when known, else the id. */
export function displayName(user: ConnectedUser | undefined): string | undefined {
  return user?.email || user?.id;
}
