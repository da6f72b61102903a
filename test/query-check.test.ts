/**
 * One check of a data request, shared by the client, `oura get` and
 * `oura_get`: the same request is accepted or refused the same way by all
 * three, and every top-level field the spec documents is accepted (and served
 * by the emulator).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { checkQuery } from '../src/api/query.js';
import type { StatusReport } from '../src/auth/login-status.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { createOuraMcpServer } from '../src/mcp/server.js';
import { DATA_TYPES, ENDPOINTS } from '../src/oura/data-types.js';
import { cleanEnv, runCli, tempConfigDir } from './helpers/cli.js';
import { readSpec, specAvailable } from './helpers/spec.js';

interface Schema {
  $ref?: string;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Spec {
  paths: Record<
    string,
    { get?: { responses: Record<string, { content?: Record<string, { schema: Schema }> }> } }
  >;
  components: { schemas: Record<string, Schema> };
}

describe('the same request, judged once', () => {
  let emulator: Emulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ today: '2024-05-07', historyDays: 400 });
    token = emulator.mintTokens().access_token;
  });
  afterAll(async () => emulator?.close());

  const range = { start: '2024-05-01', end: '2024-05-07' };

  for (const [type, fields] of [
    ['daily_readiness', 'contributors.hrv_balance'],
    ['tag', 'contributors.hrv_balance'],
    ['daily_sleep', 'score;drop'],
  ] as const) {
    it(`${type} with fields "${fields}": refused before any request by the CLI, the MCP tool and the client`, async () => {
      const before = emulator.stats.apiRequests;
      const env = cleanEnv({
        OURA_ACCESS_TOKEN: token,
        OURA_API_URL: emulator.url,
        OURA_CONFIG_DIR: await tempConfigDir(),
      });
      const cli = await runCli(['get', type, '--fields', fields], { env });
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain('--fields');

      const server = createOuraMcpServer({
        client: new OuraClient({ token, baseUrl: emulator.url }),
        status: async () => ({}) as StatusReport,
      });
      const mcp = new Client({ name: 'test', version: '1' });
      const [a, b] = InMemoryTransport.createLinkedPair();
      await Promise.all([server.connect(a), mcp.connect(b)]);
      const tool = (await mcp.callTool({
        name: 'oura_get',
        arguments: { type, fields },
      })) as CallToolResult;
      await mcp.close();
      expect(tool.isError).toBe(true);
      expect(JSON.stringify(tool.content)).toContain('fields');

      const client = new OuraClient({ token, baseUrl: emulator.url });
      expect(() => client.list(type, range, { fields: fields.split(',') })).toThrow(/fields/);
      expect(emulator.stats.apiRequests).toBe(before);
    });
  }

  it('a dotted name points at its top-level field', () => {
    expect(() =>
      checkQuery({ type: 'daily_readiness', fields: 'day,contributors.hrv_balance' }),
    ).toThrow(/"contributors" instead of "contributors.hrv_balance"/);
  });

  describe.skipIf(!specAvailable)('against the spec', () => {
    const spec = specAvailable ? readSpec<Spec>() : undefined;
    /** Follows `$ref`s, taking the first alternative of an `anyOf` (the typed model). */
    const deref = (schema: Schema | undefined): Schema | undefined => {
      if (schema?.anyOf) return deref(schema.anyOf[0]);
      const name = schema?.$ref?.split('/').pop();
      return name ? deref(spec?.components.schemas[name]) : schema;
    };
    /** Top-level properties of a type's documents, as the spec's list response describes them. */
    const documentFields = (path: string): string[] => {
      const list = deref(
        spec?.paths[path]?.get?.responses['200']?.content?.['application/json']?.schema,
      );
      return Object.keys(deref(deref(list?.properties?.data)?.items)?.properties ?? {});
    };

    it('accepts every top-level field the spec documents, and the emulator serves exactly those asked', async () => {
      const client = new OuraClient({ token, baseUrl: emulator.url });
      const served: string[] = [];
      for (const type of DATA_TYPES) {
        const endpoint = ENDPOINTS[type];
        if (!endpoint.query.includes('fields')) continue;
        const names = documentFields(endpoint.path);
        expect(names.length, type).toBeGreaterThan(1);
        expect(checkQuery({ type, fields: names }).fields, type).toEqual(names);
        const asked = names.filter((name) => name !== 'id').slice(0, 1);
        const listRange =
          endpoint.kind === 'none' ? undefined : { start: '2024-02-01', end: '2024-05-07' };
        for await (const doc of client.list(type as 'daily_sleep', listRange, { fields: asked })) {
          const kept = Object.keys(doc as object);
          for (const key of kept) {
            expect([...asked, 'id', 'day', 'start_day', 'timestamp'], `${type}: ${key}`).toContain(
              key,
            );
          }
          served.push(type);
          break;
        }
      }
      // Three months of emulated history hold documents of every such type, workouts and tags included.
      const withFields = DATA_TYPES.filter((type) => ENDPOINTS[type].query.includes('fields'));
      expect(served).toEqual(withFields);
    });

    it('the emulator answers every field on routes the spec says ignore `fields`', async () => {
      const ignoring = DATA_TYPES.filter((type) => ENDPOINTS[type].fieldsIgnoredByServer);
      expect(ignoring).toEqual(['daily_resilience', 'enhanced_tag', 'tag']);
      for (const type of ignoring) {
        const url = `${emulator.url}${ENDPOINTS[type].path}?start_date=2024-02-01&end_date=2024-05-07&fields=day`;
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { data: object[] };
        expect(Object.keys(body.data[0] ?? {}).length, type).toBeGreaterThan(2);
      }
    });
  });
});
