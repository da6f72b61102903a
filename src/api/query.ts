/**
 * The one check of a data request against the data-type table, shared by the
 * client, `oura get` and the MCP tool `oura_get`, so that all three accept and
 * refuse the same requests. Each caller names its own options (`--start` or
 * `start_date`) so the messages speak its language.
 *
 * `fields` names top-level fields of a type's documents: Oura's spec describes
 * it as the "fields to include in the response, in addition to the always
 * returned fields", and the documents' schemas list top-level properties.
 * Oura's routes select no deeper, and neither does the client's own
 * projection (for routes that ignore `fields`), so a dotted name such as
 * `contributors.hrv_balance` is refused with a pointer to its top-level field
 * instead of failing at Oura (HTTP 400) or silently returning nothing.
 */
import { UsageError } from '../errors.js';
import {
  DATA_TYPES,
  type DataType,
  type Endpoint,
  endpointOf,
  isDataType,
  queryParamsOf,
} from '../oura/data-types.js';
import { closestName } from '../text/closest-name.js';

/** How a caller spells the parts of a request in its messages. */
export interface QueryWords {
  range: string;
  id: string;
  fields: string;
  latest: string;
  /** Where the list of types is, e.g. "Run `oura types`". */
  typesHint: string;
}

/** The library's own words (the client's option names). */
const CLIENT_WORDS: QueryWords = {
  range: 'the range',
  id: 'the document id',
  fields: 'fields',
  latest: 'latest',
  typesHint: 'DATA_TYPES lists them.',
};

export interface DataQuery {
  type: string;
  /** A day range (or start/end) was given. */
  hasRange?: boolean;
  documentId?: string | undefined;
  /** A list, or one comma-separated string. */
  fields?: string | readonly string[] | undefined;
  latest?: boolean | undefined;
  sandbox?: boolean | undefined;
}

export interface CheckedQuery {
  endpoint: Endpoint;
  documentId: string | undefined;
  fields: string[] | undefined;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks a request's shape before anything is sent; throws UsageError naming what is wrong. */
export function checkQuery(query: DataQuery, words: QueryWords = CLIENT_WORDS): CheckedQuery {
  const endpoint = endpointOf(checkType(query.type, words));
  const { type } = endpoint;
  const sandbox = query.sandbox ?? false;
  const hasRange = query.hasRange ?? false;
  if (sandbox && endpoint.sandboxQuery === null) {
    throw new UsageError(`${type} has no sandbox route.`);
  }
  let documentId: string | undefined;
  if (query.documentId !== undefined) {
    if (!endpoint.documentRoute) {
      throw new UsageError(
        `${type} has no single-document route, so ${words.id} cannot be used with it.`,
      );
    }
    if (hasRange || query.latest) {
      throw new UsageError(
        `${words.id} fetches one document: leave out ${words.range} and ${words.latest}.`,
      );
    }
    documentId = query.documentId.trim();
    if (documentId === '') throw new UsageError(`${words.id} needs a document id.`);
  }
  if (query.latest) {
    if (!queryParamsOf(type, sandbox).includes('latest')) {
      throw new UsageError(
        sandbox && endpoint.query.includes('latest')
          ? `${words.latest} is not available on the sandbox route of ${type}.`
          : `${type} does not support ${words.latest} (only heartrate and ring_battery_level do).`,
      );
    }
    if (hasRange) {
      throw new UsageError(
        `${words.latest} asks for the most recent sample: leave out ${words.range}.`,
      );
    }
  }
  if (endpoint.kind === 'none' && hasRange) {
    throw new UsageError(`${type} is not organised by day: leave out ${words.range}.`);
  }
  return { endpoint, documentId, fields: checkFields(endpoint, query.fields, words) };
}

/** A data type name as the API spells it (case-sensitive), with a suggestion for near misses. */
function checkType(name: string, words: QueryWords = CLIENT_WORDS): DataType {
  if (isDataType(name)) return name;
  throw new UsageError(unknownTypeMessage(name, words));
}

export function unknownTypeMessage(name: string, words: QueryWords): string {
  const near = closestName(name, DATA_TYPES);
  return near
    ? `unknown data type "${name}"; did you mean "${near}"? ${words.typesHint}`
    : `unknown data type "${name}". Valid types: ${DATA_TYPES.join(', ')}. ${words.typesHint}`;
}

function checkFields(
  endpoint: Endpoint,
  given: string | readonly string[] | undefined,
  words: QueryWords,
): string[] | undefined {
  if (given === undefined) return undefined;
  if (endpoint.type === 'personal_info') {
    throw new UsageError(`personal_info does not take ${words.fields}.`);
  }
  const names = (typeof given === 'string' ? given.split(',') : given)
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw new UsageError(`${words.fields} needs at least one field name, e.g. day,score.`);
  }
  const dotted = names.find((name) => name.includes('.'));
  if (dotted) {
    throw new UsageError(
      `${words.fields} takes top-level field names: ask for "${dotted.split('.')[0]}" instead of "${dotted}" (Oura selects whole top-level fields).`,
    );
  }
  const bad = names.find((name) => !FIELD_NAME.test(name));
  if (bad !== undefined) {
    throw new UsageError(`${words.fields}: "${bad}" is not a field name (letters, digits and _).`);
  }
  return [...new Set(names)];
}
