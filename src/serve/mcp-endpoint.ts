/**
 * `/mcp`: MCP over Streamable HTTP for the person the bearer token belongs
 * to. Stateless: each POST builds the person's server from the one tool
 * registry (`mcp/server.ts`) and answers with JSON, so nothing is lost when
 * the process restarts and any request can be served by any process.
 *
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
 */
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import { createOuraMcpServer } from '../mcp/server.js';
import type { UserStore } from './state/user-store.js';
import type { UserEngines } from './user-engines.js';

export function mcpHandler(deps: { engines: UserEngines; users: UserStore }) {
  return async (req: Request, res: Response): Promise<void> => {
    const userId = req.auth?.extra?.userId;
    if (typeof userId !== 'string' || !(await deps.users.get(userId))) {
      // The person deleted their account since the token was issued.
      res
        .status(401)
        .set(
          'www-authenticate',
          'Bearer error="invalid_token", error_description="The account is gone."',
        )
        .json({ error: 'invalid_token', error_description: 'The account is gone.' });
      return;
    }
    const server = createOuraMcpServer(deps.engines.for(userId).deps);
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    res.once('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}

/** GET (a server-sent event stream) and DELETE (end a session) mean nothing without sessions. */
export function mcpMethodNotAllowed(_req: Request, res: Response): void {
  res
    .status(405)
    .set('allow', 'POST')
    .json({
      jsonrpc: '2.0',
      error: {
        code: -32000,
        message: 'Method not allowed: this server is stateless; POST requests.',
      },
      id: null,
    });
}
