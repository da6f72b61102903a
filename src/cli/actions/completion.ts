/** The work of `oura completion SHELL`: the whole command tree, written out as that shell's script. */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { commandTree } from '../completion/tree.js';
import { zshScript } from '../completion/zsh.js';
import { out } from '../io.js';

const GENERATORS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/** `program`: the whole command tree (program.ts declares every command for `completion`). */
export async function runCompletion(shell: string, program: Command): Promise<void> {
  if (!Object.hasOwn(GENERATORS, shell)) {
    throw new UsageError(
      `unknown shell "${shell}"; use ${Object.keys(GENERATORS).join(', ')} (e.g. \`oura completion bash\`).`,
    );
  }
  out(GENERATORS[shell as keyof typeof GENERATORS](commandTree(program), program.version() ?? ''));
}
