import { Prng } from './prng.js';

/** What can go wrong on purpose, changeable at runtime through `Emulator.setFaults`. */
export interface FaultState {
  /**
   * Token endpoint misbehaviour; null when healthy. `rotate-without-access-token`:
   * a refresh rotates the chain but the 2xx answer carries no access token.
   */
  token: '500' | 'malformed-json' | 'hang' | 'rotate-without-access-token' | null;
  /** Fraction 0..1 of data requests answered 500 or 503. */
  failureRate: number;
  /** Data requests still to be answered 429 before normal service. */
  force429: number;
  /** Each data request is answered this long after it arrives, at the earliest. */
  latencyMs: number;
}

/**
 * Fault injection whose dice are seeded, so a test with `failureRate: 0.3`
 * sees the same failures on every run.
 */
export class Faults {
  readonly state: FaultState;
  private readonly dice = new Prng('emulator-faults');

  constructor(initial: Partial<FaultState>) {
    this.state = {
      token: initial.token ?? null,
      failureRate: initial.failureRate ?? 0,
      force429: initial.force429 ?? 0,
      latencyMs: initial.latencyMs ?? 0,
    };
  }

  /** Consumes one forced 429 if any are left. */
  takeForced429(): boolean {
    if (this.state.force429 <= 0) return false;
    this.state.force429--;
    return true;
  }

  /** The 5xx status to fail this request with, or undefined to serve it. */
  rollFailure(): 500 | 503 | undefined {
    if (this.state.failureRate <= 0) return undefined;
    const roll = this.dice.next();
    if (roll >= this.state.failureRate) return undefined;
    return roll < this.state.failureRate / 2 ? 500 : 503;
  }
}
