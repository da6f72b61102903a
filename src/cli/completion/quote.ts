/** Shell quoting for the generated scripts: every word embedded in them goes through here. */

/** A single-quoted word for bash and zsh (`'it'\''s'`). */
export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A single-quoted word for fish, whose quotes take `\'` and `\\` inside. */
export function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
