/**
 * The assistant skill shipped in the package (`skills/oura/SKILL.md`, in the
 * Agent Skills format: a folder named after the skill holding `SKILL.md`) and
 * its installation into a skills directory where assistants look for it.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDir, writeFileAtomic } from '../files/atomic-file.js';
import { toFileWriteError } from '../files/write-error.js';

export const SKILL_NAME = 'oura';

/** The bundled SKILL.md (the same relative place from `src/skill/` and `dist/skill/`). */
export function bundledSkillPath(): string {
  return fileURLToPath(new URL(`../../skills/${SKILL_NAME}/SKILL.md`, import.meta.url));
}

/** Claude Code's personal skills directory, where the format began. */
export function defaultSkillsDir(home: string = homedir()): string {
  return join(home, '.claude', 'skills');
}

export interface InstalledSkill {
  /** The installed SKILL.md. */
  path: string;
  /** False when an identical copy was there already. */
  changed: boolean;
}

/** Copies the skill to `<skillsDir>/oura/SKILL.md`, replacing an older copy. */
export async function installSkill(skillsDir: string): Promise<InstalledSkill> {
  const content = await readFile(bundledSkillPath(), 'utf8');
  const dir = join(skillsDir, SKILL_NAME);
  const path = join(dir, 'SKILL.md');
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing === content) return { path, changed: false };
  await makeDir(dir).catch((error: unknown) => {
    throw toFileWriteError(error, path, { what: 'the skill' });
  });
  // Written beside and renamed, so an assistant never reads half a skill. Not
  // owner-only: it holds no data (its mode is the umask's, as before).
  await writeFileAtomic(path, content, { private: false, what: 'the skill' });
  return { path, changed: true };
}
