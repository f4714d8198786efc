// Account management: every change goes through the unit of work (lock, load, decide, save,
// append), so it and its audit log entry commit in one transaction, and check-then-write
// sequences (unique usernames, the last admin) are serialized across processes. The decisions
// are in account-decisions.ts.
import crypto from 'node:crypto';
import type { Actor } from '../services/actor.ts';
import type { Database } from '../storage/database.ts';
import type { Change, KnexTx, UnitOfWork } from '../storage/unit-of-work.ts';
import { decideAccountCreated, decideAccountDisabled, decideClientCertificateAdded, decidePasswordSet, decideTokenCreated, decideTokenRevoked } from './account-decisions.ts';
import { checkFingerprint, checkNewAccount, checkPassword, checkTokenName } from './account-rules.ts';
import type { NewAccount } from './account-rules.ts';
import { countAccounts, findAccount, findClientCertificate, findLogin, insertAccount, insertClientCertificate, listAccounts, listClientCertificates, markAccountDisabled, updatePasswordHash } from './account-store.ts';
import type { Account, ClientCertificate } from './account-store.ts';
import { Authenticator } from './authenticator.ts';
import type { LoginClient, LoginResult, SessionAuthentication } from './authenticator.ts';
import { LoginThrottle } from './login-throttle.ts';
import type { LoginThrottlePolicy } from './login-throttle-policy.ts';
import { checkPasswordStrength } from './password-strength.ts';
import { deleteAccountSessions, findToken, insertToken, listTokens, markTokenRevoked } from './credential-store.ts';
import type { ApiToken } from './credential-store.ts';
import { AuthError } from './errors.ts';
import type { Principal } from './principal.ts';
import type { AccountRole } from './roles.ts';
import { generateToken, hashPassword, sha256Hex } from './secrets.ts';
import type { RandomBytes } from './secrets.ts';

export interface AccountServiceDeps {
  readonly db: Database;
  readonly writes: UnitOfWork;
  readonly clock: () => Date;
  /** Source of every secret and id; crypto.randomBytes unless a test passes another. */
  readonly random?: RandomBytes;
  /** The login throttling policy; LOGIN_THROTTLE_POLICY unless a test passes another. */
  readonly loginThrottle?: LoginThrottlePolicy;
}

/** An account with its credentials' public parts, as listed to admins. */
export interface AccountDetails extends Account {
  readonly tokens: readonly ApiToken[];
  readonly clientCertificates: readonly ClientCertificate[];
}

export class AccountService {
  private readonly random: RandomBytes;
  private readonly auth: Authenticator;

  constructor(private readonly deps: AccountServiceDeps) {
    this.random = deps.random ?? crypto.randomBytes;
    const throttle = new LoginThrottle({ db: deps.db, clock: deps.clock, ...(deps.loginThrottle === undefined ? {} : { policy: deps.loginThrottle }) });
    this.auth = new Authenticator({ db: deps.db, clock: deps.clock, random: this.random, throttle });
  }

