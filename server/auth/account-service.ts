// Account management: every change and its audit log entry commit in one transaction. Log
// entries name the account and what changed, never a password, token, session id or hash.
// Each writing transaction takes the log's append lock first, so check-then-write sequences
// (unique usernames, the last admin) are serialized across processes.
import crypto from 'node:crypto';
import type { AuditLog } from '../../audit/log.ts';
import type { JsonValue } from '../../audit/entry.ts';
import type { Actor } from '../services/actor.ts';
import type { Database } from '../storage/database.ts';
import type { KnexTx } from '../storage/unit-of-work.ts';
import { checkFingerprint, checkNewAccount, checkPassword, checkTokenName } from './account-rules.ts';
import type { NewAccount } from './account-rules.ts';
import { countAccounts, findAccount, findClientCertificate, findLogin, insertAccount, insertClientCertificate, listAccounts, listClientCertificates, markAccountDisabled, updatePasswordHash } from './account-store.ts';
import type { Account, ClientCertificate } from './account-store.ts';
import { Authenticator } from './authenticator.ts';
import { checkPasswordStrength } from './password-strength.ts';
import type { LoginResult, SessionAuthentication } from './authenticator.ts';
import { deleteAccountSessions, insertToken, listTokens, markTokenRevoked } from './credential-store.ts';
import type { ApiToken } from './credential-store.ts';
import { AuthError } from './errors.ts';
import type { Principal } from './principal.ts';
import type { AccountRole } from './roles.ts';
import { generateToken, hashPassword, sha256Hex } from './secrets.ts';
import type { RandomBytes } from './secrets.ts';

export interface AccountServiceDeps {
  readonly db: Database;
  readonly log: AuditLog<KnexTx>;
  readonly clock: () => Date;
  /** Source of every secret and id; crypto.randomBytes unless a test passes another. */
  readonly random?: RandomBytes;
}

/** An account with its credentials' public parts, as listed to admins. */
export interface AccountDetails extends Account {
  readonly tokens: readonly ApiToken[];
  readonly clientCertificates: readonly ClientCertificate[];
}

const SUBJECT_TYPE = 'account';

export class AccountService {
  private readonly random: RandomBytes;
  private readonly auth: Authenticator;

  constructor(private readonly deps: AccountServiceDeps) {
    this.random = deps.random ?? crypto.randomBytes;
    this.auth = new Authenticator({ db: deps.db, clock: deps.clock, random: this.random });
  }

