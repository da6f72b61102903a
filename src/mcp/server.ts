/**
 * The Oura MCP server: four read-only tools over the data client, for AI
 * assistants that must never hold the token. Built with the official SDK's
 * `McpServer`; the transport is wired separately (see `./stdio.ts`).
 *
 * https://modelcontextprotocol.io/specification/2025-06-18/server/tools
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { depsFromContext, type McpContext, type OuraMcpDeps } from './deps.js';
import { registerDataTypesTool } from './tools/data-types.js';
import { registerGetTool } from './tools/get.js';
import { registerQueryTool } from './tools/query.js';
import { registerReportTool } from './tools/report.js';
import { registerStatusTool } from './tools/status-tool.js';
import { registerSummaryTool } from './tools/summary.js';
import { registerSyncTool } from './tools/sync.js';
import { toolRunner } from './tools/tool-runner.js';
import { registerTrendsTool } from './tools/trends.js';

export type { OuraDataSource } from './data-source.js';
export type { McpContext, OuraMcpDeps } from './deps.js';

/** Either the CLI's context (the real session is used) or injected deps (tests, embedding). */
export type OuraMcpServerOptions =
  | OuraMcpDeps
  | { context: McpContext; log?: (line: string) => void; version?: string };

const INSTRUCTIONS =
  "Read the user's Oura Ring data (sleep, readiness, activity, heart rate and more). " +
  'Start with oura_summary for a daily check-in, oura_get for any one data type, oura_data_types for what exists. ' +
  'With the history synced to this machine (oura_sync), oura_query (SQL) and oura_trends answer in milliseconds and offline. ' +
  "Dates are the user's local days (YYYY-MM-DD). If a tool says the login is missing, ask the user to run " +
  '`oura auth login` in a terminal: this server never sees or handles passwords or tokens.';

/**
 * Builds the server with its tools registered. Free of side effects: nothing
 * is read, opened or listened on until a client connects and calls a tool.
 *
 * @example
 * const server = createOuraMcpServer({ context: resolveContext(command) });
 * await server.connect(new StdioServerTransport());
 */
export function createOuraMcpServer(options: OuraMcpServerOptions): McpServer {
  const deps =
    'context' in options
      ? depsFromContext(options.context, {
          ...(options.log ? { log: options.log } : {}),
          ...(options.version ? { version: options.version } : {}),
        })
      : options;
  const server = new McpServer(
    { name: 'oura-connect', title: 'Oura Ring', version: deps.version ?? '0.0.0' },
    { instructions: INSTRUCTIONS },
  );
  const run = toolRunner(deps);
  registerStatusTool(server, deps, run);
  registerDataTypesTool(server, deps, run);
  registerGetTool(server, deps, run);
  registerSummaryTool(server, deps, run);
  if (deps.history) {
    registerQueryTool(server, deps.history, run);
    registerTrendsTool(server, deps, deps.history, run);
    registerSyncTool(server, deps.history, run);
    registerReportTool(server, deps.history, run);
  }
  return server;
}
