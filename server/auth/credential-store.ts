// API token and session rows. Both are looked up by the SHA-256 of their secret, never by the
// secret itself. One function per operation, each taking the transaction or the database.
import type { Knex } from 'knex';
import { ACCOUNT_COLUMNS, toAccount } from './account-store.ts';
import type { Account, AccountRow } from './account-store.ts';

type Q = Knex | Knex.Transaction;

export interface ApiToken {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  /** Set when the token was revoked: it then authenticates nothing. */
  readonly revokedAt: string | null;
}

interface TokenRow {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const TOKEN_COLUMNS: readonly string[] = ['id', 'account_id', 'name', 'token_hash', 'created_at', 'last_used_at', 'revoked_at'];

function toToken(row: TokenRow): ApiToken {
  return { id: row.id, accountId: row.account_id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

/** Account columns prefixed `a.` for joins, read back under their own names. */
const JOINED_ACCOUNT = ACCOUNT_COLUMNS.map((c) => `a.${c} as a_${c}`);

function accountFromJoin(row: Record<string, unknown>): Account {
  const entries = ACCOUNT_COLUMNS.map((c) => [c, row[`a_${c}`]] as const);
  return toAccount(Object.fromEntries(entries) as unknown as AccountRow);
}

export async function insertToken(trx: Knex.Transaction, token: Omit<ApiToken, 'lastUsedAt' | 'revokedAt'>, tokenHash: string): Promise<void> {
  await trx('account_tokens').insert({ id: token.id, account_id: token.accountId, name: token.name, token_hash: tokenHash, created_at: token.createdAt });
}

export async function findTokenByHash(q: Q, tokenHash: string): Promise<{ token: ApiToken; tokenHash: string; account: Account } | null> {
  const row = await q('account_tokens as t')
    .join('accounts as a', 'a.id', 't.account_id')
    .select([...TOKEN_COLUMNS.map((c) => `t.${c}`), ...JOINED_ACCOUNT])
    .where('t.token_hash', tokenHash)
    .first<(TokenRow & Record<string, unknown>) | undefined>();
  return row === undefined ? null : { token: toToken(row), tokenHash: row.token_hash, account: accountFromJoin(row) };
}

export async function findToken(q: Q, tokenId: string): Promise<ApiToken | null> {
  const row = await q('account_tokens').select<TokenRow[]>(TOKEN_COLUMNS).where('id', tokenId).first<TokenRow | undefined>();
  return row === undefined ? null : toToken(row);
}

export async function listTokens(q: Q, accountId?: string): Promise<ApiToken[]> {
  const query = q('account_tokens').select<TokenRow[]>(TOKEN_COLUMNS).orderBy('created_at').orderBy('id');
  if (accountId !== undefined) query.where('account_id', accountId);
  return (await query).map(toToken);
}

/** Sets the revoked flag of one of the account's tokens; false when there is no such active token. */
export async function markTokenRevoked(trx: Knex.Transaction, accountId: string, tokenId: string, at: string): Promise<boolean> {
  return (await trx('account_tokens').where({ id: tokenId, account_id: accountId }).whereNull('revoked_at').update({ revoked_at: at })) === 1;
}

/** Records use, at most once per `staleBefore` interval, so reads do not each cost a write. */
export async function touchToken(q: Q, tokenId: string, at: string, staleBefore: string): Promise<void> {
  await q('account_tokens')
    .where('id', tokenId)
    .andWhere((w) => void w.whereNull('last_used_at').orWhere('last_used_at', '<', staleBefore))
    .update({ last_used_at: at });
}

export interface Session {
  readonly accountId: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  /** The absolute end of the session, whatever its activity. */
  readonly expiresAt: string;
}

interface SessionRow {
  id_hash: string;
  account_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export async function insertSession(q: Q, idHash: string, session: Session): Promise<void> {
  await q('account_sessions').insert({ id_hash: idHash, account_id: session.accountId, created_at: session.createdAt, last_seen_at: session.lastSeenAt, expires_at: session.expiresAt });
}

export async function findSession(q: Q, idHash: string): Promise<{ session: Session; account: Account } | null> {
  const row = await q('account_sessions as s')
    .join('accounts as a', 'a.id', 's.account_id')
    .select(['s.account_id', 's.created_at', 's.last_seen_at', 's.expires_at', ...JOINED_ACCOUNT])
    .where('s.id_hash', idHash)
    .first<(SessionRow & Record<string, unknown>) | undefined>();
  if (row === undefined) return null;
  return { session: { accountId: row.account_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }, account: accountFromJoin(row) };
}

export async function touchSession(q: Q, idHash: string, at: string, staleBefore: string): Promise<void> {
  await q('account_sessions').where('id_hash', idHash).andWhere('last_seen_at', '<', staleBefore).update({ last_seen_at: at });
}

export async function deleteSession(q: Q, idHash: string): Promise<void> {
  await q('account_sessions').where('id_hash', idHash).delete();
}

export async function deleteAccountSessions(q: Q, accountId: string): Promise<void> {
  await q('account_sessions').where('account_id', accountId).delete();
}

/** Removes sessions past their absolute end or idle since before `idleBefore`. */
export async function deleteExpiredSessions(q: Q, now: string, idleBefore: string): Promise<void> {
  await q('account_sessions').where('expires_at', '<=', now).orWhere('last_seen_at', '<', idleBefore).delete();
}
