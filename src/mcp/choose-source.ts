/**
 * Choosing where a data tool reads: the local history when it covers the
 * asked days and is fresh (see `history/freshness.ts`), else the live API.
 * Every data tool reports the choice in `structuredContent.source` and its text.
 */
import { z } from 'zod';
import type { DayRange } from '../calendar/days.js';
import type { DataType } from '../oura/data-types.js';
import type { OuraDataSource } from './data-source.js';
import type { OuraMcpDeps } from './deps.js';
import type { AnswerSource } from './history.js';

/** Output fields every data tool adds. */
export const sourceOutput = {
  source: z
    .enum(['local', 'live'])
    .describe('"local": from the history on this machine; "live": from Oura'),
  synced_at: z
    .string()
    .optional()
    .describe('when the history was last synced (local answers only)'),
};

export async function chooseSource(
  deps: OuraMcpDeps,
  types: readonly DataType[],
  range: DayRange | undefined,
  now: Date,
): Promise<{ client: OuraDataSource; answer: AnswerSource }> {
  // A history that cannot be read (damaged, locked by a rebuild) is not a reason to fail: ask Oura.
  const local = await deps.history?.localFor(types, range, now).catch(() => undefined);
  return local
    ? { client: local.client, answer: { source: 'local', synced_at: local.syncedAt } }
    : { client: deps.client, answer: { source: 'live' } };
}
