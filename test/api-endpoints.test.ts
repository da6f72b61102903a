/**
 * The endpoint table against Oura's OpenAPI document: every usercollection
 * route (live and sandbox) is in the table and vice versa, with the same query
 * parameters. The spec is found as scripts/spec-path.js says.
 */
import { expect, it } from 'vitest';
import { listPath } from '../src/api/endpoints.js';
import { DATA_TYPES, ENDPOINTS, queryParamsOf } from '../src/oura/data-types.js';
import { describeWithSpec, readSpec } from './helpers/spec.js';

interface Parameter {
  name: string;
  in: string;
  description?: string;
}
interface Operation {
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Spec {
  paths: Record<string, { get?: Operation }>;
  components: {
    schemas: Record<
      string,
      { properties?: Record<string, unknown>; required?: string[]; enum?: string[] }
    >;
  };
}

const spec = readSpec<Spec>();
const ROUTE = /^\/v2\/(sandbox\/)?usercollection\/([^/]+)(\/\{document_id\})?$/;

function specRoutes() {
  return Object.keys(spec.paths)
    .filter((p) => p.includes('usercollection'))
    .map((path) => {
      const m = ROUTE.exec(path);
      if (!m) throw new Error(`unexpected route shape ${path}`);
      return { path, sandbox: Boolean(m[1]), type: m[2] ?? '', document: Boolean(m[3]) };
    });
}

function queryOf(path: string): string[] {
  return (spec.paths[path]?.get?.parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
}

describeWithSpec('endpoint table vs the OpenAPI spec', () => {
  it('covers every usercollection route of the spec, and nothing else', () => {
    const fromSpec = new Set(specRoutes().map((r) => r.path));
    const fromTable = new Set<string>();
    for (const type of DATA_TYPES) {
      const e = ENDPOINTS[type];
      expect(e.type).toBe(type);
      fromTable.add(e.path);
      if (e.documentRoute) fromTable.add(`${e.path}/{document_id}`);
      if (e.sandboxQuery !== null) {
        fromTable.add(listPath(type, true));
        if (e.documentRoute) fromTable.add(`${listPath(type, true)}/{document_id}`);
      }
    }
    expect([...fromTable].sort()).toEqual([...fromSpec].sort());
  });

  it('lists exactly the query parameters of each route, live and sandbox', () => {
    for (const type of DATA_TYPES) {
      expect(new Set(queryParamsOf(type))).toEqual(new Set(queryOf(ENDPOINTS[type].path)));
      if (ENDPOINTS[type].sandboxQuery !== null) {
        expect(new Set(queryParamsOf(type, true))).toEqual(new Set(queryOf(listPath(type, true))));
      }
      for (const route of specRoutes().filter((r) => r.type === type && r.document)) {
        const params = spec.paths[route.path]?.get?.parameters ?? [];
        expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(['path:document_id']);
      }
    }
  });

  it('derives kind, latest and fields support from the parameters', () => {
    for (const type of DATA_TYPES) {
      const e = ENDPOINTS[type];
      const q = queryOf(e.path);
      const expectedKind = q.includes('start_date')
        ? 'date'
        : q.includes('start_datetime')
          ? 'datetime'
          : 'none';
      expect(e.kind, type).toBe(expectedKind);
      const fields = spec.paths[e.path]?.get?.parameters?.find((p) => p.name === 'fields');
      // The spec lists `fields` on some routes but says they ignore it ("N/A ...").
      expect(e.fieldsIgnoredByServer, type).toBe(Boolean(fields?.description?.startsWith('N/A')));
      expect(e.paginated, type).toBe(type !== 'personal_info');
    }
  });

  it("names each webhook data type as the spec's ExtApiV2DataType does", () => {
    const fromSpec = spec.components.schemas.ExtApiV2DataType?.enum ?? [];
    const fromTable = DATA_TYPES.flatMap((type) => ENDPOINTS[type].webhook ?? []);
    // `meal` has webhooks but no V2 REST route to read it from.
    expect(fromTable.sort()).toEqual(fromSpec.filter((name) => name !== 'meal').sort());
    expect(ENDPOINTS.vO2_max.webhook).toBe('vo2_max');
  });

  it("uses a day key the documents' schema requires", () => {
    for (const type of DATA_TYPES) {
      const e = ENDPOINTS[type];
      if (!e.dayKey || !e.documentRoute) continue;
      const schema =
        spec.paths[`${e.path}/{document_id}`]?.get?.responses['200']?.content?.['application/json']
          ?.schema;
      const name =
        String(schema?.$ref ?? '')
          .split('/')
          .pop() ?? '';
      expect(spec.components.schemas[name]?.required, `${type} (${name})`).toContain(e.dayKey);
    }
  });
});
