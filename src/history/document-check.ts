/**
 * What the history accepts of a document, whichever way it comes: a sync's
 * listing (writer.ts) or a webhook's fetch (webhook/apply.ts) both ask this
 * one check before they write. The history keys its rows by the document's
 * `id` and its day (readers select by them, the report prints the day), so
 * those must have the shape Oura's spec gives them; the rest of the document
 * is kept as Oura sent it, and whoever shows it escapes it there.
 *
 * A refused document is not written, and what the history holds under its id
 * stays as it is: the same outcome on both paths.
 */
import { isDay } from '../calendar/days.js';
import { OuraError } from '../errors.js';
import { type DataType, ENDPOINTS } from '../oura/data-types.js';

/**
 * A document id as the history accepts it: 1 to 200 of the characters a URL
 * path segment carries as they are (RFC 3986 §2.3 "unreserved"), starting with
 * a letter or digit, since the id travels as the last segment of
 * `GET /v2/usercollection/{type}/{document_id}` (never `.` or `..`). Oura's
 * ids are UUIDs; its spec says only "string, at least one character".
 */
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$/;

/** An RFC 3339 date-time with its offset, as Oura writes a sample's `timestamp`. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** True if `value` could be a document's id (see {@link DOCUMENT_ID}): the receiver's check of `object_id` too. */
export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_ID.test(value);
}

/** A document the history may store: its id and day (null for undated types and series samples). */
export interface AcceptedDocument {
  ok: true;
  id: string;
  day: string | null;
}

/** Why a document is not stored; `id` when it had a usable one (so the stored version can be kept). */
export interface RefusedDocument {
  ok: false;
  id: string | undefined;
  reason: string;
}

/** A value for a message: JSON (so no control character or newline reaches a log), cut short. */
function shown(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * The check. `expectedId`: the id the document was fetched by (a webhook's
 * `object_id`); a document answering with another id is refused.
 */
export function checkDocument(
  type: DataType,
  doc: unknown,
  expectedId?: string,
): AcceptedDocument | RefusedDocument {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, id: undefined, reason: 'it is not a JSON object' };
  }
  const record = doc as Record<string, unknown>;
  const key = ENDPOINTS[type].dayKey;
  if (key === 'timestamp') {
    // A series sample: its instant is its identity.
    const at = record.timestamp;
    const match = typeof at === 'string' ? INSTANT.exec(at) : null;
    if (
      typeof at !== 'string' ||
      !match ||
      !isDay(match[1] ?? '') ||
      Number.isNaN(Date.parse(at))
    ) {
      return {
        ok: false,
        id: undefined,
        reason: `its timestamp ${shown(at)} is not an ISO 8601 date-time with an offset`,
      };
    }
    return { ok: true, id: at, day: null };
  }
  const id = record.id;
  if (!isDocumentId(id)) {
    return {
      ok: false,
      id: undefined,
      reason: `its id ${shown(id)} is not a document id (1 to 200 letters, digits, "-", "_", "." or "~")`,
    };
  }
  if (expectedId !== undefined && id !== expectedId) {
    return { ok: false, id: expectedId, reason: `it answers with the id ${shown(id)}` };
  }
  if (key === null) return { ok: true, id, day: null };
  const day = record[key];
  if (typeof day !== 'string' || !isDay(day)) {
    return { ok: false, id, reason: `its ${key} ${shown(day)} is not a day (YYYY-MM-DD)` };
  }
  return { ok: true, id, day };
}

/** One line for a log or a notice: what was refused and why. */
export function describeRefusal(type: DataType, refusal: RefusedDocument): string {
  return `${type} ${refusal.id ?? '(without a usable id)'}: ${refusal.reason}`;
}

/** Thrown by a single-document write (a webhook's) when the check refuses the document. */
export class DocumentRefusedError extends OuraError {
  override readonly name = 'DocumentRefusedError';
  constructor(
    readonly type: DataType,
    readonly refusal: RefusedDocument,
  ) {
    super('DOCUMENT_REFUSED', `refused ${describeRefusal(type, refusal)}`);
  }
}
