import { resolve } from 'node:path';
import { bundledSkillPath, defaultSkillsDir, installSkill } from '../../skill/bundled-skill.js';
import { notice, out } from '../io.js';

/** `oura skill install [--dir DIR]`: prints the installed file's path on stdout. */
export async function runSkillInstall(flags: { dir?: string }): Promise<void> {
  const { path, changed } = await installSkill(
    flags.dir === undefined ? defaultSkillsDir() : resolve(flags.dir),
  );
  out(`${path}\n`);
  notice(
    changed
      ? `Installed the oura skill. ${flags.dir === undefined ? 'Claude Code finds it there; for other assistants use --dir (e.g. ~/.agents/skills, ~/.copilot/skills).' : ''}`.trim()
      : 'The oura skill there is already up to date.',
  );
}

/** `oura skill path`: the bundled SKILL.md. */
export function runSkillPath(): void {
  out(`${bundledSkillPath()}\n`);
}
