// The login throttling policy, as pure functions over counters. Failed logins are counted per
// account name and client address (against guessing one account's password) and per address
// (against trying many accounts). From a number of failures on, each failure makes the next
// attempt wait, and each further one doubles the wait, up to a cap: backoff, not lockout. Someone who signed in from an
// address before is judged by their own counter only, so others failing from the same address
// (one proxy, one office) do not lock them out.

export interface BackoffRule {
  /** The failure that earns the first wait: after this many, each attempt waits. */
  readonly failuresBeforeWait: number;
  /** The first wait; it doubles with each further failure. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface LoginThrottlePolicy {
  readonly perAccountAddress: BackoffRule;
  readonly perAddress: BackoffRule;
  /** Failures are forgotten this long after the last one. Longer than any wait. */
  readonly forgetAfterMs: number;
  /** A successful login exempts that account and address from the address rule this long. */
  readonly knownForMs: number;
}

const MINUTE = 60_000;

export const LOGIN_THROTTLE_POLICY: LoginThrottlePolicy = {
  perAccountAddress: { failuresBeforeWait: 5, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE },
  perAddress: { failuresBeforeWait: 50, baseDelayMs: 1_000, maxDelayMs: MINUTE },
  forgetAfterMs: 60 * MINUTE,
  knownForMs: 30 * 24 * 60 * MINUTE,
};

/** One counter; times in milliseconds since the epoch. */
export interface ThrottleCounter {
  readonly failures: number;
  readonly lastFailureAt: number | null;
  readonly blockedUntil: number | null;
  readonly lastSuccessAt: number | null;
}

export const FRESH_COUNTER: ThrottleCounter = { failures: 0, lastFailureAt: null, blockedUntil: null, lastSuccessAt: null };

export type ThrottleScope = 'account-address' | 'address';

export type AttemptVerdict = { readonly allowed: true } | { readonly allowed: false; readonly scope: ThrottleScope; readonly retryAfterMs: number };

/** The wait that `failures` failures earn under `rule`: none before failuresBeforeWait, then doubling. */
export function backoffMs(rule: BackoffRule, failures: number): number {
  const beyond = failures - rule.failuresBeforeWait;
  if (beyond < 0) return 0;
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(beyond, 40));
}

/** The counter at `now`: failures older than the policy's memory are forgotten. */
export function currentCounter(counter: ThrottleCounter, policy: LoginThrottlePolicy, now: number): ThrottleCounter {
  if (counter.lastFailureAt === null || now - counter.lastFailureAt < policy.forgetAfterMs) return counter;
  return { ...counter, failures: 0, lastFailureAt: null, blockedUntil: null };
}

function waitMs(counter: ThrottleCounter, now: number): number {
  return counter.blockedUntil === null ? 0 : Math.max(0, counter.blockedUntil - now);
}

/** May an attempt for this account and address be made now? Both counters as currentCounter gives them. */
export function judgeAttempt(pair: ThrottleCounter, address: ThrottleCounter, policy: LoginThrottlePolicy, now: number): AttemptVerdict {
  const pairWait = waitMs(pair, now);
  if (pairWait > 0) return { allowed: false, scope: 'account-address', retryAfterMs: pairWait };
  const knownHere = pair.lastSuccessAt !== null && now - pair.lastSuccessAt < policy.knownForMs;
  const addressWait = knownHere ? 0 : waitMs(address, now);
  if (addressWait > 0) return { allowed: false, scope: 'address', retryAfterMs: addressWait };
  return { allowed: true };
}

/** One more failure, and the wait it earns from now. */
export function withFailure(counter: ThrottleCounter, rule: BackoffRule, now: number): ThrottleCounter {
  const failures = counter.failures + 1;
  const delay = backoffMs(rule, failures);
  return { ...counter, failures, lastFailureAt: now, blockedUntil: delay === 0 ? null : now + delay };
}

/** Takes back one failure counted in advance for an attempt that succeeded. */
export function withoutFailure(counter: ThrottleCounter, rule: BackoffRule): ThrottleCounter {
  const failures = Math.max(0, counter.failures - 1);
  const delay = backoffMs(rule, failures);
  return { ...counter, failures, blockedUntil: delay === 0 || counter.lastFailureAt === null ? null : counter.lastFailureAt + delay };
}

/** A successful login: the account-and-address counter starts over, and remembers the success. */
export function withSuccess(counter: ThrottleCounter, now: number): ThrottleCounter {
  return { ...counter, failures: 0, lastFailureAt: null, blockedUntil: null, lastSuccessAt: now };
}
