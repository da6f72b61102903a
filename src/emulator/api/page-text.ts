/**
 * A date type's list page and its JSON text, written from each document's
 * text made once. Generated documents are drawn once and never changed in
 * place (`DataSource`), so a page asked again (a revisit, each run of a
 * benchmark) costs its joins, not a serialisation of every document: on a
 * year of daily_activity that was most of the emulator's time per request.
 */
const texts = new WeakMap<object, string>();

/** `doc`'s JSON text, made on first use. */
function textOf(doc: object): string {
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
