/**
 * Where a streamed list stopped, for the message after a failure halfway: the
 * client yields whole windows of whole local days in order, so the day of the
 * last document written is complete, and the rest can be asked for from the
 * day after it.
 */
import { addDays, localDay } from '../../calendar/days.js';
import type { Format } from './formatters.js';

export interface StopPoint {
  /** Records a document that has been written out. */
  written(doc: unknown): void;
  /** The sentence for stderr when the stream broke off, or undefined when nothing needs saying. */
  describe(format: Format): string | undefined;
}

/** `dayKey`: the field that places a document on a day (`day`, `timestamp`, …), if any. */
export function stopPoint(dayKey: string | null | undefined, windowed: boolean): StopPoint {
  let documents = 0;
  let lastDay: string | undefined;
  return {
    written(doc) {
      documents++;
      const value = dayKey ? (doc as Record<string, unknown> | null)?.[dayKey] : undefined;
      if (typeof value !== 'string') return;
      // A bare day is the user's local day already; an instant is placed on the machine's.
      lastDay = value.length === 10 ? value : localDay(new Date(value));
    },
    describe(format) {
      // A table is printed only at the end: nothing was written.
      if (format === 'table') return undefined;
      const shape =
        format === 'json'
          ? 'It is not valid JSON (the array is not closed).'
          : 'Each line written is whole.';
      // Nothing written (json writes its '[' with the first document): stdout is empty, nothing to correct.
      if (documents === 0) return undefined;
      if (!windowed || lastDay === undefined) {
        return `The output stopped early, after ${documents} ${documents === 1 ? 'document' : 'documents'}. ${shape}`;
      }
      return (
        `The output stopped early: it holds every document through ${lastDay}, the last complete day written. ` +
        `${shape} For the rest, run again with --start ${addDays(lastDay, 1)}.`
      );
    },
  };
}
