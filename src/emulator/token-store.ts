import { randomBytes } from 'node:crypto';
import { nowMs } from '../clock.js';
import type { AuthServerKind } from './scopes.js';

/**
 * The authorization server's memory: consent requests waiting for a
 * decision, authorization codes, and token pairs. Tokens of one grant share a
 * `grantId`, so a replayed code or a revoke can kill the whole chain.
 */

/**
 * An unguessable opaque value. `kind` prefixes it (`emu_at_…`, `emu_rt_…`,
 * `emu_code_…`) so tests can scan any output for leaked emulator secrets.
 */
export function randomToken(bytes = 32, kind?: 'at' | 'rt' | 'code'): string {
  const value = randomBytes(bytes).toString('base64url');
  return kind ? `emu_${kind}_${value}` : value;
}

/** A consent page shown and not yet answered. */
export interface PendingRequest {
  server: AuthServerKind;
  clientId: string;
  redirectUri: string;
  /** Whether `redirect_uri` was sent (RFC 6749 4.1.3: then the token request must repeat it). */
  redirectUriSent: boolean;
  state: string | undefined;
  /** Bare scopes as asked, in order (spelling kept, e.g. `spo2Daily`). */
  scopes: string[];
  /** The scopes as they were written in the request, for the checkboxes. */
  askedScopes: string[];
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  expiresAt: number;
}

export interface CodeRecord {
  server: AuthServerKind;
  clientId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  scopes: string[];
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  expiresAt: number;
  used: boolean;
  grantId: string;
  /** The account the person chose on the consent page: its tokens read that account only. */
  userId: string;
}

export interface AccessRecord {
  clientId: string;
  /** The account whose data this token reads. */
  userId: string;
  /** Bare scopes granted. */
  scopes: string[];
  expiresAt: number;
  grantId: string;
}

export interface RefreshRecord {
  clientId: string;
  /** The account of the grant; the tokens it refreshes to read the same. */
  userId: string;
  scopes: string[];
  /** Refreshes must go back to the server that issued the grant; `any` for minted tokens. */
  server: AuthServerKind | 'any';
  grantId: string;
  used: boolean;
}

/** The grants of a store as plain data (see state-file.ts); codes and consent requests are too short-lived to keep. */
export interface GrantsSnapshot {
  access: [string, AccessRecord][];
  refresh: [string, RefreshRecord][];
  revokedGrants: string[];
}

/** A record as a state file may hold it: files written before accounts name none. */
type Saved<T extends { userId: string }> = Omit<T, 'userId'> & { userId?: string };

/** Grants read back from a state file. */
export interface SavedGrants {
  access: [string, Saved<AccessRecord>][];
  refresh: [string, Saved<RefreshRecord>][];
  revokedGrants: string[];
}

export class TokenStore {
  readonly pending = new Map<string, PendingRequest>();
  readonly codes = new Map<string, CodeRecord>();
  readonly access = new Map<string, AccessRecord>();
  readonly refresh = new Map<string, RefreshRecord>();
  private readonly revokedGrants = new Set<string>();
  /**
   * Called after tokens are issued or a grant is revoked. A refresh marks the
   * old refresh token used before it issues the new pair, so this sees that too.
   */
  onGrantsChanged: (() => void) | undefined;

  constructor(private readonly now: () => number = nowMs) {}

  grants(): GrantsSnapshot {
    return {
      access: [...this.access],
      refresh: [...this.refresh],
      revokedGrants: [...this.revokedGrants],
    };
  }

  /**
   * Takes back the grants of a snapshot. Grants saved before the emulator held
   * several accounts name none: they belong to `defaultUserId`, the first account.
   */
  restoreGrants(snapshot: SavedGrants, defaultUserId: string): void {
    for (const [token, record] of snapshot.access)
      this.access.set(token, { ...record, userId: record.userId ?? defaultUserId });
    for (const [token, record] of snapshot.refresh)
      this.refresh.set(token, { ...record, userId: record.userId ?? defaultUserId });
    for (const grantId of snapshot.revokedGrants) this.revokedGrants.add(grantId);
  }

  /** Issues a fresh pair for a grant. */
  issue(
    grant: {
      clientId: string;
      userId: string;
      scopes: string[];
      server: AuthServerKind | 'any';
      grantId: string;
    },
    expiresIn: number,
  ): { accessToken: string; refreshToken: string } {
    const accessToken = randomToken(32, 'at');
    const refreshToken = randomToken(32, 'rt');
    this.access.set(accessToken, {
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      expiresAt: this.now() + expiresIn * 1000,
      grantId: grant.grantId,
    });
    this.refresh.set(refreshToken, {
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      server: grant.server,
      grantId: grant.grantId,
      used: false,
    });
    this.onGrantsChanged?.();
    return { accessToken, refreshToken };
  }

  /** Kills every token of a grant (revoke, replayed code, replayed refresh token). */
  revokeGrant(grantId: string): void {
    this.revokedGrants.add(grantId);
    for (const [token, record] of this.access)
      if (record.grantId === grantId) this.access.delete(token);
    for (const [token, record] of this.refresh)
      if (record.grantId === grantId) this.refresh.delete(token);
    this.onGrantsChanged?.();
  }

  /** The live access token record, or why there is none. */
  checkAccess(token: string): AccessRecord | 'unknown' | 'expired' {
    const record = this.access.get(token);
    if (!record || this.revokedGrants.has(record.grantId)) return 'unknown';
    if (this.now() >= record.expiresAt) return 'expired';
    return record;
  }

  /** Drops what has expired, so a long-running emulator does not grow without bound. */
  sweep(): void {
    const now = this.now();
    for (const [id, request] of this.pending) if (now >= request.expiresAt) this.pending.delete(id);
    for (const [code, record] of this.codes) {
      // Used codes are kept a while to recognise replays.
      if (now >= record.expiresAt + 3_600_000) this.codes.delete(code);
    }
  }
}
