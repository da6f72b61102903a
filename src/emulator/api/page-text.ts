/**
 * A date type's list page and its JSON text, written from each document's
 * text. A frozen document (a drawn one, kept by `DrawnDocuments`, or a
 * revision) is never changed, so its text is made once: a page asked again (a
 * revisit, each run of a benchmark) costs its joins, not a serialisation of
 * every document, which on a year of daily_activity was most of the
 * emulator's time per request. Others (cut to `fields`) are written afresh.
 */
const texts = new WeakMap<object, string>();

/** `doc`'s JSON text, kept for a frozen document. */
function textOf(doc: object): string {
  if (!Object.isFrozen(doc)) return JSON.stringify(doc);
  let text = texts.get(doc);
  if (text === undefined) {
    text = JSON.stringify(doc);
    texts.set(doc, text);
  }
  return text;
}

/** `{ data, next_token }`, as Oura's list routes answer. */
export class ListPage {
  constructor(
    readonly data: readonly object[],
    readonly next_token: string | null,
  ) {}

  /** The same text `JSON.stringify` writes of the page. */
  text(): string {
    return `{"data":[${this.data.map(textOf).join(',')}],"next_token":${JSON.stringify(this.next_token)}}`;
  }
}
