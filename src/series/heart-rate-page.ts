/**
 * A heart-rate page read without `JSON.parse`: Oura's pages hold up to 1000
 * samples of one shape, and a two-year backfill parses half a million of them.
 * Parsed, each is an object with three strings that is dropped a moment later
 * (the largest share of the sync's garbage collection); scanned, the page's
 * samples land straight in typed arrays. The scan reads the body's bytes as
 * they came off the socket: decoding ~45 MB of pages into strings first cost
 * as much again as the scan.
 *
 * Only the exact text of Oura's usual page is recognised, byte for byte:
 * `{"data":[{"timestamp":"…","timestamp_unix":…,"bpm":…,"source":"…"},…],"next_token":…}`
 * with no white space, integer numbers, a known source, a timestamp that is
 * `timestamp_unix` written out in UTC, and a token without escapes. Anything
 * else answers undefined and the caller parses the page as JSON, so an odd
 * page is read (or refused) as before.
 */
import { utcDayPrefix } from './utc-timestamp.js';

/**
 * The token's text: a fresh string, where a slice of a decoded page would keep
 * the page's text alive. A leading U+FEFF is kept, as JSON.parse keeps it.
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The sources Oura names for heart-rate samples, in the order of their codes. */
export const SAMPLE_SOURCES = ['awake', 'rest', 'sleep', 'workout', 'live', 'session'] as const;

/**
 * Samples of Oura's usual shape (the four fields above, in that order, agreeing)
 * in columns: `count` rows of each array are used.
 */
export interface SampleRun {
  count: number;
  /** Epoch seconds. */
  ts: Float64Array;
  bpm: Float64Array;
  /** Index into {@link SAMPLE_SOURCES}. */
  source: Uint8Array;
}

/** A scanned page: its samples, and `next_token` as sent (a string or null). */
export interface ScannedSamplePage {
  samples: SampleRun;
  next: string | null;
}

/** The page's fixed texts as bytes: compared byte for byte, they cost no string reads. */
const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const HEAD = ascii('{"data":[');
const OPEN = ascii('{"timestamp":"');
const UNIX = ascii('","timestamp_unix":');
const BPM = ascii(',"bpm":');
const SOURCE = ascii(',"source":"');
const COMMA = ascii(',');
const TAIL = ascii('],"next_token":');
const NULL_END = ascii('null}');
/** Each source's text with the end of its sample. */
const SOURCE_ENDS = SAMPLE_SOURCES.map((name) => ascii(`${name}"}`));
/** `YYYY-MM-DDTHH:MM:SS+00:00`: the day part is 11 characters, the time 8, the offset 6. */
const TIMESTAMP_LENGTH = 25;
/** The shortest sample's text (one-digit numbers, `rest`): a bound on how many a page can hold. */
const MIN_SAMPLE_LENGTH =
  OPEN.length +
  TIMESTAMP_LENGTH +
  UNIX.length +
  1 +
  BPM.length +
  1 +
  SOURCE.length +
  'rest"}'.length;
/** Digits of the longest integer read: well inside exact doubles. */
const MAX_DIGITS = 15;

/** Epoch seconds of the year 10000: below it every timestamp has its usual 25 characters. */
const MAX_UNIX = 253_402_300_800;

/** The page's samples in columns, or undefined when `body` (UTF-8) is not exactly Oura's usual page. */
export function scanSamplePage(body: Uint8Array): ScannedSamplePage | undefined {
  const scan = new Scanner(body);
  if (!scan.literal(HEAD)) return undefined;
  const capacity = Math.floor(body.length / MIN_SAMPLE_LENGTH) + 1;
  const samples: SampleRun = {
    count: 0,
    ts: new Float64Array(capacity),
    bpm: new Float64Array(capacity),
    source: new Uint8Array(capacity),
  };
  if (!scan.literal(TAIL)) {
    do {
      if (!scan.sample(samples)) return undefined;
    } while (scan.literal(COMMA));
    if (!scan.literal(TAIL)) return undefined;
  }
  const next = scan.token();
  return next === undefined ? undefined : { samples, next };
}

