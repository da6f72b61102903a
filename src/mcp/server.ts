/**
 * The Oura MCP server: four read-only tools over the data client, for AI
 * assistants that must never hold the token. Built with the official SDK's
 * `McpServer`; the transport is wired separately (see `./stdio.ts`).
 *
 * https://modelcontextprotocol.io/specification/2025-06-18/server/tools
 */
import { McpServer, type RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { openProfile, type Profile } from '../profile/open-profile.js';
import type { ProfileOptions } from '../profile/profile-options.js';
import { depsFromProfile, MCP_USER_AGENT, type OuraMcpDeps } from './deps.js';
import { listToolsFromCache } from './tool-list.js';
import { registerDataTypesTool } from './tools/data-types.js';
import { registerGetTool } from './tools/get.js';
import { registerInsightsTool } from './tools/insights.js';
import { registerQueryTool } from './tools/query.js';
import { registerReportTool } from './tools/report.js';
import { registerStatusTool } from './tools/status-tool.js';
import { registerSummaryTool } from './tools/summary.js';
import { registerSyncTool } from './tools/sync.js';
import { toolRunner } from './tools/tool-runner.js';
import { registerTrendsTool } from './tools/trends.js';

/** The name this entry has always given the options a profile is opened with. */
export type { ProfileOptions as McpContext } from '../profile/profile-options.js';
export type { OuraDataSource } from './data-source.js';
export type { OuraMcpDeps } from './deps.js';

interface ServerLog {
  log?: (line: string) => void;
  version?: string;
}

/**
 * A profile to serve (its caller closes it), the options to open one with (the
 * server's own, closed with the server), or injected deps (tests, embedding).
 */
export type OuraMcpServerOptions =
  | OuraMcpDeps
  | ({ profile: Profile } & ServerLog)
  | ({ context: ProfileOptions } & ServerLog);

const INSTRUCTIONS =
  "Read the user's Oura Ring data (sleep, readiness, activity, heart rate and more). " +
  'Start with oura_summary for a daily check-in, oura_get for any one data type, oura_data_types for what exists. ' +
  'With the history synced to this machine (oura_sync), oura_query (SQL) and oura_trends answer in milliseconds and offline. ' +
  'For sleep debt, regularity, early warnings, what a habit does, correlations or training load, use oura_insights ' +
  'rather than your own arithmetic, and quote its n and intervals. ' +
  "Dates are the user's local days (YYYY-MM-DD). If a tool says the login is missing, ask the user to run " +
  '`oura auth login` in a terminal: this server never sees or handles passwords or tokens.';

// The SDK otherwise builds a new Ajv (about half a millisecond) for every server, and
// `oura serve` builds a server for every request. Ajv there only checks answers to
// elicitations, which these tools never ask for, so one instance serves them all.
let sharedValidator: AjvJsonSchemaValidator | undefined;

function elicitationValidator(): AjvJsonSchemaValidator {
  sharedValidator ??= new AjvJsonSchemaValidator();
  return sharedValidator;
}

/**
 * Builds the server with its tools registered. Free of side effects: nothing
 * is read, opened or listened on until a client connects and calls a tool.
 *
 * @example
 * const server = createOuraMcpServer({ context: { profile: 'default', configDir, env: process.env, apiUrl } });
 * await server.connect(new StdioServerTransport());
 */
export function createOuraMcpServer(options: OuraMcpServerOptions): McpServer {
  const owned =
    'context' in options
      ? openProfile({
          userAgent: MCP_USER_AGENT,
          // The store's notices reach the operator's log unless the context has its own.
          ...(options.log ? { notice: options.log } : {}),
          ...options.context,
        })
      : undefined;
  const profile = owned ?? ('profile' in options ? options.profile : undefined);
  const deps = profile
    ? depsFromProfile(profile, {
        ...(options.log ? { log: options.log } : {}),
        ...(options.version ? { version: options.version } : {}),
      })
    : (options as OuraMcpDeps);
  const server = new McpServer(
    { name: 'oura-connect', title: 'Oura Ring', version: deps.version ?? '0.0.0' },
    {
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: elicitationValidator(),
    },
  );
  const run = toolRunner(deps);
  const tools: Record<string, RegisteredTool> = {
    oura_status: registerStatusTool(server, deps, run),
    oura_data_types: registerDataTypesTool(server, deps, run),
    oura_get: registerGetTool(server, deps, run),
    oura_summary: registerSummaryTool(server, deps, run),
  };
  if (deps.history) {
    tools.oura_query = registerQueryTool(server, deps.history, run);
    tools.oura_trends = registerTrendsTool(server, deps, deps.history, run);
    tools.oura_sync = registerSyncTool(server, deps.history, run);
    if (deps.reportFiles !== false)
      tools.oura_report = registerReportTool(server, deps.history, run);
    tools.oura_insights = registerInsightsTool(server, deps, deps.history, run);
  }
  listToolsFromCache(server, tools);
  if (owned) server.server.onclose = () => void owned.close();
  return server;
}
