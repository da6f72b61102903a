/** `oura doctor`: one line per check, each saying what to fix; exit 1 when any fails. */
import type { Command } from 'commander';
import type { Check } from '../../doctor/check.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { resolveContext } from '../context.js';
import { out } from '../io.js';

export async function runDoctorCommand(command: Command, flags: { json?: boolean }): Promise<void> {
  const ctx = resolveContext(command);
  const checks = await runDoctor({ ...ctx, version: rootOf(command).version() ?? 'unknown' });
  const passed = checks.every((check) => check.status !== 'fail');
  if (flags.json) out(`${JSON.stringify({ ok: passed, checks }, null, 2)}\n`);
  else out(formatChecks(checks));
  process.exitCode = passed ? 0 : 1;
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

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}
