/**
 * How long the windows of a `list` may be. Apart from list-windows.ts, which
 * the client imports only when a list needs its windows: the client's
 * constructor and the library's entry need these figures at import time.
 */

/** Longest window the series routes accept: integrations report that heart rate must be asked in windows of at most 30 days. */
export const MAX_SERIES_WINDOW_DAYS = 30;
/** The same limit in time: 30 local days across a change back from summer time are an hour longer. */
export const MAX_SERIES_SPAN_MS = MAX_SERIES_WINDOW_DAYS * 86_400_000;

/** Days per series window unless the client is told otherwise (see `seriesWindowDays`). */
export const DEFAULT_SERIES_WINDOW_DAYS = 15;
/**
 * Most days one date-type request asks unless the client is told otherwise
 * (see `dateWindowDays`): a year, which peers ask in one request (widened by a
 * day, 367 days), so a year of sparse data is one request.
 */
export const DEFAULT_DATE_WINDOW_DAYS = 366;
