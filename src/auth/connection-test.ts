/**
 * The connection test: `GET /v2/usercollection/personal_info`, the cheapest
 * request that proves a token works, sent through the API client so it has
 * the client's retries, refresh on 401 and typed errors.
 */
import type { OuraClient } from '../api/client.js';
import { PermissionError } from '../api/errors.js';

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
 * The user the token belongs to. Answers undefined when the `personal` scope
 * was not granted (HTTP 403): the token itself works then.
 */
export async function readConnectedUser(
  client: Pick<OuraClient, 'personalInfo'>,
): Promise<ConnectedUser | undefined> {
  try {
    return (await client.personalInfo()) as ConnectedUser;
  } catch (error) {
    if (error instanceof PermissionError) return undefined;
    throw error;
  }
}

/** How a user is named in messages: the email when known, else the id. */
export function displayName(user: ConnectedUser | undefined): string | undefined {
  return user?.email || user?.id;
}
