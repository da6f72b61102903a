/**
 * One person's history in one store, SQLite or PostgreSQL: the contract's
 * reader and its sync (see `store-contract.ts`).
 */
import type { HistorySource } from './history-source.js';
import type { StoredHistoryReader } from './store-contract.js';
import type { SyncOptions, SyncResult } from './sync.js';

/** One person's history in one store. */
export interface HistoryStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly reader: StoredHistoryReader;
  /** Syncs from `source` through this store's writer; one sync at a time per store. */
  sync(source: HistorySource, options: Omit<SyncOptions, 'writer'>): Promise<SyncResult>;
  close(): Promise<void>;
}
