/**
 * `tools/list` answered from JSON Schemas converted once per process. The
 * SDK's `McpServer` converts every tool's zod schemas to JSON Schema on every
 * `tools/list`, and `oura serve` builds a server for every request: the
 * conversion was a seventh of the server's CPU under a burst of sessions.
 * The answer is the SDK's own (same fields in the same order, the same
 * `z.toJSONSchema` options); `test/mcp-tool-list.test.ts` holds the two side
 * by side. A schema is converted once per schema object, so the tools must
 * share theirs between servers (see `./tools/`); tool names, titles,
 * descriptions and `enabled` are read at every call, as the SDK does.
 *
 * https://modelcontextprotocol.io/specification/2025-06-18/server/tools#listing-tools
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ListToolsRequestSchema,
  type ListToolsResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { type ZodType, z } from 'zod';

type JsonSchema = Tool['inputSchema'];
type Io = 'input' | 'output';

const converted: Record<Io, WeakMap<object, JsonSchema>> = {
  input: new WeakMap(),
  output: new WeakMap(),
};

// The SDK's answer for a tool without parameters.
const NO_PARAMETERS: JsonSchema = Object.freeze({ type: 'object', properties: Object.freeze({}) });

/** Frozen: the same object goes into every answer, so nothing may change it on the way out. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function jsonSchemaOf(schema: object, io: Io): JsonSchema {
  let json = converted[io].get(schema);
  if (!json) {
    // As the SDK's `toJsonSchemaCompat` for zod 4: draft-7, input or output side.
    json = deepFreeze(z.toJSONSchema(schema as ZodType, { target: 'draft-7', io }) as JsonSchema);
    converted[io].set(schema, json);
  }
  return json;
}

function definition(name: string, tool: RegisteredTool): Tool {
  const listed: Tool = {
    name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema ? jsonSchemaOf(tool.inputSchema, 'input') : NO_PARAMETERS,
    annotations: tool.annotations,
    execution: tool.execution,
    _meta: tool._meta,
  } as Tool;
  if (tool.outputSchema) listed.outputSchema = jsonSchemaOf(tool.outputSchema, 'output');
  return listed;
}

/**
 * Makes `server` answer `tools/list` with `tools` (every tool it registered,
 * by name). Call after the last `registerTool`: the first one installs the
 * SDK's own handler, which this one replaces.
 */
export function listToolsFromCache(
  server: McpServer,
  tools: Readonly<Record<string, RegisteredTool>>,
): void {
  server.server.setRequestHandler(
    ListToolsRequestSchema,
    (): ListToolsResult => ({
      tools: Object.entries(tools)
        .filter(([, tool]) => tool.enabled)
        .map(([name, tool]) => definition(name, tool)),
    }),
  );
}
