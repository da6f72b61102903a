/** The work of `oura completion SHELL`: the whole command tree, written out as that shell's script. */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandRun } from '../command-run.js';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { commandTree } from '../completion/tree.js';
import { zshScript } from '../completion/zsh.js';

const GENERATORS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export interface CompletionFlags {
  shell: string;
  /** The whole command tree (program.ts declares every command for `completion`). */
  program: Command;
}

export async function runCompletion(run: CommandRun<CompletionFlags>): Promise<void> {
  const { shell, program } = run.flags;
  if (!Object.hasOwn(GENERATORS, shell)) {
    throw new UsageError(
      `unknown shell "${shell}"; use ${Object.keys(GENERATORS).join(', ')} (e.g. \`oura completion bash\`).`,
    );
  }
  run.io.out(
    GENERATORS[shell as keyof typeof GENERATORS](commandTree(program), program.version() ?? ''),
  );
}
