/**
 * HTML that data cannot turn into markup. Every page this package makes (the
 * report, the login's result page, the emulator's consent page) is written
 * with the {@link html} tag: each value interpolated into it is escaped,
 * unless it is itself {@link SafeHtml}, i.e. markup built by the tag. So
 * forgetting to escape is not possible; writing markup from data takes one of
 * the deliberately named exits below, each of which checks what it embeds:
 *
 * - {@link inlineTrustedScript} and {@link inlineTrustedStyle}: code this
 *   program ships (the chart library, the page's own script and styles), raw;
 * - {@link jsonScript}: data for the page's script, escaped for a `<script>`.
 *
 * The tag also refuses, when the page is built, places where HTML escaping
 * does not make a value safe: inside a `<script>` or `<style>`, an unquoted
 * attribute value, an event handler (`on…`) or a `style` attribute.
 *
 * Escaping follows the HTML Standard's serialisation of text and attribute
 * values (https://html.spec.whatwg.org/multipage/parsing.html#escapingString):
 * `&`, `<`, `>` and `"`, so one function serves text and attribute values,
 * which the tag requires to be double-quoted (a `'` needs no escape there).
 */

declare const SAFE_HTML: unique symbol;

/** Markup built by {@link html} or one of the embeddings: the only value interpolated unescaped. */
export type SafeHtml = { readonly [SAFE_HTML]: true; toString(): string };

/** What may be interpolated: text and numbers (escaped), markup, and lists of them (joined). */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[];

class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const markup = (text: string) => new Markup(text) as unknown as SafeHtml;

/** True if `value` is markup this module built (not a look-alike object). */
export function isSafeHtml(value: unknown): value is SafeHtml {
  return value instanceof Markup;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof Markup) return value.text;
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') return escapeText(String(value));
  if (Array.isArray(value)) return value.map(render).join('');
  // JavaScript callers, or a cast: undefined, null, booleans and objects are mistakes, not text.
  throw new TypeError(`html: cannot interpolate ${value === null ? 'null' : typeof value}`);
}

/** Elements whose content the parser reads as raw text: escaping does not apply there. */
const RAW_TEXT = /<(script|style)\b[^>]*>(?![\s\S]*<\/\1)[\s\S]*$/i;
/** An attribute whose value is code or style: escaped text is still active there. */
const ACTIVE_ATTRIBUTE = /\s(on[a-z]+|style)\s*=\s*"[^"]*$/i;

/**
 * Throws if the markup written so far ends where an escaped value would not
 * be safe. `written` is the template's own text before the value (never the
 * values), so the check reads only what a programmer wrote.
 */
function checkPlace(written: string): void {
  if (RAW_TEXT.test(written)) {
    throw new Error(
      'html: no value inside <script> or <style> (use jsonScript, inlineTrustedScript or inlineTrustedStyle)',
    );
  }
  const open = written.lastIndexOf('<');
  if (open <= written.lastIndexOf('>')) return;
  // Inside a tag: only as the whole or part of a double-quoted attribute value.
  const tag = written.slice(open);
  const quotes = tag.split('"').length - 1;
  if (quotes % 2 === 0) {
    throw new Error(`html: a value inside a tag must be a quoted attribute value (after "${tag}")`);
  }
  if (ACTIVE_ATTRIBUTE.test(tag)) {
    throw new Error(`html: no value in an event handler or style attribute (after "${tag}")`);
  }
}

/**
 * The template as markup, every interpolated value escaped unless it is
 * {@link SafeHtml}; lists are joined without separator.
 *
 * @example html`<td title="${name}">${count}</td>`
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let written = strings[0] ?? '';
  let out = written;
  values.forEach((value, i) => {
    checkPlace(written);
    const next = strings[i + 1] ?? '';
    out += render(value) + next;
    written += next;
  });
  return markup(out);
}

/** Text that would end a `<script>`/`<style>` early, or open an HTML comment inside it. */
function checkRawText(element: 'script' | 'style', text: string): void {
  if (new RegExp(`</${element}|<!--`, 'i').test(text)) {
    throw new Error(
      `the inlined ${element} holds "</${element}" or "<!--", which would end it early`,
    );
  }
}

/**
 * `<script>code</script>` for code this program ships (never data): the text
 * goes in as it is, so the Content-Security-Policy hash of `code` matches.
 */
export function inlineTrustedScript(code: string): SafeHtml {
  checkRawText('script', code);
  return markup(`<script>${code}</script>`);
}

/** `<style>css</style>` for styles this program ships (never data). */
export function inlineTrustedStyle(css: string): SafeHtml {
  checkRawText('style', css);
  return markup(`<style>${css}</style>`);
}

/**
 * `value` as JSON in a `<script type="application/json">` (read with
 * `JSON.parse(element.textContent)`). `<`, `>` and `&` are written as
 * `\u003c`-style escapes, so no string in the data can close the element
 * (`</script>`) or open a comment (`<!--`); U+2028 and U+2029 too, so the text
 * stays valid should it ever be read as JavaScript.
 */
export function jsonScript(id: string, value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return markup(`<script type="application/json" id="${escapeText(id)}">${json}</script>`);
}
