/**
 * A result must fit in an assistant's context next to everything else it is
 * doing, and through the protocol at all.
 *
 * - Clients cut or refuse tool output past ~25k tokens (Claude Code's default
 *   limit), so documents and rows are handed over up to a character budget
 *   ({@link MAX_RESULT_CHARS}), in order, and the rest is named in a note the
 *   model can act on.
 * - Every answer, whatever the tool, is held to {@link MAX_ANSWER_BYTES} by
 *   the tool runner ({@link fitAnswer}): the backstop for what a tool did not
 *   foresee (a tag comment of 5 MB from the API, a query's column names).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** About 20k tokens of JSON. */
export const MAX_RESULT_CHARS = 80_000;

/**
 * The most one tool answer may take: content and structured content
 * together, serialized as JSON, in UTF-8 bytes. 1 MiB is a tenth of the
 * 10 MiB the MCP SDK's stdio client accepts in one message (past it the
 * client drops the connection, and every later call fails with it), and
 * leaves room for what the tools build within {@link MAX_RESULT_CHARS}:
 * 80k characters of JSON are at most 240 KB of UTF-8, twice over when the
 * text content repeats part of the structured content.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

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

/** The size {@link MAX_ANSWER_BYTES} limits. */
export function answerBytes(result: CallToolResult): number {
  return Buffer.byteLength(JSON.stringify(result));
}

/** How to ask each tool for less, for the note of an answer that had to be cut. */
const NARROWING: Record<string, string> = {
  oura_get:
    'Ask for fewer days (start_date, end_date), pass fields to keep only what you need, or fetch one document by document_id.',
  oura_query:
    "Select fewer or shorter columns (json_extract(doc, '$.field') rather than doc; length(x) or substr(x, 1, n) for long values) or fewer rows (WHERE, LIMIT).",
  oura_summary: 'Ask for fewer days (start_date, end_date).',
  oura_trends: 'Ask for fewer metrics, fewer days, or a longer period (week, month).',
  oura_insights: 'Ask for one kind, or fewer days (start_date, end_date).',
};

/** What ends a text cut by {@link fitAnswer}. */
export const ANSWER_CUT_MARK = '…[cut to fit]';
/** Texts are not cut shorter than this; past it, lists are cut instead. */
const MIN_TEXT = 1024;
/** Room kept under the limit for the note. */
const NOTE_ROOM = 4096;

interface Limits {
  text: number;
  items: number;
}
interface Cuts {
  texts: number;
  lists: number;
}

/**
 * `result` held to `maxBytes`: returned as it is when it fits. Otherwise its
 * longest texts are cut (a runaway value is the usual cause), then, if that
 * is not enough, its longest lists keep only their first items; the same
 * cuts apply to the text content and the structured content, which keep
 * their shapes (strings stay strings, lists lists). A note says what was cut
 * and how to ask for less, in the content and in `structuredContent.notes`
 * when the tool has notes. An answer that cannot be made to fit that way
 * becomes an error result saying so. `size` is the result's
 * {@link answerBytes}, for a caller that has serialized it already.
 */
export function fitAnswer(
  result: CallToolResult,
  tool: string,
  maxBytes: number = MAX_ANSWER_BYTES,
  size: number = answerBytes(result),
): CallToolResult {
  if (size <= maxBytes) return result;
  const target = maxBytes - NOTE_ROOM;
  const narrow = NARROWING[tool] ?? 'Ask for less.';

  let limits: Limits = { text: longest(result, 'text'), items: Number.POSITIVE_INFINITY };
  let fitted: { value: CallToolResult; cuts: Cuts } = {
    value: result,
    cuts: { texts: 0, lists: 0 },
  };
  const attempt = (next: Limits) => {
    limits = next;
    fitted = shrink(result, limits);
    return answerBytes(fitted.value) <= target;
  };
  let fits = false;
  while (!fits && limits.text > MIN_TEXT) {
    fits = attempt({ ...limits, text: Math.max(MIN_TEXT, Math.floor(limits.text / 2)) });
  }
  if (!fits) limits.items = longest(result, 'list');
  while (!fits && limits.items > 1) {
    fits = attempt({ ...limits, items: Math.floor(limits.items / 2) });
  }
  if (!fits) {
    return {
      content: [
        {
          type: 'text',
          text: `The answer of ${tool} took ${size} bytes, more than the ${maxBytes} one tool answer may take, and could not be cut to fit. ${narrow}`,
        },
      ],
      isError: true,
    };
  }
  const parts = [
    fitted.cuts.texts > 0
      ? `${fitted.cuts.texts} long text${fitted.cuts.texts === 1 ? ' was' : 's were'} cut to ${limits.text} characters (ending in "${ANSWER_CUT_MARK}")`
      : '',
    fitted.cuts.lists > 0
      ? `${fitted.cuts.lists === 1 ? '1 list keeps only its' : `${fitted.cuts.lists} lists keep only their`} first ${limits.items === 1 ? 'item' : `${limits.items} items`}`
      : '',
  ].filter(Boolean);
  const note = `This answer took ${size} bytes, more than the ${maxBytes} one tool answer may take: ${parts.join(' and ')}. ${narrow}`;
  const value = fitted.value;
  const structured = value.structuredContent;
  return {
    ...value,
    content: [...value.content, { type: 'text', text: note }],
    ...(structured && Array.isArray(structured.notes)
      ? { structuredContent: { ...structured, notes: [...structured.notes, note] } }
      : {}),
  };
}

/** The length of the longest string, or of the longest array, anywhere in `value`. */
function longest(value: unknown, kind: 'text' | 'list'): number {
  let max = 0;
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (kind === 'text') max = Math.max(max, node.length);
    } else if (Array.isArray(node)) {
      if (kind === 'list') max = Math.max(max, node.length);
      for (const item of node) visit(item);
    } else if (node !== null && typeof node === 'object') {
      for (const item of Object.values(node)) visit(item);
    }
  };
  visit(value);
  return max;
}

/** A copy of `result` with every string and array held to `limits`. Keys are kept. */
function shrink(result: CallToolResult, limits: Limits): { value: CallToolResult; cuts: Cuts } {
  const cuts: Cuts = { texts: 0, lists: 0 };
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (node.length <= limits.text) return node;
      cuts.texts++;
      // Not between the two halves of a surrogate pair.
      const code = node.charCodeAt(limits.text - 1);
      const end = code >= 0xd800 && code <= 0xdbff ? limits.text - 1 : limits.text;
      return `${node.slice(0, end)}${ANSWER_CUT_MARK}`;
    }
    if (Array.isArray(node)) {
      const kept = node.length > limits.items ? node.slice(0, limits.items) : node;
      if (kept !== node) cuts.lists++;
      return kept.map(visit);
    }
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, visit(item)]));
    }
    return node;
  };
  return { value: visit(result) as CallToolResult, cuts };
}