  async createAccount(actor: Actor, input: NewAccount): Promise<Account> {
    checkNewAccount(input);
    if (input.password !== undefined) await checkPasswordStrength(input.password, [input.username]);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password, this.random);
    const create = this.creation(input, passwordHash);
    return this.change({
      load: async (tx) => (await findLogin(tx.trx, input.username)) !== null,
      decide: (taken, at) => {
        const account = create.account(at);
        return { entry: decideAccountCreated(taken, account, actor, at), write: account, result: account };
      },
      save: create.save,
    });
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
    const create = this.creation(account, passwordHash);
    return this.change({
      load: async (tx) => ({ taken: (await findLogin(tx.trx, account.username)) !== null, admins: await countAccounts(tx.trx, { role: 'admin' }) }),
      decide: ({ taken, admins }, at) => {
        const first = create.account(at);
        if (admins > 0) return { entry: null, write: first, result: null };
        return { entry: decideAccountCreated(taken, first, actor, at), write: first, result: first };
      },
      save: create.save,
    });
  }

  /** The new account's id is drawn here, outside the transaction; its creation time is the decision's. */
  private creation(input: NewAccount, passwordHash: string | null) {
    const id = `acc_${this.random(12).toString('hex')}`;
    return {
      account: (at: Date): Account => ({ id, username: input.username, role: input.role, personId: input.personId, hasPassword: passwordHash !== null, createdAt: at.toISOString(), disabledAt: null }),
      save: (tx: KnexTx, account: Account) => insertAccount(tx.trx, account, passwordHash),
    };
  }

  /** Sets or replaces the password and ends the account's sessions. */
  async setPassword(actor: Actor, accountId: string, password: string): Promise<void> {
    checkPassword(password);
    await checkPasswordStrength(password, [accountId]);
    const passwordHash = await hashPassword(password, this.random);
    await this.change({
      load: (tx) => findAccount(tx.trx, accountId),
      decide: (account, at) => ({ entry: decidePasswordSet(account, accountId, actor, at), write: undefined, result: undefined }),
      save: async (tx) => {
        await updatePasswordHash(tx.trx, accountId, passwordHash);
        await deleteAccountSessions(tx.trx, accountId);
      },
    });
  }

  /** Disables the account for good: its tokens, sessions and certificates stop working at once. */
  async disable(actor: Actor, accountId: string): Promise<Account> {
    return this.change({
      load: async (tx) => ({ account: await findAccount(tx.trx, accountId), activeAdmins: await countAccounts(tx.trx, { role: 'admin', active: true }) }),
      decide: ({ account, activeAdmins }, at) => {
        const entry = decideAccountDisabled(account, accountId, activeAdmins, actor, at);
        const disabledAt = at.toISOString();
        return { entry, write: disabledAt, result: { ...account!, disabledAt } };
      },
      save: async (tx, disabledAt) => {
        await markAccountDisabled(tx.trx, accountId, disabledAt);
        await deleteAccountSessions(tx.trx, accountId);
      },
    });
  }

  /** A new API token; `secret` is returned here once and stored only as its SHA-256. */
  async createToken(actor: Actor, accountId: string, name: string): Promise<{ token: ApiToken; secret: string }> {
    checkTokenName(name);
    const secret = generateToken(this.random);
    const id = `tok_${this.random(12).toString('hex')}`;
    return this.change({
      load: (tx) => findAccount(tx.trx, accountId),
      decide: (account, at) => {
        const token: ApiToken = { id, accountId, name, createdAt: at.toISOString(), lastUsedAt: null, revokedAt: null };
        return { entry: decideTokenCreated(account, token, actor, at), write: token, result: { token, secret } };
      },
      save: (tx, token) => insertToken(tx.trx, token, sha256Hex(secret)),
    });
  }

  async revokeToken(actor: Actor, accountId: string, tokenId: string): Promise<void> {
    await this.change({
      load: (tx) => findToken(tx.trx, tokenId),
      decide: (token, at) => ({ entry: decideTokenRevoked(token, accountId, tokenId, actor, at), write: at.toISOString(), result: undefined }),
      save: async (tx, at) => {
        await markTokenRevoked(tx.trx, accountId, tokenId, at);
      },
    });
  }

  /** Maps a client certificate, by the SHA-256 of its DER, to the account. */
  async addClientCertificate(actor: Actor, accountId: string, fingerprint: string): Promise<ClientCertificate> {
    checkFingerprint(fingerprint);
    return this.change({
      load: async (tx) => ({ account: await findAccount(tx.trx, accountId), mapped: await findClientCertificate(tx.trx, fingerprint) }),
      decide: ({ account, mapped }, at) => {
        const cert: ClientCertificate = { fingerprint, accountId, addedAt: at.toISOString() };
        return { entry: decideClientCertificateAdded(account, mapped, cert, actor, at), write: cert, result: cert };
      },
      save: (tx, cert) => insertClientCertificate(tx.trx, cert),
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

  /** Throttled per account name and client address, and per address; `client` defaults to LOCAL_CLIENT. */
  login(username: string, password: string, client?: LoginClient): Promise<LoginResult> {
    return this.auth.login(username, password, client);
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

  /** Runs an account change through the unit of work; this process's remembered token checks end once it commits. */
  private async change<S, W, R>(change: Change<S, W, R>): Promise<R> {
    const result = await this.deps.writes.run(change);
    this.auth.forget();
    return result;
  }
}
