import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

/** `oura skill install [--dir DIR]` and `oura skill path`: the assistant skill shipped with oura. */
export function registerSkill(program: Command, io: CliIo): void {
  const skill = withHelp(program.command('skill'), {
    summary: 'Install the skill that teaches AI assistants to use oura',
    description:
      'oura ships an Agent Skills skill (SKILL.md): short instructions for an AI assistant on helping you ' +
      'through setup, reading your data and what never to do with your login.',
    examples: ['oura skill install', 'oura skill path'],
  });

  withHelp(skill.command('install'), {
    summary: 'Copy the skill where your assistant looks for skills',
    description:
      'Copies the bundled SKILL.md to DIR/oura/SKILL.md (default DIR: ~/.claude/skills) and prints where. ' +
      'An older copy there is replaced.',
    examples: ['oura skill install', 'oura skill install --dir ~/.agents/skills'],
  })
    .option('--dir <dir>', 'skills directory of your assistant (default ~/.claude/skills)')
    .action(async (options: { dir?: string }, command: Command) => {
      const { runSkillInstall } = await import('../actions/skill.js');
      await runSkillInstall(commandRun(command, io, options));
    });

  withHelp(skill.command('path'), {
    summary: 'Print where the bundled skill is',
    description: 'Prints the path of the SKILL.md that ships with this installation of oura.',
    examples: ['oura skill path', 'cat "$(oura skill path)"'],
  }).action(async (_options, command: Command) => {
    const { runSkillPath } = await import('../actions/skill.js');
    runSkillPath(commandRun(command, io, {}));
  });
}
