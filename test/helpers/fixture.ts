/**
 * Fixtures must exist by construction (see the emulator's weekly habits in
 * src/emulator/data/plan.ts), and a test that still finds none must say so
 * instead of carrying on with an empty id and failing somewhere unrelated.
 */

/** `value`, or a loud failure naming the fixture that was expected. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null || value === '') {
    throw new Error(`test fixture missing: ${what}`);
  }
  return value;
}
