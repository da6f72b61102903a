/**
 * `oura mcp`: the server on stdin/stdout. stdout carries only the protocol,
 * so every log line goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { openProfile } from '../profile/open-profile.js';
import type { ProfileOptions } from '../profile/profile-options.js';
import { untilStopped } from '../until-stopped.js';
import { MCP_USER_AGENT } from './deps.js';
import { DrainingTransport } from './draining-transport.js';
import { createOuraMcpServer } from './server.js';

/**
 * Serves until stdin ends (the client went away) and every request already
 * received has been answered, or until SIGINT/SIGTERM.
 */
export async function runStdioServer(
  ctx: ProfileOptions,
  options: { version?: string } = {},
): Promise<void> {
  const log = (line: string) => process.stderr.write(`oura mcp: ${line}\n`);
  await using profile = openProfile({ ...ctx, userAgent: MCP_USER_AGENT, notice: log });
  const server = createOuraMcpServer({
    profile,
    log,
    ...(options.version ? { version: options.version } : {}),
  });
  const transport = new DrainingTransport(new StdioServerTransport());
  await server.connect(transport);
  const source = ctx.env.OURA_ACCESS_TOKEN ? 'OURA_ACCESS_TOKEN' : `profile "${ctx.profile}"`;
  log(`serving on stdio (credentials: ${source}; API ${ctx.apiUrl})`);

  await new Promise<void>((resolve) => {
    // The SDK's transport does not watch for the end of stdin. A client that
    // writes its requests and closes the pipe still expects the answers, so
    // wait for them before closing.
    process.stdin.once('end', () => void transport.drained().then(resolve));
    void untilStopped().then(() => resolve());
  });
  await server.close();
}
