/**
 * How an account's data changes after the day (docs/oura-api.md): sleep and
 * readiness appear only once the user opens the app, documents are revised,
 * tags and workouts are deleted. The synthetic history is a pure function of
 * the seed; this overlay records the changes a test (or a control route)
 * makes, and every list and document answer passes through it.
 */
import type { Doc } from './context.js';

export class Changes {
  readonly #revised = new Map<string, Doc>();
  readonly #deleted = new Set<string>();
  /** type → days whose documents are not served yet. */
  readonly #held = new Map<string, Set<string>>();

  /**
   * Serves `doc` (same id) instead of the generated document from now on: a
   * frozen copy, as served documents are (its text is kept, see page-text.ts).
   */
  revise(doc: Doc): void {
    this.#revised.set(String(doc.id), Object.freeze({ ...doc }));
  }

  /** The document with this id is no longer served. */
  delete(id: string): void {
    this.#deleted.add(id);
    this.#revised.delete(id);
  }

  /** Documents of `type` on `day` are not served until {@link release}. */
  hold(type: string, day: string): void {
    const days = this.#held.get(type) ?? new Set<string>();
    days.add(day);
    this.#held.set(type, days);
  }

  release(type: string, day: string): void {
    this.#held.get(type)?.delete(day);
  }

  /** The documents as served now. */
  apply(type: string, docs: Doc[]): Doc[] {
    const held = this.#held.get(type);
    if (this.#revised.size === 0 && this.#deleted.size === 0 && !held?.size) return docs;
    const out: Doc[] = [];
    for (const doc of docs) {
      const id = String(doc.id);
      if (this.#deleted.has(id)) continue;
      // A document's day is `day`, or `start_day` for tags and rest mode periods.
      if (held?.has(String(doc.day ?? doc.start_day))) continue;
      out.push(this.#revised.get(id) ?? doc);
    }
    return out;
  }
}
