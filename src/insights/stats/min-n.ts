/**
 * The minimum-n rule: below a stated number of observations an insight
 * answers "not enough data" instead of a figure, because a number from three
 * nights reads as knowledge it is not.
 */

/** The answer when the data are too few: how many there are and how many are needed. */
export interface NotEnoughData {
  status: 'not_enough_data';
  /** Observations available. */
  n: number;
  /** Observations the insight needs. */
  needed: number;
  /** What was counted, in words. */
  method: string;
}

/** A figure, or "not enough data". */
export type Answer<T> = ({ status: 'ok'; method: string } & T) | NotEnoughData;

/** "Not enough data" when `n < needed`, else undefined (go on and compute). */
export function notEnoughData(
  n: number,
  needed: number,
  method: string,
): NotEnoughData | undefined {
  return n < needed ? { status: 'not_enough_data', n, needed, method } : undefined;
}
