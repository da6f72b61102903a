import type { Command } from 'commander';

/** `oura skill install [--dir DIR]` and `oura skill path`: the assistant skill shipped with oura. */
export function registerSkill(program: Command): void {
  const skill = program
    .command('skill')
    .description('the assistant skill (SKILL.md) that teaches AI assistants to use oura');

  skill
    .command('install')
    .description('copy the skill to <dir>/oura/SKILL.md and print where')
    .option('--dir <dir>', 'skills directory of your assistant (default ~/.claude/skills)')
    .action(async (options: { dir?: string }) => {
      const { runSkillInstall } = await import('../actions/skill.js');
      await runSkillInstall(options);
    });

  skill
    .command('path')
    .description('print the path of the bundled SKILL.md')
    .action(async () => {
      const { runSkillPath } = await import('../actions/skill.js');
      runSkillPath();
    });
}
