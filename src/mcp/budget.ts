/**
 * A result must fit in an assistant's context next to everything else it is
 * doing. Clients cut or refuse tool output past ~25k tokens (Claude Code's
 * default limit), so documents are handed over up to a character budget, in
 * time order, and the rest is named in a note the model can act on.
 */

/** About 20k tokens of JSON. */
export const MAX_RESULT_CHARS = 80_000;

/** The documents that fit, in order, and how many did not. */
export interface Capped<T> {
  kept: T[];
  omitted: number;
  /** The first document left out, so the note can say where to continue. */
  firstOmitted: T | undefined;
}

/** Keeps documents from the start while their JSON fits in `maxChars`. */
export function capByJsonSize<T>(
  docs: readonly T[],
  maxChars: number = MAX_RESULT_CHARS,
): Capped<T> {
  let used = 0;
  for (let i = 0; i < docs.length; i++) {
    used += JSON.stringify(docs[i]).length + 1;
    // Always keep one: an empty answer helps nobody, and one document is rarely huge.
    if (used > maxChars && i > 0) {
      return { kept: docs.slice(0, i), omitted: docs.length - i, firstOmitted: docs[i] };
    }
  }
  return { kept: [...docs], omitted: 0, firstOmitted: undefined };
}
