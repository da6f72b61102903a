/**
 * A counting semaphore with a shared pause: the client-wide limit on requests
 * in flight, and the place where one 429 makes every request wait until the
 * rate-limit window resets (no retry storms).
 */
import { nowMs } from '../clock.js';
import { delay } from '../delay.js';

export class Limiter {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  /** Requests that continue work already started (next pages): served first. */
  readonly #urgent: Array<() => void> = [];
  #pausedUntil = 0;
  readonly #now: () => number;

  constructor(limit: number, now: () => number = nowMs) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('concurrency must be an integer >= 1');
    this.#limit = limit;
    this.#now = now;
  }

  /**
   * Runs `task` when a slot is free and no pause is in force. `urgent` tasks
   * (next pages of a list already under way) jump the queue: finishing started
   * chains first keeps long pagination chains off the critical path and frees
   * their buffers sooner.
   */
  async run<R>(task: () => Promise<R>, urgent = false): Promise<R> {
    await this.#acquire(urgent);
    try {
      await this.waitForPause();
      return await task();
    } finally {
      this.#release();
    }
  }

  /** Asks every request started from now on to wait until `untilMs` (epoch ms). */
  pauseUntil(untilMs: number): void {
    if (untilMs > this.#pausedUntil) this.#pausedUntil = untilMs;
  }

  /** Resolves once no pause is in force. */
  async waitForPause(): Promise<void> {
    for (;;) {
      const wait = this.#pausedUntil - this.#now();
      if (wait <= 0) return;
      await delay(wait);
    }
  }

  get active(): number {
    return this.#active;
  }

  #acquire(urgent: boolean): Promise<void> {
    if (this.#active < this.#limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => (urgent ? this.#urgent : this.#waiting).push(resolve));
  }

  #release(): void {
    const next = this.#urgent.shift() ?? this.#waiting.shift();
    // Hand the slot straight to the next waiter so the count never dips and overshoots.
    if (next) next();
    else this.#active--;
  }
}
