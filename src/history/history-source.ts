/**
 * What the history needs from the API client, as an interface (docs/architecture.md:
 * the history knows the client the way the client knows the session).
 * `OuraClient` satisfies it; nothing here imports the client.
 */

import type { ListType } from '../api/types.js';
import type { DayRange } from '../calendar/days.js';
import type { SampleRun } from '../series/heart-rate-page.js';

export interface HistorySource {
  /** Every document of `type` in the local days of `range` (or all, for undated types), each once, a batch at a time. */
  listBatches(type: ListType, range?: DayRange): AsyncIterable<readonly unknown[]>;
  /** The heart-rate samples of `range` as `listBatches` lists them, a page of Oura's usual shape in columns. */
  heartRateBatches(range: DayRange): AsyncIterable<readonly unknown[] | SampleRun>;
  personalInfo(): Promise<unknown>;
  /** Raw pages of a list route, for the first-day probe. */
  paginate(path: string, query?: Record<string, string>): AsyncIterable<unknown[]>;
}
