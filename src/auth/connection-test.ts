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

/**
 * Reads `/v2/usercollection/personal_info` with a fresh token: the proof that
 * the login works end to end. Answers undefined when the `personal` scope was
 * not granted (HTTP 403), since the login itself is still good then.
 */
export async function fetchPersonalInfo(
  apiUrl: string,
  accessToken: string,
  doFetch: typeof fetch = fetch,
): Promise<ConnectedUser | undefined> {
  const url = `${apiUrl.replace(/\/+$/, '')}/v2/usercollection/personal_info`;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new OuraError(
      'CONNECTION_TEST',
      `Logged in, but could not reach ${url}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (response.status === 403) return undefined;
  if (!response.ok) {
    throw new OuraError(
      'CONNECTION_TEST',
      `Logged in, but ${url} answered HTTP ${response.status}.`,
    );
  }
  return (await response.json()) as ConnectedUser;
}

/** How a user is named in messages: the email when known, else the id. */
export function displayName(user: ConnectedUser | undefined): string | undefined {
  return user?.email || user?.id;
}
