// Account and client-certificate rows. One function per operation, each taking the transaction
// or the database; row types stay in this file.
import type { Knex } from 'knex';
import { StorageError } from '../storage/errors.ts';
import { isAccountRole } from './roles.ts';
import type { AccountRole } from './roles.ts';

type Q = Knex | Knex.Transaction;

export interface AccountRow {
  id: string;
  username: string;
  role: string;
  person_id: string | null;
  password_hash: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly role: AccountRole;
  readonly personId: string | null;
  readonly hasPassword: boolean;
  readonly createdAt: string;
  /** Set when the account was disabled: it then authenticates by no means. */
  readonly disabledAt: string | null;
}

export interface ClientCertificate {
  readonly fingerprint: string;
  readonly accountId: string;
  readonly addedAt: string;
}

export function toAccount(row: AccountRow): Account {
  // Roles are written only through the service; any other value means damaged storage.
  if (!isAccountRole(row.role)) throw new StorageError('stored-row-invalid', `account ${row.id} has an unknown role in storage`);
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    personId: row.person_id,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export const ACCOUNT_COLUMNS: readonly string[] = ['id', 'username', 'role', 'person_id', 'password_hash', 'created_at', 'disabled_at'];

export async function insertAccount(trx: Knex.Transaction, account: Omit<Account, 'hasPassword' | 'disabledAt'>, passwordHash: string | null): Promise<void> {
  await trx('accounts').insert({
    id: account.id,
    username: account.username,
    role: account.role,
    person_id: account.personId,
    password_hash: passwordHash,
    created_at: account.createdAt,
  });
}

export async function findAccount(q: Q, id: string): Promise<Account | null> {
  const row = await q('accounts').select(ACCOUNT_COLUMNS).where('id', id).first<AccountRow | undefined>();
  return row === undefined ? null : toAccount(row);
}

/** The account and its password hash, for login. Exact, case-sensitive username match. */
export async function findLogin(q: Q, username: string): Promise<{ account: Account; passwordHash: string | null } | null> {
  const row = await q('accounts').select(ACCOUNT_COLUMNS).where('username', username).first<AccountRow | undefined>();
  return row === undefined ? null : { account: toAccount(row), passwordHash: row.password_hash };
}

export async function listAccounts(q: Q): Promise<Account[]> {
  const rows = await q('accounts').select<AccountRow[]>(ACCOUNT_COLUMNS).orderBy('created_at').orderBy('username');
  return rows.map(toAccount);
}

/** Counts accounts, of one role and only enabled ones when asked. */
export async function countAccounts(q: Q, filter: { role?: AccountRole; active?: boolean } = {}): Promise<number> {
  const query = q('accounts').count<{ n: number | string }[]>({ n: '*' });
  if (filter.role !== undefined) query.where('role', filter.role);
  if (filter.active === true) query.whereNull('disabled_at');
  const [row] = await query;
  return Number(row?.n ?? 0);
}

export async function updatePasswordHash(trx: Knex.Transaction, id: string, passwordHash: string): Promise<void> {
  await trx('accounts').where('id', id).update({ password_hash: passwordHash });
}

/** Sets the disabled flag; false when the account was already disabled. */
export async function markAccountDisabled(trx: Knex.Transaction, id: string, at: string): Promise<boolean> {
  return (await trx('accounts').where('id', id).whereNull('disabled_at').update({ disabled_at: at })) === 1;
}

export async function insertClientCertificate(trx: Knex.Transaction, cert: ClientCertificate): Promise<void> {
  await trx('account_client_certificates').insert({ fingerprint: cert.fingerprint, account_id: cert.accountId, added_at: cert.addedAt });
}

export async function findClientCertificate(q: Q, fingerprint: string): Promise<ClientCertificate | null> {
  const row = await q<{ fingerprint: string; account_id: string; added_at: string }>('account_client_certificates').where('fingerprint', fingerprint).first();
  return row === undefined ? null : { fingerprint: row.fingerprint, accountId: row.account_id, addedAt: row.added_at };
}

export async function listClientCertificates(q: Q, accountId?: string): Promise<ClientCertificate[]> {
  const query = q<{ fingerprint: string; account_id: string; added_at: string }>('account_client_certificates').orderBy('added_at').orderBy('fingerprint');
  if (accountId !== undefined) query.where('account_id', accountId);
  return (await query).map((r) => ({ fingerprint: r.fingerprint, accountId: r.account_id, addedAt: r.added_at }));
}
