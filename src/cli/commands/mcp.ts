import type { Command } from 'commander';

/**
 * `oura mcp`: an MCP server on stdio for AI assistants, using the stored
 * login of `--profile` (or `OURA_ACCESS_TOKEN`). The SDK is loaded only here.
 */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description(
      'run an MCP server on stdio so AI assistants can read your Oura data (never the token)',
    )
    .action(async (_options, command: Command) => {
      const [{ resolveContext }, { runStdioServer }] = await Promise.all([
        import('../context.js'),
        import('../../mcp/stdio.js'),
      ]);
      await runStdioServer(resolveContext(command), {
        version: command.parent?.version() ?? '0.0.0',
      });
    });
}
