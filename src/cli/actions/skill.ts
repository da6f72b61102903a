import { resolve } from 'node:path';
import { bundledSkillPath, defaultSkillsDir, installSkill } from '../../skill/bundled-skill.js';
import type { CommandRun } from '../command-run.js';

/** `oura skill install [--dir DIR]`: prints the installed file's path on stdout. */
export async function runSkillInstall(run: CommandRun<{ dir?: string }>): Promise<void> {
  const { flags } = run;
  const { notice, out } = run.io;
  const { path, changed } = await installSkill(
    flags.dir === undefined ? defaultSkillsDir(run.io.env.HOME || undefined) : resolve(flags.dir),
  );
  out(`${path}\n`);
  notice(
    changed
      ? `Installed the oura skill. ${flags.dir === undefined ? 'Claude Code finds it there; for other assistants use --dir (e.g. ~/.agents/skills, ~/.copilot/skills).' : ''}`.trim()
      : 'The oura skill there is already up to date.',
  );
}

/** `oura skill path`: the bundled SKILL.md. */
export function runSkillPath(run: CommandRun<Record<string, never>>): void {
  run.io.out(`${bundledSkillPath()}\n`);
}
