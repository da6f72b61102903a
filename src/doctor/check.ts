/** One line of `oura doctor`: what was checked, how it went, and what to do about it. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  /** Stable name for programs (`--json`): `version`, `node`, `profile`, `secrets`, … */
  name: string;
  /** `warn`: works, but something deserves a look; only `fail` makes doctor exit 1. */
  status: CheckStatus;
  /** For people: the finding, and for warn/fail what to do. Never a secret. */
  message: string;
}

export const ok = (name: string, message: string): Check => ({ name, status: 'ok', message });
export const warn = (name: string, message: string): Check => ({ name, status: 'warn', message });
export const fail = (name: string, message: string): Check => ({ name, status: 'fail', message });

/** The message of any thrown value, first line only. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const first = text.split('\n')[0] ?? text;
  return code && !first.includes(code) ? `${first} (${code})` : first;
}
