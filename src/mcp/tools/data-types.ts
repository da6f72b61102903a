/**
 * `oura_data_types`: the endpoint table (`src/api/endpoints.ts`), told the way
 * a model calls `oura_get`: what each type holds, the scope it needs (and
 * whether this login has it), and which arguments apply.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DATA_TYPES, ENDPOINTS, type Endpoint } from '../../oura/data-types.js';
import type { OuraMcpDeps } from '../deps.js';
import { okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

/** Output of `oura_data_types`. */
export const dataTypesOutput = z.object({
  types: z.array(
    z.object({
      type: z.string(),
      description: z.string(),
      scope: z.string(),
      granted: z.boolean().nullable().describe('null when the granted scopes are not known'),
      arguments: z.array(z.string()).describe('oura_get arguments that apply besides type'),
      organised_by: z.enum(['day', 'time', 'none']),
    }),
  ),
});

function argumentsOf(endpoint: Endpoint): string[] {
  const args: string[] = [];
  if (endpoint.kind !== 'none') args.push('start_date', 'end_date');
  if (endpoint.documentRoute) args.push('document_id');
  if (endpoint.query.includes('fields')) args.push('fields');
  if (endpoint.type === 'heartrate') args.push('raw');
  return args;
}

/** Registers `oura_data_types`. */
export function registerDataTypesTool(
  server: McpServer,
  deps: OuraMcpDeps,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_data_types',
    {
      title: 'Oura data types',
      description:
        'Every Oura data type oura_get can read: what it holds, the OAuth scope it needs and whether the ' +
        'current login has it, and which oura_get arguments apply. Needs no network.',
      outputSchema: dataTypesOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      run('oura_data_types', async () => {
        // The granted scopes make "why is this empty/forbidden?" answerable; without them, say unknown.
        const granted = await deps.status().then(
          (s) => (s.scopes.length > 0 ? new Set(s.scopes) : undefined),
          () => undefined,
        );
        const types = DATA_TYPES.map((type) => {
          const endpoint = ENDPOINTS[type];
          return {
            type,
            description: endpoint.description,
            scope: endpoint.scope,
            granted: granted ? granted.has(endpoint.scope) : null,
            arguments: argumentsOf(endpoint),
            organised_by: (endpoint.kind === 'date'
              ? 'day'
              : endpoint.kind === 'datetime'
                ? 'time'
                : 'none') as 'day' | 'time' | 'none',
          };
        });
        const text = types
          .map(
            (t) =>
              `${t.type} (scope ${t.scope}${t.granted === false ? ', NOT granted' : ''}): ${t.description}`,
          )
          .join('\n');
        return okResult(text, { types });
      }),
  );
}
