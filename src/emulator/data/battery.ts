import { utcTimestamp } from '../../series/utc-timestamp.js';
import { unitAt } from '../prng.js';
import { MINUTE_MS } from '../time.js';

/**
 * Ring battery level: one row every 30 minutes on the UTC grid. The ring runs
 * a 5-day cycle: about 90 minutes on the charger (20% → 100%), then a slow
 * drain back to about 20%. A pure function of the instant, so pages can be
 * produced directly.
 */

export const BATTERY_STEP_MS = 30 * MINUTE_MS;
const CYCLE_MS = 5 * 24 * 60 * MINUTE_MS;
const CHARGE_MS = 90 * MINUTE_MS;

export interface RingBatteryRow {
  timestamp: string;
  timestamp_unix: number;
  level: number;
  charging: boolean;
  in_charger: boolean;
}

/** Rows at `first + i * 30 min` for i in [0, count). */
export function batteryRows(salt: number, first: number, count: number): RingBatteryRow[] {
  const rows: RingBatteryRow[] = [];
  // Shift the cycle by the salt so the sandbox ring charges on other days.
  const phaseShift = (salt % 10) * 12 * 60 * MINUTE_MS;
  for (let i = 0; i < count; i++) {
    const t = first + i * BATTERY_STEP_MS;
    const inCycle = (((t + phaseShift) % CYCLE_MS) + CYCLE_MS) % CYCLE_MS;
    const charging = inCycle < CHARGE_MS;
    const level = charging
      ? 20 + (inCycle / CHARGE_MS) * 80
      : 100 -
        ((inCycle - CHARGE_MS) / (CYCLE_MS - CHARGE_MS)) * 80 -
        unitAt(t / BATTERY_STEP_MS, salt);
    rows.push({
      // By hand, as heart rate's: the same text as `utcIso` (years 0-9999), without a Date and two strings a row.
      timestamp: utcTimestamp(Math.floor(t / 1000)),
      timestamp_unix: Math.floor(t / 1000),
      level: Math.max(0, Math.min(100, Math.round(level))),
      charging,
      in_charger: charging,
    });
  }
  return rows;
}
