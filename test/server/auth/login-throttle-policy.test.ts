import { expect } from 'chai';
import { backoffMs, currentCounter, FRESH_COUNTER, judgeAttempt, LOGIN_THROTTLE_POLICY, withFailure, withoutFailure, withSuccess } from '../../../server/auth/login-throttle-policy.ts';
import type { ThrottleCounter } from '../../../server/auth/login-throttle-policy.ts';

const policy = LOGIN_THROTTLE_POLICY;
const T0 = Date.parse('2026-11-28T12:00:00Z');

function failures(n: number, rule = policy.perAccountAddress, start: ThrottleCounter = FRESH_COUNTER): ThrottleCounter {
  let c = start;
  for (let i = 0; i < n; i++) c = withFailure(c, rule, T0);
  return c;
}

describe('login throttle policy', () => {
  describe('backoffMs', () => {
    it('waits from the 5th failure of an account at an address, doubling up to 15 minutes', () => {
      const rule = policy.perAccountAddress;
      expect([4, 5, 6, 7].map((n) => backoffMs(rule, n))).to.deep.equal([0, 1_000, 2_000, 4_000]);
      expect(backoffMs(rule, 5 + 10)).to.equal(15 * 60_000);
      expect(backoffMs(rule, 5000)).to.equal(15 * 60_000);
    });

    it('waits from the 50th failure at an address, never more than a minute', () => {
      const rule = policy.perAddress;
      expect([49, 50, 51].map((n) => backoffMs(rule, n))).to.deep.equal([0, 1_000, 2_000]);
      expect(backoffMs(rule, 200)).to.equal(60_000);
    });
  });

  describe('judgeAttempt', () => {
    it('lets attempts through until the wait starts, then says how long to wait and why', () => {
      expect(judgeAttempt(failures(4), FRESH_COUNTER, policy, T0)).to.deep.equal({ allowed: true });
      expect(judgeAttempt(failures(5), FRESH_COUNTER, policy, T0)).to.deep.equal({ allowed: false, scope: 'account-address', retryAfterMs: 1_000 });
      expect(judgeAttempt(failures(5), FRESH_COUNTER, policy, T0 + 1_000)).to.deep.equal({ allowed: true });
      expect(judgeAttempt(FRESH_COUNTER, failures(55, policy.perAddress), policy, T0 + 500)).to.deep.equal({ allowed: false, scope: 'address', retryAfterMs: 31_500 });
    });

    context('when others failed from the address', () => {
      it('judges an account that signed in from that address before by its own counter only', () => {
        const known = withSuccess(FRESH_COUNTER, T0 - 86_400_000);
        const busyAddress = failures(200, policy.perAddress);
        expect(judgeAttempt(known, busyAddress, policy, T0)).to.deep.equal({ allowed: true });
        expect(judgeAttempt(FRESH_COUNTER, busyAddress, policy, T0)).to.include({ allowed: false, scope: 'address' });
        const longAgo = withSuccess(FRESH_COUNTER, T0 - policy.knownForMs);
        expect(judgeAttempt(longAgo, busyAddress, policy, T0)).to.include({ allowed: false });
      });

      it('still throttles a known account whose own password is being guessed', () => {
        const guessed = failures(5, policy.perAccountAddress, withSuccess(FRESH_COUNTER, T0 - 1000));
        expect(judgeAttempt(guessed, FRESH_COUNTER, policy, T0)).to.include({ allowed: false, scope: 'account-address' });
      });
    });
  });

  describe('counters', () => {
    it('forgets failures an hour after the last one', () => {
      const c = failures(7);
      expect(currentCounter(c, policy, T0 + policy.forgetAfterMs - 1)).to.equal(c);
      expect(currentCounter(c, policy, T0 + policy.forgetAfterMs)).to.deep.equal(FRESH_COUNTER);
    });

    it('takes back a failure counted in advance, and with it the wait it earned', () => {
      const c = withoutFailure(failures(50, policy.perAddress), policy.perAddress);
      expect(c.failures).to.equal(49);
      expect(c.blockedUntil).to.equal(null);
      expect(withoutFailure(FRESH_COUNTER, policy.perAddress).failures).to.equal(0);
    });

    it('starts an account-and-address counter over on success, remembering when', () => {
      expect(withSuccess(failures(3), T0 + 5)).to.deep.equal({ failures: 0, lastFailureAt: null, blockedUntil: null, lastSuccessAt: T0 + 5 });
    });
  });
});
