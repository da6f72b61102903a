/**
 * Who may sign in. Nobody, until the owner claims the server with the
 * one-time code printed on its console at start (as Jupyter's token or Home
 * Assistant's onboarding do: never "whoever comes first"). Then the people
 * already known, those on the `--allow` list (Oura account id or email), and
 * whoever brings an unused invite (`oura serve invite`).
 */

import type { InviteStore } from './invite-store.js';
import { hashSecret, newTypedCode, normalizeTypedCode, sameHash } from './secret-values.js';
import type { Settings } from './settings.js';
import type { Sealer } from './user-store.js';

export type Admission =
  | {
      admitted: true;
      role: 'owner' | 'member';
      /**
       * Spends what admitted them (the claim, an invite), once the person is
       * saved; false when another sign-in spent it first.
       */
      consume: () => Promise<boolean>;
    }
  | { admitted: false; reason: string };

const CLAIM_KEY = 'claim_code_hash';
const OWNER_KEY = 'owner';
/** The claim code itself, sealed (bound to the setting's name), for the other processes of a shared state to print. */
const SHARED_CLAIM_KEY = 'claim_code_shared';
/** The setting holding the sealed shared claim code, and what the seal is bound to. */
export const SHARED_CLAIM_SETTING = { key: SHARED_CLAIM_KEY, context: SHARED_CLAIM_KEY };
/** How long processes sharing a state print the same claim code before a start makes a new one. */
const SHARED_CLAIM_MS = 24 * 3_600_000;

export class AdmissionPolicy {
  constructor(
    private readonly settings: Settings,
    private readonly invites: InviteStore,
    private readonly allow: readonly string[],
    /**
     * Set when several processes share the state (PostgreSQL): they print one
     * claim code, sealed here, instead of each start killing the code another
     * process printed.
     */
    private readonly shared?: { sealer: Sealer; now: () => number },
  ) {}

  async isClaimed(): Promise<boolean> {
    return (await this.settings.read(OWNER_KEY)) !== undefined;
  }

  /**
   * A fresh claim code while the server has no owner (a new one at every
   * start, so a code seen in an old log is dead), else undefined.
   */
  async newClaimCode(): Promise<string | undefined> {
    if (await this.isClaimed()) return undefined;
    if (this.shared) return this.sharedClaimCode(this.shared);
    const code = newTypedCode();
    await this.settings.write(CLAIM_KEY, hashSecret(code));
    return code;
  }

  /** The claim code another process made within the day, else a new one (the first maker wins a race). */
  private async sharedClaimCode(shared: { sealer: Sealer; now: () => number }): Promise<string> {
    const stored = await this.settings.read(SHARED_CLAIM_KEY);
    if (stored) {
      try {
        const { code, madeAt } = JSON.parse(shared.sealer.open(stored, SHARED_CLAIM_KEY)) as {
          code: string;
          madeAt: number;
        };
        if (shared.now() - madeAt < SHARED_CLAIM_MS) return code;
      } catch {
        // Sealed under a key no longer held: replaced below.
      }
    }
    const code = newTypedCode();
    const sealed = shared.sealer.seal(
      JSON.stringify({ code, madeAt: shared.now() }),
      SHARED_CLAIM_KEY,
    );
    if (stored === undefined && !(await this.settings.claim(SHARED_CLAIM_KEY, sealed))) {
      return this.sharedClaimCode(shared);
    }
    if (stored !== undefined) await this.settings.write(SHARED_CLAIM_KEY, sealed);
    await this.settings.write(CLAIM_KEY, hashSecret(code));
    return code;
  }

  /** Whether a typed code is the current claim code (only while the server has no owner). */
  async claimCodeMatches(code: string | undefined): Promise<boolean> {
    const stored = await this.settings.read(CLAIM_KEY);
    return Boolean(stored && code && sameHash(stored, hashSecret(normalizeTypedCode(code))));
  }

  /** An invite link's code, valid for `seconds`. */
  createInvite(seconds: number): Promise<string> {
    return this.invites.create(seconds);
  }

  /** Whether this Oura account may sign in, given the code typed on the consent page. */
  async decide(
    account: { id: string; email: string | undefined },
    known: boolean,
    code: string | undefined,
  ): Promise<Admission> {
    const nothing = async () => true;
    if (!(await this.isClaimed())) {
      if (await this.claimCodeMatches(code)) {
        return {
          admitted: true,
          role: 'owner',
          consume: async () => {
            if (!(await this.settings.claim(OWNER_KEY, account.id))) return false;
            await this.settings.write(CLAIM_KEY, undefined);
            await this.settings.write(SHARED_CLAIM_KEY, undefined);
            return true;
          },
        };
      }
      return {
        admitted: false,
        reason:
          'This server has not been claimed yet: its owner signs in first, with the claim code printed on the server’s console.',
      };
    }
    if (known) return { admitted: true, role: 'member', consume: nothing };
    const listed = this.allow.some(
      (entry) =>
        entry === account.id ||
        (account.email !== undefined && entry.toLowerCase() === account.email.toLowerCase()),
    );
    if (listed) return { admitted: true, role: 'member', consume: nothing };
    const invite = code?.trim();
    if (invite && (await this.invites.usable(invite))) {
      return {
        admitted: true,
        role: 'member',
        consume: () => this.invites.use(invite, account.id),
      };
    }
    return {
      admitted: false,
      reason:
        'This Oura account is not invited to this server. Ask its owner for an invite link (`oura serve invite`).',
    };
  }

  /** The owner's Oura account id. */
  owner(): Promise<string | undefined> {
    return this.settings.read(OWNER_KEY);
  }
}
