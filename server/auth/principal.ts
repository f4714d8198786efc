// The authenticated caller of a request, set by the authentication middleware.
import type { AccountRole } from './roles.ts';

export interface Principal {
  readonly accountId: string;
  readonly username: string;
  readonly role: AccountRole;
  /** The roster person this account belongs to (required for dcc, pma_member, pma_chair, ssc). */
  readonly personId: string | null;
  readonly via: 'token' | 'session' | 'client-certificate';
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by authentication; undefined for an anonymous caller. */
    principal?: Principal;
  }
}
