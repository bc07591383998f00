// Opaque UiPath access tokens issued by the simulated identity server.

import { randomBytes } from 'node:crypto';

export interface Grant {
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

export type TokenLookup =
  | { state: 'missing' }
  | { state: 'unknown' }
  | { state: 'expired'; grant: Grant }
  | { state: 'valid'; grant: Grant };

export class TokenStore {
  private readonly grants = new Map<string, Grant>();

  issue(clientId: string, scopes: readonly string[], expiresAt: number): string {
    const token = randomBytes(48).toString('base64url');
    this.grants.set(token, { clientId, scopes: new Set(scopes), expiresAt });
    return token;
  }

  lookup(authorization: string | undefined, now: number): TokenLookup {
    const token = bearer(authorization);
    if (token === undefined) return { state: 'missing' };
    const grant = this.grants.get(token);
    if (grant === undefined) return { state: 'unknown' };
    return grant.expiresAt <= now ? { state: 'expired', grant } : { state: 'valid', grant };
  }

  /** Expires one token (by its Authorization header); false if unknown. */
  expire(authorization: string | undefined, now: number): boolean {
    const token = bearer(authorization);
    const grant = token === undefined ? undefined : this.grants.get(token);
    if (grant === undefined) return false;
    grant.expiresAt = Math.min(grant.expiresAt, now);
    return true;
  }

  expireAll(now: number): void {
    for (const grant of this.grants.values()) grant.expiresAt = Math.min(grant.expiresAt, now);
  }
}

export function bearer(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}