  async createAccount(actor: Actor, input: NewAccount): Promise<Account> {
    checkNewAccount(input);
    if (input.password !== undefined) await checkPasswordStrength(input.password, [input.username]);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password, this.random);
    return this.write(async (tx, at) => this.insert(tx, actor, at, input, passwordHash));
  }

  /**
   * Creates the first admin when no admin account exists (disabled ones included), atomically, so
   * two instances starting together create one. Null when an admin already exists.
   */
  async createFirstAdmin(actor: Actor, input: { username: string; password: string }): Promise<Account | null> {
    const account: NewAccount = { username: input.username, role: 'admin', personId: null, password: input.password };
    checkNewAccount(account);
    await checkPasswordStrength(input.password, [input.username]);
    const passwordHash = await hashPassword(input.password, this.random);
    return this.write(async (tx, at) => ((await countAccounts(tx.trx, { role: 'admin' })) > 0 ? null : this.insert(tx, actor, at, account, passwordHash)));
  }

  /** Sets or replaces the password and ends the account's sessions. */
  async setPassword(actor: Actor, accountId: string, password: string): Promise<void> {
    checkPassword(password);
    await checkPasswordStrength(password, [accountId]);
    const passwordHash = await hashPassword(password, this.random);
    await this.write(async (tx, at) => {
      await this.activeAccount(tx, accountId);
      await updatePasswordHash(tx.trx, accountId, passwordHash);
      await deleteAccountSessions(tx.trx, accountId);
      await this.record(tx, actor, at, 'account.password_set', accountId, {});
    });
  }

  /** Disables the account for good: its tokens, sessions and certificates stop working at once. */
  async disable(actor: Actor, accountId: string): Promise<Account> {
    return this.write(async (tx, at) => {
      const account = await this.activeAccount(tx, accountId);
      if (account.role === 'admin' && (await countAccounts(tx.trx, { role: 'admin', active: true })) <= 1) {
        throw new AuthError('account-invalid', 'the last active admin account cannot be disabled');
      }
      await markAccountDisabled(tx.trx, accountId, at);
      await deleteAccountSessions(tx.trx, accountId);
      await this.record(tx, actor, at, 'account.disabled', accountId, {});
      return { ...account, disabledAt: at };
    });
  }

  /** A new API token; `secret` is returned here once and stored only as its SHA-256. */
  async createToken(actor: Actor, accountId: string, name: string): Promise<{ token: ApiToken; secret: string }> {
    checkTokenName(name);
    const secret = generateToken(this.random);
    const id = `tok_${this.random(12).toString('hex')}`;
    return this.write(async (tx, at) => {
      await this.activeAccount(tx, accountId);
      const token: ApiToken = { id, accountId, name, createdAt: at, lastUsedAt: null, revokedAt: null };
      await insertToken(tx.trx, token, sha256Hex(secret));
      await this.record(tx, actor, at, 'account.token_created', accountId, { tokenId: id, name });
      return { token, secret };
    });
  }

  async revokeToken(actor: Actor, accountId: string, tokenId: string): Promise<void> {
    await this.write(async (tx, at) => {
      if (!(await markTokenRevoked(tx.trx, accountId, tokenId, at))) {
        throw new AuthError('token-not-found', `account ${accountId} has no active token ${tokenId}`);
      }
      await this.record(tx, actor, at, 'account.token_revoked', accountId, { tokenId });
    });
  }

  /** Maps a client certificate, by the SHA-256 of its DER, to the account. */
  async addClientCertificate(actor: Actor, accountId: string, fingerprint: string): Promise<ClientCertificate> {
    checkFingerprint(fingerprint);
    return this.write(async (tx, at) => {
      await this.activeAccount(tx, accountId);
      if ((await findClientCertificate(tx.trx, fingerprint)) !== null) {
        throw new AuthError('fingerprint-taken', `certificate ${fingerprint} is already mapped to an account`);
      }
      const cert: ClientCertificate = { fingerprint, accountId, addedAt: at };
      await insertClientCertificate(tx.trx, cert);
      await this.record(tx, actor, at, 'account.client_certificate_added', accountId, { fingerprint });
      return cert;
    });
  }

  async get(accountId: string): Promise<Account> {
    const account = await findAccount(this.deps.db.knex, accountId);
    if (account === null) throw new AuthError('account-not-found', `no account ${accountId}`);
    return account;
  }

  async getByUsername(username: string): Promise<Account> {
    const found = await findLogin(this.deps.db.knex, username);
    if (found === null) throw new AuthError('account-not-found', `no account named ${username}`);
    return found.account;
  }

  async list(): Promise<AccountDetails[]> {
    const q = this.deps.db.knex;
    const [accounts, tokens, certs] = await Promise.all([listAccounts(q), listTokens(q), listClientCertificates(q)]);
    return accounts.map((a) => ({ ...a, tokens: tokens.filter((t) => t.accountId === a.id), clientCertificates: certs.filter((c) => c.accountId === a.id) }));
  }

  async count(filter: { role?: AccountRole; active?: boolean } = {}): Promise<number> {
    return countAccounts(this.deps.db.knex, filter);
  }

  login(username: string, password: string): Promise<LoginResult> {
    return this.auth.login(username, password);
  }

  logout(sessionId: string): Promise<void> {
    return this.auth.logout(sessionId);
  }

  authenticateToken(secret: string): Promise<Principal> {
    return this.auth.authenticateToken(secret);
  }

  authenticateSession(sessionId: string): Promise<SessionAuthentication> {
    return this.auth.authenticateSession(sessionId);
  }

  authenticateClientCertificate(fingerprint: string): Promise<Principal | null> {
    return this.auth.authenticateClientCertificate(fingerprint);
  }

  private write<T>(work: (tx: KnexTx, at: string) => Promise<T>): Promise<T> {
    return this.deps.db.transaction(async (tx) => {
      await this.deps.log.lock(tx);
      // Any account change ends this process's remembered token checks once it commits.
      tx.afterCommit(() => this.auth.forget());
      return work(tx, this.deps.clock().toISOString());
    });
  }

  private async insert(tx: KnexTx, actor: Actor, at: string, input: NewAccount, passwordHash: string | null): Promise<Account> {
    if ((await findLogin(tx.trx, input.username)) !== null) throw new AuthError('username-taken', `username ${input.username} is taken`);
    const account: Account = { id: `acc_${this.random(12).toString('hex')}`, username: input.username, role: input.role, personId: input.personId, hasPassword: passwordHash !== null, createdAt: at, disabledAt: null };
    await insertAccount(tx.trx, account, passwordHash);
    await this.record(tx, actor, at, 'account.created', account.id, { username: account.username, role: account.role, personId: account.personId, hasPassword: account.hasPassword });
    return account;
  }

  private async activeAccount(tx: KnexTx, accountId: string): Promise<Account> {
    const account = await findAccount(tx.trx, accountId);
    if (account === null) throw new AuthError('account-not-found', `no account ${accountId}`);
    if (account.disabledAt !== null) throw new AuthError('account-disabled', `account ${accountId} is disabled`);
    return account;
  }

  private async record(tx: KnexTx, actor: Actor, at: string, action: string, accountId: string, data: Record<string, JsonValue>): Promise<void> {
    await this.deps.log.append(tx, { time: at, actor: { id: actor.id, role: actor.role }, action, subject: { type: SUBJECT_TYPE, id: accountId }, data });
  }
}
