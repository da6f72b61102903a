/**
 * The `fields` parameter: which names a type knows (an unknown one is a 400),
 * and the projection of the answer onto the names asked.
 */
import type { Endpoint as EndpointSpec } from '../../oura/data-types.js';
import type { Doc } from '../data/context.js';
import type { DataSource } from '../data/data-source.js';
import { badRequest } from './problems.js';

const SERIES_FIELDS: Record<string, string[]> = {
  heartrate: ['timestamp', 'timestamp_unix', 'bpm', 'source'],
  ring_battery_level: ['timestamp', 'timestamp_unix', 'level', 'charging', 'in_charger'],
};

/** The top-level field names of each type, learned once per emulator. */
export class FieldNames {
  readonly #known = new Map<string, Set<string>>();

  /** Top-level fields of a type's documents, learned from one generated document. */
  #of(spec: EndpointSpec, source: DataSource): Set<string> {
    let known = this.#known.get(spec.type);
    if (known) return known;
    known = new Set(SERIES_FIELDS[spec.type] ?? []);
    if (spec.kind === 'none') {
      for (const key of Object.keys(source.ringConfigurations()[0] ?? {})) known.add(key);
    } else if (spec.kind === 'date') {
      // Some types are sparse (workouts, tags): look back until one appears.
      for (let num = source.lastDay; num > source.lastDay - 400 && known.size === 0; num--) {
        for (const key of Object.keys(
          source.listDocuments(spec.type, num, num, 0, 1).items[0] ?? {},
        ))
          known.add(key);
      }
    }
    this.#known.set(spec.type, known);
    return known;
  }

  /** The names asked for, sorted and once each; undefined when the answer keeps every field. */
  parse(spec: EndpointSpec, source: DataSource, raw: string | null): string[] | undefined {
    // Routes the spec marks as ignoring `fields` answer every field.
    if (raw === null || spec.fieldsIgnoredByServer) return undefined;
    const names = raw
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length === 0) return undefined;
    const known = this.#of(spec, source);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0 && known.size > 0) {
      throw badRequest(`Unknown field(s) for ${spec.type}: ${unknown.join(', ')}`);
    }
    return [...new Set(names)].sort();
  }
}

/** Each item with only the fields asked and those always kept; all of it when none were asked. */
export function project<T extends object>(
  items: T[],
  fields: string[] | undefined,
  keep: string[],
): Doc[] {
  if (!fields) return items as unknown as Doc[];
  const wanted = new Set([...keep, ...fields]);
  return items.map((item) =>
    Object.fromEntries(Object.entries(item).filter(([key]) => wanted.has(key))),
  );
}
