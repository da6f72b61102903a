/**
 * `oura completion bash|zsh|fish`. The bash script is driven the way bash
 * drives it on TAB, in a real bash: source it, set COMP_WORDS and COMP_CWORD,
 * call the completion function, read COMPREPLY. zsh and fish are not installed
 * on every machine: their scripts are checked by content, and parsed when the
 * shell is there.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { DATA_TYPES, webhookTypes } from '../src/oura/data-types.js';
import { runCli } from './helpers/cli.js';
import { captureIo } from './helpers/in-process.js';
import { peerAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);

/** Each line typed so far, as words, the last one being the word under the cursor (maybe ''). */
async function completeInBash(script: string, lines: readonly string[][]): Promise<string[][]> {
  const dir = await tempDir('oura-completion-');
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const driver = [
    `source ${quote(join(dir, 'oura.bash'))}`,
    // Prints COMPREPLY, one line per call, its words separated by tabs.
    'tab() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _oura;',
    `  (IFS=$'\\t'; echo "\${COMPREPLY[*]}"); }`,
    ...lines.map((words) => `tab ${words.map(quote).join(' ')}`),
  ].join('\n');
  await writeFile(join(dir, 'oura.bash'), script);
  await writeFile(join(dir, 'driver.bash'), driver);
  const { stdout } = await run('bash', ['--norc', '--noprofile', join(dir, 'driver.bash')], {
    cwd: dir,
    timeout: 30_000,
  });
  return stdout
    .split('\n')
    .slice(0, lines.length)
    .map((line) => (line === '' ? [] : line.split('\t')));
}

async function script(shell: string): Promise<string> {
  const result = await runCli(['completion', shell]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('oura completion bash, driven by a real bash', () => {
  let bash: string;
  beforeAll(async () => {
    bash = await script('bash');
  });

  it('completes commands, subcommands, data types, flags and formats', async () => {
    const [ge, dailySl, auth, getFor, format, exportFormat, types, webhookTypesList, afterProfile] =
      await completeInBash(bash, [
        ['oura', 'ge'],
        ['oura', 'get', 'daily_sl'],
        ['oura', 'auth', ''],
        ['oura', 'get', '--for'],
        ['oura', 'get', '--format', ''],
        ['oura', 'export', '--format', ''],
        ['oura', 'sync', '--types', 'daily_sleep,hea'],
        ['oura', 'webhook', 'subscribe', '--types', ''],
        ['oura', '--profile', 'work', 'get', '--start', '2026-01-01', 'vO2'],
      ]);
    expect(ge).toEqual(['get']);
    expect(dailySl).toEqual(['daily_sleep']);
    expect(auth).toEqual(expect.arrayContaining(['login', 'status', 'list', 'switch']));
    expect(getFor).toEqual(['--format']);
    expect(format).toEqual(['table', 'json', 'ndjson', 'csv']);
    expect(exportFormat).toEqual(['csv', 'ndjson', 'parquet']);
    // A comma list: the last item completes, the ones before are kept.
    expect(types).toEqual(['daily_sleep,heartrate']);
    expect(webhookTypesList).toEqual(webhookTypes());
    // A global flag's value and another flag's value are skipped on the way to the argument.
    expect(afterProfile).toEqual(['vO2_max']);
  });

  it('offers every data type for `oura get`, the global flags everywhere, paths for --out', async () => {
    const dir = await tempDir('oura-completion-out-');
    await mkdir(join(dir, 'reports'));
    const [types, globals, rootFlags, out, secondArgument] = await completeInBash(bash, [
      ['oura', 'get', ''],
      ['oura', 'webhook', 'list', '--'],
      ['oura', '--'],
      ['oura', 'report', '--out', join(dir, 'rep')],
      ['oura', 'get', 'daily_sleep', ''],
    ]);
    expect(types).toEqual([...DATA_TYPES]);
    expect(globals).toEqual(
      expect.arrayContaining(['--json', '--profile', '--quiet', '--jq', '--help']),
    );
    expect(rootFlags).toEqual(expect.arrayContaining(['--version', '--profile', '--help']));
    expect(out).toEqual([join(dir, 'reports')]);
    expect(secondArgument).toEqual([]);
  });

  it('knows every command of the tree', async () => {
    const commands: string[][] = [];
    const walk = (command: Command, path: string[]) => {
      for (const sub of command.commands) {
        commands.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(await buildProgram('0.0.0', captureIo().io), []);
    expect(commands.length).toBeGreaterThan(20);
    const replies = await completeInBash(
      bash,
      commands.map((path) => ['oura', ...path.slice(0, -1), path.at(-1) ?? '']),
    );
    replies.forEach((reply, i) => {
      expect(reply, commands[i]?.join(' ')).toContain(commands[i]?.at(-1));
    });
  });
});

describe('oura completion zsh and fish', () => {
  it('zsh: a compdef script with one _arguments function per command, descriptions from the help', async () => {
    const zsh = await script('zsh');
    expect(zsh.startsWith('#compdef oura\n')).toBe(true);
    expect(zsh).toContain('compdef _oura oura');
    expect(zsh).toContain("'login:Log in through the browser and store the tokens'");
    expect(zsh).toMatch(/function _oura__auth__login \{/);
    expect(zsh).toContain("'--format[table, json, ndjson or csv");
    expect(zsh).toContain(':format:(table json ndjson csv)');
    expect(zsh).toContain(`'1:argument:(${DATA_TYPES.join(' ')})'`);
    expect(zsh).toContain(`:types:_values -s , item ${DATA_TYPES.join(' ')}'`);
  });

  it('fish: complete lines guarded by the command the line is in', async () => {
    const fish = await script('fish');
    expect(fish).toContain(
      "complete -c oura -n '__oura_in auth' -a 'login' -d 'Log in through the browser and store the tokens'",
    );
    expect(fish).toContain(`complete -c oura -n '__oura_in get' -x -a '${DATA_TYPES.join(' ')}'`);
    expect(fish).toMatch(
      /complete -c oura -n '__oura_in get' -l format -x -a 'table json ndjson csv'/,
    );
    expect(fish).toMatch(/^complete -c oura -l profile -x -d /m);
  });

  for (const shell of ['zsh', 'fish'] as const) {
    const binary = ['/usr/bin', '/bin', '/usr/local/bin']
      .map((d) => join(d, shell))
      .find(existsSync);
    // Skipped with the reason on a machine without the shell; a failure under CI=true (.ci/run installs both).
    const available = peerAvailable(shell, binary !== undefined, `apt install ${shell}`);
    it.runIf(available)(`${shell} parses its script`, async () => {
      const dir = await tempDir('oura-completion-');
      await writeFile(join(dir, 'oura'), await script(shell));
      await run(binary as string, ['-n', join(dir, 'oura')], { timeout: 30_000 });
    });
  }
});

describe('oura completion: usage', () => {
  it('an unknown shell is a usage error (exit 2) naming the shells', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/unknown shell "tcsh"; use bash, zsh, fish/);
  });

  it('--help says how to install the script', async () => {
    const result = await runCli(['completion', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('source <(oura completion bash)');
    expect(result.stdout).toContain('~/.local/share/bash-completion/completions/oura');
    expect(result.stdout).toContain('~/.config/fish/completions/oura.fish');
  });
});
