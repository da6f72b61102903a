import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readSpec } from './spec.js';

/** Shared by the emulator tests: the official spec as referee, and small HTTP helpers. */

export interface OpenApiSpec {
  paths: Record<string, Record<string, OperationSpec>>;
  components: { schemas: Record<string, SchemaSpec> };
}
export interface OperationSpec {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: { 'application/json'?: { schema: SchemaSpec } } }>;
}
export interface SchemaSpec {
  $ref?: string;
  anyOf?: SchemaSpec[];
  properties?: Record<string, SchemaSpec>;
  items?: SchemaSpec;
  [key: string]: unknown;
}

/** Oura's OpenAPI document, read at test time and never copied into the project. */
export function loadSpec(): OpenApiSpec {
  return readSpec<OpenApiSpec>();
}

const SPEC_ID = 'https://oura.test/openapi.json';

/** Validators for `#/components/...` refs and inline schemas of the spec. */
export function specValidator(spec: OpenApiSpec) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  const cache = new Map<string, ValidateFunction>();
  /** Rewrites local refs so an inline schema taken out of the spec still resolves. */
  const rebase = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(rebase);
    if (schema && typeof schema === 'object') {
      return Object.fromEntries(
        Object.entries(schema).map(([key, value]) => [
          key,
          key === '$ref' && typeof value === 'string' && value.startsWith('#')
            ? `${SPEC_ID}${value}`
            : rebase(value),
        ]),
      );
    }
    return schema;
  };
  return (schema: SchemaSpec, data: unknown): string | undefined => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(rebase(schema) as object);
      cache.set(key, validate);
    }
    return validate(data) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' });
  };
}

/** Follows a `#/components/schemas/X` ref. */
export function deref(spec: OpenApiSpec, schema: SchemaSpec): SchemaSpec {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    const target = spec.components.schemas[name];
    if (!target) throw new Error(`no schema ${schema.$ref}`);
    return deref(spec, target);
  }
  return schema;
}

/** GET with a bearer token, returning status, headers and parsed JSON. */
export async function getJson(
  url: string,
  token?: string,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** POST a form, returning status and parsed JSON (when any). */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A list response. */
export interface ListBody {
  data: Record<string, unknown>[];
  next_token: string | null;
}
