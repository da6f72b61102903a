/**
 * The data API as the MCP tools read it: the live client or the local history
 * (mcp/history.ts) behind one interface, in a file of its own so the history
 * and the deps that wire it both import it without importing each other.
 */
import type { ListOptions } from '../api/client.js';
import type { ListType, OuraDocument } from '../api/types.js';
import type { DayRange } from '../calendar/days.js';
import type { CheckinSources } from './checkin.js';

/** The part of {@link import('../api/client.js').OuraClient} the tools read through. */
export interface OuraDataSource {
  list<T extends ListType>(
    type: T,
    range?: DayRange,
    options?: ListOptions,
  ): AsyncIterable<OuraDocument<T>>;
  get<T extends ListType>(type: T, id: string): Promise<OuraDocument<T>>;
  personalInfo(): Promise<OuraDocument<'personal_info'>>;
  /** See {@link import('./checkin.js').CheckinClient.checkinSources}: the local history has it. */
  checkinSources?(range: DayRange): CheckinSources;
}
