/** How an emulator is started: its registered applications, limits, faults and data. */
import type { ServerBounds } from '../net/bounded-server.js';
import type { EmulatorAccount } from './accounts.js';
import type { PlantedEffect } from './data/effects.js';

/** An application registered with the emulator. */
export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match redirect URIs. */
  redirectUris: string[];
  /** Bare scopes ticked for the app on the portal; asking for others is `invalid_scope`. Default: all. */
  scopes?: string[];
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (random). */
  port?: number;
  /**
   * Keep the grants (access and refresh tokens) in this owner-only file, so a
   * restarted emulator still honours its logins. Default: in memory only.
   */
  stateFile?: string;
  /** Registered applications; default `[DEMO_CLIENT]`. */
  clients?: EmulatorClient[];
  /** Authorization code lifetime; default 600 s. */
  codeLifetimeSeconds?: number;
  /**
   * `expires_in` of access tokens from both token endpoints. Default: as Oura
   * answers, 86400 s at moi and 2591999 s (about 30 days) at the legacy endpoint.
   */
  accessTokenLifetimeSeconds?: number;
  /** Page size of list routes; default 50 documents (series: 1000 samples when not given). */
  pageSize?: number;
  /** Page size of series (heartrate, ring_battery_level); default `pageSize` if given, else 1000. */
  seriesPageSize?: number;
  /** Per access token fixed window; default 5000 requests per 300 s. */
  rateLimit?: { limit: number; windowSeconds: number };
  /**
   * Per application (client id) fixed window, shared by every token the
   * application holds, whichever account each reads; default 5000 requests
   * per 300 s, Oura's published figure.
   */
  appRateLimit?: { limit: number; windowSeconds: number };
  /** Each data request is answered this long after it arrives (at the earliest: the answer's own work counts towards it); default 0. */
  latencyMs?: number;
  /** Fraction 0..1 of data requests answered 500/503 (seeded dice); default 0. */
  failureRate?: number;
  /** The first N data requests get 429 with `Retry-After: 1`; default 0. */
  force429?: number;
  /** Last day of the synthetic history, `YYYY-MM-DD`; default today (local). */
  today?: string;
  /** Days of history; default 800. */
  historyDays?: number;
  /** The account's first day with data, `YYYY-MM-DD` (instead of `historyDays`). */
  startDay?: string;
  /** Draws the user's synthetic history: another seed, another person. Default `user`. */
  seed?: string;
  /**
   * Known effects planted into the user's history (a tag that lowers the next
   * night's HRV, a week of fever), shown alike by every type that reads the
   * night. Default none: the history as drawn.
   */
  effects?: PlantedEffect[];
  /**
   * The people who can sign in (the consent page lets the person choose). A
   * number N: the account `seed`/`effects` describe (`demo.sleeper@example.com`)
   * and N − 1 more, account i drawn from `${seed}-${i}` as `sleeper{i}@example.com`.
   * A list: exactly these accounts (then give `seed`/`effects` in its entries).
   * Histories are drawn on first use, so hundreds of accounts cost little
   * until they are read. Default 1.
   */
  accounts?: number | EmulatorAccount[];
  /**
   * Emulate Oura's reported date-edge quirks: date types treat `end_date` as
   * exclusive, and `sleep` with `start_date == end_date` returns nothing.
   * Default false.
   */
  edgeQuirks?: boolean;
  /** Request log sink: method, path (never the query), status, duration. Default none. */
  log?: (line: string) => void;
  /**
   * Types whose documents for `today` are held back until {@link Emulator.releaseDay}
   * (Oura shows last night's sleep only after the user opens the app). Default none.
   */
  holdToday?: string[];
  /** Lifetime of webhook subscriptions until renewed; default 90 days. */
  webhookLifetimeSeconds?: number;
  /**
   * Delays before each retry of a failed webhook delivery (its length is the
   * number of retries); default ten retries over about an hour, as Oura does.
   */
  webhookRetryDelaysMs?: number[];
  /**
   * Limits of the server: request timeouts (the answer's own time, such as
   * `latencyMs`, is not counted), idle timeout, connection cap. Defaults suit
   * tests and demos; tests of the limits shorten them.
   */
  bounds?: Partial<ServerBounds>;
}

/** About an hour of retries in ten steps ([field] reports of Oura's schedule). */
export const DEFAULT_RETRY_DELAYS_MS = [30, 60, 120, 180, 300, 420, 540, 600, 660, 720].map(
  (s) => s * 1000,
);

/** The made-up demo application; its secret is public on purpose. */
export const DEMO_CLIENT: EmulatorClient = Object.freeze({
  clientId: 'oura-demo-client',
  clientSecret: 'oura-demo-secret',
  redirectUris: Object.freeze(['http://localhost:3000/callback']) as string[],
});