/** A position in the page's bytes, moved forward by what it recognises. */
class Scanner {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  /** Steps over `expected` if it comes next. */
  literal(expected: Uint8Array): boolean {
    const { bytes, at } = this;
    const length = expected.length;
    for (let i = 0; i < length; i++) {
      if (bytes[at + i] !== expected[i]) return false;
    }
    this.at = at + length;
    return true;
  }

  /** Reads one sample into `run`; false if it is not of the usual shape. */
  sample(run: SampleRun): boolean {
    if (!this.literal(OPEN)) return false;
    const stamp = this.at;
    this.at += TIMESTAMP_LENGTH;
    if (!this.literal(UNIX)) return false;
    const unix = this.integer();
    if (unix < 0 || unix >= MAX_UNIX || !this.literal(BPM)) return false;
    const bpm = this.integer();
    if (bpm < 0 || !this.literal(SOURCE)) return false;
    // Most sources differ in their first letter: only a source starting as the sample's is compared.
    const first = this.bytes[this.at];
    let source = 0;
    for (; source < SOURCE_ENDS.length; source++) {
      const end = SOURCE_ENDS[source] as Uint8Array;
      if (end[0] === first && this.literal(end)) break;
    }
    if (source === SOURCE_ENDS.length || !timestampAgrees(this.bytes, stamp, unix)) return false;
    const row = run.count++;
    run.ts[row] = unix;
    run.bpm[row] = bpm;
    run.source[row] = source;
    return true;
  }

  /** A JSON integer without sign (`0`, or digits not starting with 0); -1 if there is none. */
  integer(): number {
    const { bytes, at } = this;
    let value = 0;
    let i = at;
    for (; i <= at + MAX_DIGITS && i < bytes.length; i++) {
      const digit = (bytes[i] as number) - 0x30;
      if (!(digit >= 0 && digit <= 9)) break;
      value = value * 10 + digit;
    }
    const digits = i - at;
    if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && bytes[at] === 0x30)) {
      return -1;
    }
    this.at = i;
    return value;
  }

  /** `null}` or a string without escapes then `}`, ending the text: the token, or undefined. */
  token(): string | null | undefined {
    const { bytes, at } = this;
    if (bytes.length === at + NULL_END.length && this.literal(NULL_END)) return null;
    const close = bytes.length - 2;
    if (
      close <= at ||
      bytes[at] !== 0x22 /* " */ ||
      bytes[close] !== 0x22 ||
      bytes[close + 1] !== 0x7d /* } */
    ) {
      return undefined;
    }
    for (let i = at + 1; i < close; i++) {
      const code = bytes[i] as number;
      // A quote, a backslash or a control character: JSON.parse decides what it means.
      if (code === 0x22 || code === 0x5c || code < 0x20) return undefined;
    }
    return utf8.decode(bytes.subarray(at + 1, close));
  }
}

/** The `YYYY-MM-DDT` of the day last compared, as bytes: a page's samples come a day at a time. */
let prefixDay = Number.NaN;
let prefix = new Uint8Array(0);

/** True when the 25 bytes at `at` are `unix` as `utcTimestamp` writes it. */
function timestampAgrees(bytes: Uint8Array, at: number, unix: number): boolean {
  const day = Math.floor(unix / 86_400);
  if (day !== prefixDay) {
    prefix = ascii(utcDayPrefix(day));
    prefixDay = day;
  }
  for (let i = 0; i < prefix.length; i++) {
    if (bytes[at + i] !== prefix[i]) return false;
  }
  const h = twoDigits(bytes, at + 11);
  const m = twoDigits(bytes, at + 14);
  const s = twoDigits(bytes, at + 17);
  return (
    bytes[at + 13] === 0x3a /* : */ &&
    bytes[at + 16] === 0x3a &&
    bytes[at + 19] === 0x2b /* + */ &&
    twoDigits(bytes, at + 20) === 0 &&
    bytes[at + 22] === 0x3a &&
    twoDigits(bytes, at + 23) === 0 &&
    h < 24 &&
    m < 60 &&
    s < 60 &&
    h * 3600 + m * 60 + s === unix - day * 86_400
  );
}

/** The two decimal digits at `at`, or 99 when they are not both digits. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const a = (bytes[at] ?? 0) - 0x30;
  const b = (bytes[at + 1] ?? 0) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : 99;
}
