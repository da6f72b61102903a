import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withHelp } from '../help.js';

/**
 * `oura mcp`: an MCP server on stdio for AI assistants, using the stored
 * login of `--profile` (or `OURA_ACCESS_TOKEN`). The SDK is loaded only here.
 */
export function registerMcp(program: Command, io: CliIo): void {
  withHelp(program.command('mcp'), {
    summary: 'Serve your Oura data to AI assistants over MCP',
    description:
      'Runs a Model Context Protocol server on stdio with the stored login of --profile (or OURA_ACCESS_TOKEN). ' +
      'Its tools read your data types, a summary and the login status; the token is never given to the assistant.\n\n' +
      'Register it in the assistant as the command `oura mcp`.',
    examples: ['oura mcp', 'claude mcp add oura -- oura mcp'],
  }).action(async (_options, command: Command) => {
    const [{ resolveContext }, { runStdioServer }] = await Promise.all([
      import('../context.js'),
      import('../../mcp/stdio.js'),
    ]);
    await runStdioServer(resolveContext(command, io), {
      version: command.parent?.version() ?? '0.0.0',
    });
  });
}
