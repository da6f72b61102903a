/**
 * The history as a contract with two stores: the SQLite file (the CLI's
 * history, and `oura serve`'s by default) and a PostgreSQL schema per person
 * (`oura serve --database`). A sync writes through a {@link HistoryWriter}
 * and reads its progress through a {@link SyncStateReader}; readers go
 * through a {@link StoredHistoryReader}; `history-store.ts` puts them together. The rules (what a window inserts,
 * revises, moves and deletes) are decided once, in `window-plan.ts`;
 * test/history-contract.test.ts holds both stores to the same answers.
 */
import type { DayRange } from '../calendar/days.js';
import type { DataType, Endpoint } from '../oura/data-types.js';
import type { BoundedResult, QueryBounds } from './bounded-query.js';
import type { Coverage } from './reader.js';
import type { DocumentType } from './schema.js';
import type { StateAdvance, WindowCounts, WindowWrite } from './writer.js';

/** Where a sync's writes go, in the order they are handed over. */
export interface HistoryWriter {
  /**
   * Checks the whole store before any write handed over after this call;
   * once it failed, every write is refused with its error.
   */
  check(): Promise<void>;
  /** One window and the type's sync state, in one transaction. */
  write(write: WindowWrite, state: StateAdvance): Promise<WindowCounts>;
  /** Sets a `meta` row (first_day, synced_at, checked_at). */
  setMeta(key: string, value: string): Promise<void>;
  /** Records that a run brought `type` up to today, at `at` (ISO 8601). */
  markSynced(type: DataType, at: string): Promise<void>;
  /** Waits for the writes handed over, then lets go of the store. */
  close(): Promise<void>;
}

/** A type's committed span: the first day covered and the last day whose window is committed. */
export interface TypeProgress {
  start_day: string | null;
  through_day: string | null;
}

/** What a sync reads of its own progress. */
export interface SyncStateReader {
  meta(key: string): Promise<string | undefined>;
  typeProgress(type: DataType): Promise<TypeProgress | undefined>;
}

/** What readers may ask of either store. */
export interface StoredHistoryReader {
  /** The documents of a type as a live list yields them (see `listLocal`). */
  documents(endpoint: Endpoint, range: DayRange | undefined): Promise<unknown[]>;
  /** One document by id, or undefined. */
  document(type: DataType, id: string): Promise<unknown>;
  coverage(type: DataType): Promise<Coverage | undefined>;
  /** The account's first day with data, as the first sync found it. */
  firstDay(): Promise<string | undefined>;
  /** When the last complete sync finished (ISO 8601). */
  lastSyncedAt(): Promise<string | undefined>;
  /** When the history last changed: the later of the last sync and the last webhook write; null if never. */
  changedAt(): Promise<string | null>;
  /**
   * The local days of `range` on which any of `types` has a document (heart
   * rate: a sample), in order. One statement that reads days, not documents:
   * for a page of many people's wear at a glance.
   */
  daysWithData(types: readonly DataType[], range: DayRange): Promise<string[]>;
  /**
   * `type`'s documents in `range` cut to the `fields` (top-level names, or
   * dotted paths to nested ones, each the key of its value), each row with
   * its `day`, by day and then in Oura's order; a field a document lacks is
   * null. For readers of a few fields of many documents (trends, insights).
   */
  fields(
    type: DocumentType,
    fields: readonly string[],
    range: DayRange,
  ): Promise<Record<string, unknown>[]>;
  /**
   * One read-only statement on the public views (one per data type, named as
   * it), its answer within `bounds` (rows, and characters: long values cut,
   * rows past the size left out); a write or a second statement is refused.
   */
  query(sql: string, bounds: QueryBounds): Promise<BoundedResult>;
}
