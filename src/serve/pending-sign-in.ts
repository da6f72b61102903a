/** The sign-in an answer from Oura belongs to, for the callback (`sign-in.ts`). */
import { SealedValueError } from './keys/key-errors.js';
import type { SignInStore, TakenSignIn } from './state/sign-in-store.js';

/**
 * Takes the pending sign-in `state` names, if this browser started it; none
 * when it is unknown, spent, another browser's, or sealed under a key this
 * process does not hold (a key rotation unfinished: the row is spent, and a
 * new sign-in will do; the log names the key).
 */
export async function takePendingSignIn(
  signIns: SignInStore,
  state: string,
  browserSecret: (signInId: string) => string | undefined,
  log: (line: string) => void,
): Promise<TakenSignIn | undefined> {
  if (!state) return undefined;
  try {
    return await signIns.takeForCallback(state, browserSecret);
  } catch (error) {
    if (!(error instanceof SealedValueError)) throw error;
    log(
      `sign-in with Oura failed: ${error.reason === 'unknown-key' ? error.message : error.reason}`,
    );
    return undefined;
  }
}
