/**
 * `oura mcp`: the server on stdin/stdout. stdout carries only the protocol,
 * so every log line goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { McpContext } from './deps.js';
import { createOuraMcpServer } from './server.js';

/**
 * Serves until stdin ends (the client went away) and every request already
 * received has been answered, or until SIGINT/SIGTERM.
 */
export async function runStdioServer(
  ctx: McpContext,
  options: { version?: string } = {},
): Promise<void> {
  const log = (line: string) => process.stderr.write(`oura mcp: ${line}\n`);
  const server = createOuraMcpServer({
    context: ctx,
    log,
    ...(options.version ? { version: options.version } : {}),
  });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  const drained = trackRequests(transport);
  const source = ctx.env.OURA_ACCESS_TOKEN ? 'OURA_ACCESS_TOKEN' : `profile "${ctx.profile}"`;
  log(`serving on stdio (credentials: ${source}; API ${ctx.apiUrl})`);

  await new Promise<void>((resolve) => {
    // The SDK's transport does not watch for the end of stdin. A client that
    // writes its requests and closes the pipe still expects the answers, so
    // wait for them before closing.
    process.stdin.once('end', () => void drained().then(resolve));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await server.close();
}

/** Counts requests received and not yet answered; the result resolves once there are none. */
function trackRequests(transport: StdioServerTransport): () => Promise<void> {
  let pending = 0;
  let idle: (() => void) | undefined;
  const isRequest = (m: JSONRPCMessage) => 'method' in m && 'id' in m;
  const isResponse = (m: JSONRPCMessage) => 'id' in m && ('result' in m || 'error' in m);

  const receive = transport.onmessage;
  transport.onmessage = (message) => {
    if (isRequest(message)) pending++;
    receive?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message) => {
    await send(message);
    if (isResponse(message) && --pending <= 0) idle?.();
  };
  return () =>
    new Promise<void>((resolve) => {
      if (pending <= 0) resolve();
      else idle = resolve;
    });
}
