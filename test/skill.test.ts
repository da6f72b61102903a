/**
 * The assistant skill: well-formed for the Agent Skills format, shipped in the
 * package, installable, and exact: every `oura …` command it names exists with
 * the flags it uses, and every data type it names is one.
 */

import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { INSIGHT_KINDS } from '../src/insights/insights.js';
import { isDataType } from '../src/oura/data-types.js';
import { bundledSkillPath } from '../src/skill/bundled-skill.js';
import { cleanEnv, REPO_ROOT, runCli } from './helpers/cli.js';
import { captureIo } from './helpers/in-process.js';
import { tempDir } from './helpers/temp.js';

const skill = await readFile(bundledSkillPath(), 'utf8');

/** Every code span and code-block line of the skill. */
function codeOf(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((m) =>
    (m[1] ?? '').split('\n'),
  );
  const spans = [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map(
    (m) => m[1] ?? '',
  );
  return [...blocks, ...spans];
}

/** The `oura ...` invocations in the skill, as words (up to a shell operator or `--`). */
function ouraInvocations(markdown: string): string[][] {
  return codeOf(markdown)
    .flatMap((code) => [...code.matchAll(/(?:^|[\s(])oura\s+([^|;&>)]+)/g)])
    .map((m) => (m[1] ?? '').trim().split(/\s+/))
    .map((words) => (words.includes('--') ? words.slice(0, words.indexOf('--')) : words));
}

/** What is wrong with `oura <words>`, checked against the real command tree. */
function problemsOf(program: Command, words: string[]): string[] {
  let command = program;
  let i = 0;
  for (; i < words.length; i++) {
    const sub = command.commands.find((c) => c.name() === words[i]);
    if (!sub) break;
    command = sub;
  }
  const name = `oura ${words.slice(0, i).join(' ')}`;
  if (command === program) return [`no command "oura ${words[0]}"`];
  if (command.commands.length > 0) return [`"${name}" needs a subcommand`];
  const problems: string[] = [];
  const flags = new Set(
    [...command.options, ...program.options].flatMap((o) => [o.long, o.short]).filter(Boolean),
  );
  flags.add('--help');
  for (const word of words.slice(i)) {
    const flag = word.split('=')[0] ?? '';
    if (word.startsWith('-') && !flags.has(flag)) problems.push(`"${name}" has no ${flag}`);
  }
  const [type] = words.slice(i);
  if (command.name() === 'get' && type && !isDataType(type)) {
    problems.push(`"${type}" is not a data type`);
  }
  return problems;
}

describe('skills/oura/SKILL.md', () => {
  it('opens with Agent Skills front matter: a name matching its folder, and a description', () => {
    const front = skill.match(/^---\nname: ([^\n]+)\ndescription: ([^\n]+)\n---\n/);
    expect(front, 'front matter').not.toBeNull();
    const [, name = '', description = ''] = front ?? [];
    expect(name).toBe('oura');
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(bundledSkillPath()).toMatch(/skills[/\\]oura[/\\]SKILL\.md$/);
    expect(description.length).toBeGreaterThan(50);
    expect(description.length).toBeLessThanOrEqual(1024);
  });

  it('names only commands, flags and data types that exist', async () => {
    const program = await buildProgram('0.0.0', captureIo().io);
    const invocations = ouraInvocations(skill);
    // The parser must see what the skill is about, or this test would prove nothing.
    const named = invocations.map((words) => words.slice(0, 2).join(' '));
    for (const expected of [
      'setup',
      'auth status',
      'get daily_sleep',
      'run',
      'proxy',
      'types',
      'insights',
    ]) {
      expect(named.some((n) => n === expected || n.startsWith(`${expected} `))).toBe(true);
    }
    expect(invocations.flatMap((words) => problemsOf(program, words))).toEqual([]);
    const typeLike = codeOf(skill).filter((code) =>
      /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$/.test(code),
    );
    expect(typeLike.length).toBeGreaterThan(5);
    // Insight kinds are named too (`oura insights --kind`): they must be the library's.
    const known = (code: string) =>
      isDataType(code) ||
      code === 'OURA_API_URL' ||
      (INSIGHT_KINDS as readonly string[]).includes(code);
    expect(typeLike.filter((code) => !known(code))).toEqual([]);
  });

  it('the checker catches a command, a flag and a type that do not exist', async () => {
    const program = await buildProgram('0.0.0', captureIo().io);
    expect(problemsOf(program, ['sqlite', 'x'])).toEqual(['no command "oura sqlite"']);
    expect(problemsOf(program, ['auth'])).toEqual(['"oura auth" needs a subcommand']);
    expect(problemsOf(program, ['get', 'sleeps', '--since', 'x'])).toEqual([
      '"oura get" has no --since',
      '"sleeps" is not a data type',
    ]);
  });

  it('answers --help for every command it names, as the installed CLI', async () => {
    const paths = new Set(
      ouraInvocations(skill).map((words) =>
        words.filter((w, i) => i < 2 && /^[a-z]+$/.test(w) && !isDataType(w)).join(' '),
      ),
    );
    for (const path of paths) {
      const result = await runCli([...path.split(' '), '--help']);
      expect(result.code, `oura ${path} --help`).toBe(0);
      expect(result.stdout).toContain(`Usage: oura ${path}`);
    }
  });

  it('is in the package (npm pack)', async () => {
    const { stdout } = await promisify(execFile)(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts'],
      { cwd: REPO_ROOT },
    );
    const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
    expect(pack?.files.map((f) => f.path)).toContain('skills/oura/SKILL.md');
  });
});

describe('oura skill', () => {
  it('path prints the bundled SKILL.md', async () => {
    const result = await runCli(['skill', 'path']);
    expect(result.code).toBe(0);
    expect(await readFile(result.stdout.trim(), 'utf8')).toBe(skill);
  });

  it('install --dir copies it to DIR/oura/SKILL.md, says when it is up to date, and replaces an old copy', async () => {
    const dir = await tempDir('oura-skills-');
    const target = join(dir, 'oura', 'SKILL.md');
    const first = await runCli(['skill', 'install', '--dir', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`${target}\n`);
    expect(await readFile(target, 'utf8')).toBe(skill);

    const again = await runCli(['skill', 'install', '--dir', dir]);
    expect(again.stderr).toContain('already up to date');

    await writeFile(target, 'an older skill');
    const replaced = await runCli(['skill', 'install', '--dir', dir]);
    expect(replaced.stderr).toContain('Installed');
    expect(await readFile(target, 'utf8')).toBe(skill);
  });

  it('install without --dir goes to ~/.claude/skills and names it', async () => {
    const home = await tempDir('oura-home-');
    const result = await runCli(['skill', 'install'], { env: cleanEnv({ HOME: home }) });
    expect(result.code, result.stderr).toBe(0);
    const target = join(home, '.claude', 'skills', 'oura', 'SKILL.md');
    expect(result.stdout).toBe(`${target}\n`);
    expect(await readFile(target, 'utf8')).toBe(skill);
  });
});
