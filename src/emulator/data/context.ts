import { DATA_TYPES, type DataType, ENDPOINTS } from '../../oura/data-types.js';
import { hashString, Prng } from '../prng.js';
import type { DayPlan, PlanCache } from './plan.js';

/**
 * What a document builder gets: the day's plan, its neighbours, and the
 * user's constants. Builders are pure, so a document can be rebuilt from its
 * id for the single-document routes.
 */
export interface DocContext {
  seed: string;
  salt: number;
  plans: PlanCache;
  plan: DayPlan;
  /** Age of the person in years, for cardiovascular age. */
  age: number;
  /** The ring worn (sleep documents carry its id). */
  ringId: string;
}

/** A JSON object as served. */
export type Doc = Record<string, unknown>;

/** Builds the documents of one type for one day: how many there are, then each by index. */
export interface DocBuilder {
  count(ctx: DocContext): number;
  build(ctx: DocContext, index: number): Doc;
}

/** A generator for one (type, day, index), independent of every other. */
export function prngFor(ctx: DocContext, type: string, index = 0): Prng {
  return new Prng(`${ctx.seed}|${type}|${ctx.plan.num}|${index}`);
}

/**
 * Types whose documents have ids, in a fixed order: a document id encodes its
 * type's index here. The date types in the table's order, then ring_configuration.
 */
export const ID_TYPES: readonly DataType[] = [
  ...DATA_TYPES.filter((type) => ENDPOINTS[type].kind === 'date'),
  'ring_configuration',
];

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/**
 * A UUID-shaped document id that also carries the day number, the type and
 * the index, so `GET /{type}/{id}` can rebuild the document without an index
 * of all history. Looks opaque, as Oura's ids do.
 */
export function documentId(
  ctx: { salt: number },
  type: string,
  num: number,
  index: number,
): string {
  const typeIndex = (ID_TYPES as readonly string[]).indexOf(type);
  const h1 = hashString(`${ctx.salt}|${type}|${num}|${index}|a`);
  const h2 = hashString(`${ctx.salt}|${type}|${num}|${index}|b`);
  const h3 = hashString(`${ctx.salt}|${type}|${num}|${index}|c`);
  const dayHex = (num & 0xffff).toString(16).padStart(4, '0');
  const typeHex = typeIndex.toString(16).padStart(2, '0');
  const indexHex = (index & 0xf).toString(16);
  return `${hex32(h1)}-${dayHex}-4${typeHex}${indexHex}-a${hex32(h2).slice(0, 3)}-${hex32(h3)}${hex32(h1 ^ h2).slice(0, 4)}`;
}

const ID_RE = /^[0-9a-f]{8}-([0-9a-f]{4})-4([0-9a-f]{2})([0-9a-f])-a[0-9a-f]{3}-[0-9a-f]{12}$/;

/** Reads back what {@link documentId} packed, or undefined for a foreign id. */
export function parseDocumentId(
  id: string,
): { num: number; type: string; index: number } | undefined {
  const match = ID_RE.exec(id);
  if (!match) return undefined;
  const type = ID_TYPES[Number.parseInt(match[2] ?? '', 16)];
  if (!type) return undefined;
  return {
    num: Number.parseInt(match[1] ?? '', 16),
    type,
    index: Number.parseInt(match[3] ?? '', 16),
  };
}
