// Login throttling, in one place for every way of signing in (the API's login route, the pages'
// sign-in form). Counters live in the database, so every instance on one database shares them.
// Each attempt is counted as a failure before the password is checked, in a transaction that
// also judges it, and taken back once it succeeds: a burst of parallel guesses is judged one by
// one, and a crash in between leaves the failure counted (fail closed).
import crypto from 'node:crypto';
import type { Database } from '../storage/database.ts';
import { AuthError } from './errors.ts';
import { currentCounter, FRESH_COUNTER, judgeAttempt, LOGIN_THROTTLE_POLICY, withFailure, withoutFailure, withSuccess } from './login-throttle-policy.ts';
import type { LoginThrottlePolicy, ThrottleCounter } from './login-throttle-policy.ts';
import { lockThrottle, pruneCounters, readCounters, writeCounter } from './throttle-store.ts';

/** Stale rows are pruned at most this often per process. */
const PRUNE_INTERVAL_MS = 60_000;

export interface LoginThrottleDeps {
  readonly db: Database;
  readonly clock: () => Date;
  readonly policy?: LoginThrottlePolicy;
}

/** An attempt let through by begin(), to be settled once the password was checked. */
export interface LoginAttempt {
  readonly pairKey: string;
  readonly addressKey: string;
}

/** Scope and values hashed together: the key stores neither name nor address in the clear. */
function keyOf(...parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex');
}

export class LoginThrottle {
  private readonly policy: LoginThrottlePolicy;
  private lastPrune = 0;

  constructor(private readonly deps: LoginThrottleDeps) {
    this.policy = deps.policy ?? LOGIN_THROTTLE_POLICY;
  }

  /**
   * Judges an attempt to sign in as `username` from `address` (as clientAddress gives it) and
   * counts it as a failure in advance. Refuses with 'rate-limited', carrying the seconds to wait.
   */
  async begin(username: string, address: string): Promise<LoginAttempt> {
    const attempt = { pairKey: keyOf('account-address', address, username), addressKey: keyOf('address', address) };
    await this.deps.db.transaction(async (tx) => {
      await lockThrottle(tx.trx);
      const now = this.deps.clock().getTime();
      const { pair, address: byAddress } = await this.counters(tx.trx, attempt, now);
      const verdict = judgeAttempt(pair, byAddress, this.policy, now);
      if (!verdict.allowed) {
        const seconds = Math.ceil(verdict.retryAfterMs / 1000);
        const why = verdict.scope === 'address' ? 'from this address' : 'for this account from this address';
        throw new AuthError('rate-limited', `too many failed sign-ins ${why}; try again in ${seconds} s`, { retryAfterSeconds: seconds });
      }
      await writeCounter(tx.trx, attempt.pairKey, withFailure(pair, this.policy.perAccountAddress, now));
      await writeCounter(tx.trx, attempt.addressKey, withFailure(byAddress, this.policy.perAddress, now));
      await this.pruneNow(tx.trx, now);
    });
    return attempt;
  }

  /** Records the attempt's outcome: a success takes back the failure begin() counted. */
  async settle(attempt: LoginAttempt, outcome: { succeeded: boolean }): Promise<void> {
    if (!outcome.succeeded) return;
    await this.deps.db.transaction(async (tx) => {
      await lockThrottle(tx.trx);
      const now = this.deps.clock().getTime();
      const { pair, address } = await this.counters(tx.trx, attempt, now);
      await writeCounter(tx.trx, attempt.pairKey, withSuccess(pair, now));
      await writeCounter(tx.trx, attempt.addressKey, withoutFailure(address, this.policy.perAddress));
    });
  }

  private async counters(trx: Parameters<typeof readCounters>[0], attempt: LoginAttempt, now: number): Promise<{ pair: ThrottleCounter; address: ThrottleCounter }> {
    const rows = await readCounters(trx, [attempt.pairKey, attempt.addressKey]);
    const current = (key: string) => currentCounter(rows.get(key) ?? FRESH_COUNTER, this.policy, now);
    return { pair: current(attempt.pairKey), address: current(attempt.addressKey) };
  }

  private async pruneNow(trx: Parameters<typeof readCounters>[0], now: number): Promise<void> {
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    await pruneCounters(trx, { failuresBefore: now - this.policy.forgetAfterMs, successesBefore: now - this.policy.knownForMs });
  }
}
