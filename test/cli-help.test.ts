/**
 * Help in one style for every command (after `gh`): a one-line summary in the
 * same voice for the command list, a longer description, and examples.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { cleanEnv, OURA_BIN, runCli } from './helpers/cli.js';
import { captureIo } from './helpers/in-process.js';
import { trackChild } from './helpers/processes.js';

function commands(root: Command, prefix: string[] = []): { path: string; command: Command }[] {
  return root.commands.flatMap((command) => {
    const path = [...prefix, command.name()];
    return [{ path: path.join(' '), command }, ...commands(command, path)];
  });
}

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

const all = commands(await buildProgram('0.0.0', captureIo().io));

describe('help texts', () => {
  it('covers the whole command tree', () => {
    expect(all.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        'setup',
        'auth login',
        'auth logout',
        'get',
        'types',
        'emulator',
        'mcp',
      ]),
    );
  });

  for (const { path, command } of all) {
    it(`oura ${path}: summary, description, examples`, () => {
      const summary = command.summary();
      // Imperative, capitalised, one line, no final period: the voice of the command list.
      expect(summary).toMatch(/^[A-Z][a-z]+ [^\n]*[^.\s]$/);
      expect(summary.length).toBeLessThanOrEqual(60);
      expect(command.description().length).toBeGreaterThan(summary.length);
      expect(command.description()).not.toBe(summary);
      expect(helpOf(command)).toMatch(new RegExp(`\\nExamples:\\n {2}\\$ [^\\n]*oura ${path}\\b`));
    });
  }

  it('the command list shows the summaries (a real process)', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}get \[options\] <type> +Print Oura data of one type$/m);
    const get = await runCli(['get', '--help']);
    expect(get.stdout).toMatch(/id and the day field are always kept/);
    expect(get.stdout).toMatch(/\$ oura get heartrate --start 2026-11-24T10:00/);
  });

  it('help read by a reader that stops early (`| head -1`): exit 0, nothing on stderr', async () => {
    const child = trackChild(
      spawn(process.execPath, [OURA_BIN, 'get', '--help'], {
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    // The reading end is gone before the help is written: every write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
