/**
 * Everything that tells people how to install `oura` names an install that
 * works today: the README's git install, or `npm install -g .` in a
 * checkout. `oura-connect` is not on the npm registry, so `npm install -g
 * oura-connect` would install whatever someone else publishes under that name
 * first. (test/package-install.test.ts installs the README's line for real.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, REPO_ROOT, runCli } from './helpers/cli.js';

const GIT_INSTALL = /^git\+https:\/\/github\.com\/\S+\/oura-connect\.git#release$/;

/** The targets of every `npm install -g …` (and `npm i -g …`) in a text. */
function installTargets(text: string): string[] {
  return [...text.matchAll(/npm (?:install|i) (?:-g|--global) ([^\s`'"),]+)/g)].map(
    (m) => m[1] ?? '',
  );
}

function expectOnlyWorkingInstalls(text: string): void {
  const targets = installTargets(text);
  expect(targets.some((t) => GIT_INSTALL.test(t))).toBe(true);
  expect(targets.filter((t) => t !== '.' && !GIT_INSTALL.test(t))).toEqual([]);
}

describe('install hints', () => {
  it('the README shows the git install and no registry name', async () => {
    expectOnlyWorkingInstalls(await readFile(join(REPO_ROOT, 'README.md'), 'utf8'));
  });

  it('the skill tells an assistant the git install and no registry name', async () => {
    expectOnlyWorkingInstalls(await readFile(join(REPO_ROOT, 'skills/oura/SKILL.md'), 'utf8'));
  });

  it("the demo's closing hint names the git install and no registry name", async () => {
    const result = await runCli(['demo', '--no-browser'], { env: cleanEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Connected as');
    expectOnlyWorkingInstalls(result.stderr);
  });

  it('the check sees a registry install', () => {
    expect(installTargets('run `npm install -g oura-connect` once published')).toEqual([
      'oura-connect',
    ]);
    expect(installTargets('`npm i --global oura`')).toEqual(['oura']);
  });
});
