/** The work of `oura completion SHELL`: the whole command tree, written out as that shell's script. */
import { UsageError } from '../../errors.js';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { commandTree } from '../completion/tree.js';
import { zshScript } from '../completion/zsh.js';
import { out } from '../io.js';
import { buildProgram } from '../program.js';

const GENERATORS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function runCompletion(shell: string, version: string): Promise<void> {
  if (!Object.hasOwn(GENERATORS, shell)) {
    throw new UsageError(
      `unknown shell "${shell}"; use ${Object.keys(GENERATORS).join(', ')} (e.g. \`oura completion bash\`).`,
    );
  }
  // The running program declared only `completion` (program.ts loads the command argv names): build all of it.
  const tree = commandTree(await buildProgram(version));
  out(GENERATORS[shell as keyof typeof GENERATORS](tree, version));
}
