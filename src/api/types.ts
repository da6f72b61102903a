/**
 * Document types per data type, taken from the types generated from Oura's
 * OpenAPI document (src/api/schema.gen.ts).
 */

import type { DataType } from '../oura/data-types.js';
import type { components } from './schema.gen.js';

type S = components['schemas'];

/** The shape of one document (or series sample) of each data type. */
export interface DocumentTypes {
  daily_activity: S['PublicDailyActivity'];
  daily_cardiovascular_age: S['PublicDailyCardiovascularAge'];
  daily_readiness: S['PublicDailyReadiness'];
  daily_resilience: S['DailyResilienceModel'];
  daily_sleep: S['PublicDailySleep'];
  daily_spo2: S['PublicDailySpO2'];
  daily_stress: S['PublicDailyStress'];
  enhanced_tag: S['EnhancedTagModel'];
  heartrate: S['PublicHeartRateRow'];
  personal_info: S['PersonalInfoResponse'];
  rest_mode_period: S['PublicRestModePeriod'];
  ring_battery_level: S['PublicRingBatteryLevelRow'];
  ring_configuration: S['PublicRingConfiguration'];
  session: S['PublicSession'];
  sleep: S['PublicModifiedSleepModel'];
  sleep_time: S['PublicSleepTime'];
  tag: S['TagModel'];
  vO2_max: S['PublicVO2Max'];
  workout: S['PublicWorkout'];
}

/** One document of type `T`. With `fields`, only the asked fields (and those always returned) are present. */
export type OuraDocument<T extends DataType> = DocumentTypes[T];

/** Data types answered as lists (everything but `personal_info`). */
export type ListType = Exclude<DataType, 'personal_info'>;

/** A page of a list route. */
export interface Page<D> {
  data: D[];
  next_token?: string | null;
}

/** A JSON value as the API returns it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
