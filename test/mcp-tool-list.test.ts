/**
 * `tools/list` comes from JSON Schemas converted once per process
 * (src/mcp/tool-list.ts). Its answer must stay the SDK's own, byte for byte,
 * for every set of tools a server registers; a schema changed on a tool must
 * be listed as changed (the cache is per schema, not per tool name); and an
 * answer changed by its receiver must not change the next one.
 */

import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OuraMcpDeps } from '../src/mcp/deps.js';
import type { McpHistory } from '../src/mcp/history.js';
import { createOuraMcpServer } from '../src/mcp/server.js';
import { listToolsFromCache } from '../src/mcp/tool-list.js';
import { registerDataTypesTool } from '../src/mcp/tools/data-types.js';
import { registerGetTool } from '../src/mcp/tools/get.js';
import { registerInsightsTool } from '../src/mcp/tools/insights.js';
import { registerQueryTool } from '../src/mcp/tools/query.js';
import { registerReportTool } from '../src/mcp/tools/report.js';
import { registerStatusTool } from '../src/mcp/tools/status-tool.js';
import { registerSummaryTool } from '../src/mcp/tools/summary.js';
import { registerSyncTool } from '../src/mcp/tools/sync.js';
import { toolRunner } from '../src/mcp/tools/tool-runner.js';
import { registerTrendsTool } from '../src/mcp/tools/trends.js';

/** The raw answer to `tools/list`, as the server puts it on the wire. */
async function listed(
  server: McpServer,
): Promise<{ result: { tools: Record<string, unknown>[] } }> {
  const [client, side] = InMemoryTransport.createLinkedPair();
  await server.connect(side);
  const answer = new Promise<JSONRPCMessage>((resolve) => {
    client.onmessage = resolve;
  });
  await client.start();
  await client.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  const message = await answer;
  await server.close();
  return message as unknown as { result: { tools: Record<string, unknown>[] } };
}

/** The same tools on a plain McpServer: the SDK converts the schemas itself. */
function sdkServer(deps: OuraMcpDeps): McpServer {
  const server = new McpServer({ name: 'oura-connect', version: '0.0.0' });
  const run = toolRunner(deps);
  registerStatusTool(server, deps, run);
  registerDataTypesTool(server, deps, run);
  registerGetTool(server, deps, run);
  registerSummaryTool(server, deps, run);
  if (deps.history) {
    registerQueryTool(server, deps.history, run);
    registerTrendsTool(server, deps, deps.history, run);
    registerSyncTool(server, deps.history, run);
    if (deps.reportFiles !== false) registerReportTool(server, deps.history, run);
    registerInsightsTool(server, deps, deps.history, run);
  }
  return server;
}

// Registering reads nothing from the deps: the tools only use them when called.
const history = { path: '/nowhere/history.sqlite' } as McpHistory;
const base = { client: undefined, status: async () => ({}) } as unknown as OuraMcpDeps;
const shapes: [string, OuraMcpDeps][] = [
  ['live only (oura mcp without a history)', base],
  ['with a history (oura mcp)', { ...base, history }],
  ['with a history and no report files (oura serve)', { ...base, history, reportFiles: false }],
];

describe('tools/list', () => {
  it.each(shapes)('is the SDK’s own answer, %s', async (_name, deps) => {
    const ours = await listed(createOuraMcpServer(deps));
    const sdk = await listed(sdkServer(deps));
    expect(JSON.stringify(ours)).toBe(JSON.stringify(sdk));
    // Twice, from the converted schemas this time.
    expect(JSON.stringify(await listed(createOuraMcpServer(deps)))).toBe(JSON.stringify(sdk));
  });

  it('lists a schema changed on a tool as changed, under the same name', async () => {
    const server = new McpServer({ name: 't', version: '1' });
    const tool = server.registerTool(
      'echo',
      { inputSchema: z.object({ first: z.string() }) },
      async () => ({ content: [] }),
    );
    listToolsFromCache(server, { echo: tool });
    const parameters = async () =>
      Object.keys(
        (((await listed(server)).result.tools[0]?.inputSchema ?? {}) as { properties: object })
          .properties,
      );
    expect(await parameters()).toEqual(['first']);
    tool.update({ paramsSchema: { second: z.number() } });
    expect(await parameters()).toEqual(['second']);
  });

  it('keeps its answer when a receiver in the same process changes the one it got', async () => {
    const deps = shapes[2]?.[1] as OuraMcpDeps;
    const first = await listed(createOuraMcpServer(deps));
    const schema = first.result.tools[0]?.outputSchema as { properties: Record<string, unknown> };
    expect(() => {
      schema.properties.injected = { type: 'string' };
    }).toThrow(TypeError);
    const again = await listed(createOuraMcpServer(deps));
    expect(JSON.stringify(again)).toBe(JSON.stringify(await listed(sdkServer(deps))));
  });
});
