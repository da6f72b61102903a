/**
 * What a window changes, decided once for every store (SQLite and
 * PostgreSQL): which documents are new, revised, moved within their day or
 * gone, and which heart-rate samples differ. The stores only carry the plan
 * out in their own transaction; the rules live here.
 */
import * as crypto from 'node:crypto';
import { localDay } from '../calendar/days.js';
import { checkDocument, type RefusedDocument } from './document-check.js';
import type { SampleRow } from './heartrate-codec.js';
import { rowAt, type SampleColumns } from './sample-columns.js';
import type { DocumentType } from './schema.js';

/** What a window changed. */
export interface Counts {
  inserted: number;
  updated: number;
  deleted: number;
}

export const zeroCounts = (): Counts => ({ inserted: 0, updated: 0, deleted: 0 });

/** The span a window covers: local days (date and series types) or everything (undated types). */
export type WindowSpan =
  | { kind: 'days'; start: string; end: string }
  | { kind: 'instants'; start: string; end: string; fromMs: number; toMs: number }
  | { kind: 'all' };

/** A stored document's content hash and place within its day. */
export interface StoredDocument {
  hash: string;
  ord: number;
}

/** A document's row as a store writes it. */
export interface DocumentRow {
  type: DocumentType;
  id: string;
  day: string | null;
  ts: number | null;
  ord: number;
  hash: string;
  /** The document, parsed, for its typed columns. */
  doc: unknown;
  /** Its JSON text, as stored (`JSON.stringify(doc)`). */
  text: string;
}

/**
 * Content hash of a document's JSON text; equal hashes mean nothing changed.
 * One-shot `crypto.hash` where Node has it (20.12+): a backfill hashes ~45k
 * documents, and a Hash object per document cost three times as much.
 */
export const hashOf: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'base64url')
    : (text) => crypto.createHash('sha256').update(text).digest('base64url');

/** Day of a series sample, from its instant (machine's time zone). */
const dayOf = (ms: number) => localDay(new Date(ms));

export interface DocumentWindowPlan {
  /**
   * The listed documents to store, each with what the window held under its
   * id. One without `before` may still be stored under another day (it
   * moved): the store looks it up when inserting it finds the id taken.
   */
  rows: { row: DocumentRow; before: StoredDocument | undefined }[];
  /** Ids the window held that Oura no longer lists in it. */
  gone: string[];
  refused: RefusedDocument[];
}

/**
 * Plans a window of documents against what the window held (`stored`).
 * Documents in `touched` (a webhook changed them since the listing began) are
 * left as they are, neither written nor deleted.
 */
export function planDocuments(
  type: DocumentType,
  span: WindowSpan,
  docs: readonly unknown[],
  stored: ReadonlyMap<string, StoredDocument>,
  touched: ReadonlySet<string>,
): DocumentWindowPlan {
  const left = new Map(stored);
  const rows: DocumentWindowPlan['rows'] = [];
  const refused: RefusedDocument[] = [];
  const perDay = new Map<string | null, number>();
  for (const doc of docs) {
    const checked = checkDocument(type, doc);
    if (!checked.ok) {
      refused.push(checked);
      // What the history holds under its id stays: the listing neither replaces it nor says it is gone.
      if (checked.id !== undefined) left.delete(checked.id);
      continue;
    }
    const { id } = checked;
    // A series sample (its id is its instant) belongs to the local day of that instant.
    const ts = span.kind === 'instants' ? Date.parse(id) : null;
    const day = ts === null ? checked.day : dayOf(ts);
    const ord = perDay.get(day) ?? 0;
    perDay.set(day, ord + 1);
    const before = left.get(id);
    left.delete(id);
    if (touched.has(id)) continue;
    const text = JSON.stringify(doc);
    rows.push({ row: { type, id, day, ts, ord, hash: hashOf(text), doc, text }, before });
  }
  const gone = [...left.keys()].filter((id) => !touched.has(id));
  return { rows, gone, refused };
}

/**
 * What to do with a listed document already stored: rewrite it when its
 * content changed (a revision); only move it when the same content sits at
 * another place in its day (a document before it came or went); else nothing.
 */
export function changeOf(before: StoredDocument, row: DocumentRow): 'update' | 'reorder' | 'none' {
  if (before.hash !== row.hash) return 'update';
  return before.ord !== row.ord ? 'reorder' : 'none';
}

export interface SamplePlan {
  /** Samples new to the window or changed, to insert or overwrite. */
  upserts: SampleRow[];
  /** Stored samples of the window that Oura no longer lists. */
  gone: SampleRow[];
  counts: Counts;
}

/** Plans a window of heart-rate samples against the samples the window held, keyed `ts|source`. */
export function planSamples(
  stored: ReadonlyMap<string, SampleRow>,
  samples: SampleColumns,
): SamplePlan {
  const left = new Map(stored);
  const upserts: SampleRow[] = [];
  const counts = zeroCounts();
  for (let i = 0; i < samples.count; i++) {
    const row = rowAt(samples, i);
    const key = sampleKey(row);
    const before = left.get(key);
    left.delete(key);
    if (before && before.bpm === row.bpm && before.shape === row.shape && before.raw === row.raw) {
      continue;
    }
    upserts.push(row);
    if (before) counts.updated++;
    else counts.inserted++;
  }
  counts.deleted = left.size;
  return { upserts, gone: [...left.values()], counts };
}

export const sampleKey = (row: { ts: number; source: string }) => `${row.ts}|${row.source}`;
