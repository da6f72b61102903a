import type { AnswerHeaders } from './transport.js';

/**
 * A budget of requests shared beyond one client: Oura limits requests per
 * access token and per application, and the second layer is shared by every
 * person using one Oura app. A service syncing many people in several
 * processes gives each client the same budget (kept in its database), so
 * together they stay under the application's limit instead of each finding
 * it with a 429. The client takes one unit before each request and tells the
 * budget what every answer said of the limit.
 */
export interface RequestBudget {
  /** Resolves when one more request may be sent. */
  take(): Promise<void>;
  /** An answer's status and headers (`X-RateLimit-*`, and `Retry-After` on a 429). */
  observe(status: number, headers: AnswerHeaders): Promise<void>;
}
