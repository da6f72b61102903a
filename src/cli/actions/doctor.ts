/** `oura doctor`: one line per check, each saying what to fix; exit 1 when any fails. */
import type { Check } from '../../doctor/check.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import type { CommandRun } from '../command-run.js';

export interface DoctorFlags {
  json?: boolean;
  /** This install's version, which the report names. */
  version: string;
}

export async function runDoctorCommand(run: CommandRun<DoctorFlags>): Promise<void> {
  const { flags, io } = run;
  const checks = await runDoctor({ ...(await run.context()), version: flags.version });
  const passed = checks.every((check) => check.status !== 'fail');
  if (flags.json) io.out(`${JSON.stringify({ ok: passed, checks }, null, 2)}\n`);
  else io.out(formatChecks(checks));
  io.exitCode = passed ? 0 : 1;
}

const MARKS = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

function formatChecks(checks: Check[]): string {
  const width = Math.max(...checks.map((check) => check.name.length)) + 2;
  const lines = checks.map(
    (check) => `${MARKS[check.status]}  ${check.name.padEnd(width)}${check.message}\n`,
  );
  const count = (status: Check['status']) => checks.filter((c) => c.status === status).length;
  const [failed, warned] = [count('fail'), count('warn')];
  const summary =
    failed > 0
      ? `${failed} ${failed === 1 ? 'check' : 'checks'} failed: see FAIL above.`
      : warned > 0
        ? `No check failed; ${warned} ${warned === 1 ? 'warning' : 'warnings'} above.`
        : 'Every check passed.';
  return `${lines.join('')}${summary}\n`;
}
