import { LoginRequiredError } from '../errors.js';

/**
 * `OURA_ACCESS_TOKEN`, used as is: no store, no refresh. When the API refused
 * it (`rejectedToken`), nothing can renew it: the variable is wrong.
 */
export function environmentToken(token: string, request: { rejectedToken?: string }): string {
  if (request.rejectedToken !== undefined) {
    throw new LoginRequiredError('The API rejected the token in OURA_ACCESS_TOKEN (HTTP 401).', {
      hint: 'Set a valid OURA_ACCESS_TOKEN, or unset it to use the stored login.',
    });
  }
  return token;
}
