import { expect } from 'chai';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../../server/auth/authenticator.ts';
import { AuthError } from '../../../server/auth/errors.ts';
import type { AuthErrorCode } from '../../../server/auth/errors.ts';
import { sha256Hex } from '../../../server/auth/secrets.ts';
import type { Keygate } from '../../../server/compose.ts';
import { forEachEngine } from '../../helpers/databases.ts';
import { ADMIN_ACTOR, logEntries, movableClock, openAuthKeygate, PASSWORD, storedAccountText, stringLeaves } from './fixtures.ts';
import type { MovableClock } from './fixtures.ts';

async function refusal(work: Promise<unknown>): Promise<AuthError> {
  try {
    await work;
  } catch (err) {
    if (err instanceof AuthError) return err;
    throw err;
  }
  throw new Error('expected an AuthError');
}

async function expectCode(work: Promise<unknown>, code: AuthErrorCode, message?: RegExp): Promise<void> {
  const err = await refusal(work);
  expect(err.code).to.equal(code);
  if (message !== undefined) expect(err.message).to.match(message);
}

describe('AccountService', () => {
  forEachEngine((engine) => {
    let kg: Keygate;
    let clock: MovableClock;

    beforeEach(async () => {
      clock = movableClock();
      kg = await openAuthKeygate(await engine.newDatabase(), clock);
    });

    afterEach(async () => {
      await kg.close();
    });

    describe('createAccount', () => {
      it('creates accounts for person roles with their person, and admin/auditor without', async () => {
        const member = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'bob', role: 'pma_member', personId: 'person-bob' });
        const auditor = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'carol', role: 'auditor', personId: null, password: PASSWORD });
        expect(member).to.include({ username: 'bob', role: 'pma_member', personId: 'person-bob', hasPassword: false, disabledAt: null });
        expect(auditor).to.include({ role: 'auditor', personId: null, hasPassword: true });
        expect((await kg.accounts.list()).map((a) => a.username)).to.deep.equal(['bob', 'carol']);
      });

      it('refuses a person role without a person, an admin with one, a weak password, a taken username', async () => {
        await expectCode(kg.accounts.createAccount(ADMIN_ACTOR, { username: 'dave', role: 'dcc', personId: null }), 'account-invalid', /needs the roster person/);
        await expectCode(kg.accounts.createAccount(ADMIN_ACTOR, { username: 'erin', role: 'admin', personId: 'p-1' }), 'account-invalid', /personId must be null/);
        await expectCode(kg.accounts.createAccount(ADMIN_ACTOR, { username: 'frank', role: 'auditor', personId: null, password: 'short' }), 'account-invalid', /12 to 1024/);
        await expectCode(kg.accounts.createAccount(ADMIN_ACTOR, { username: 'Frank', role: 'auditor', personId: null }), 'account-invalid', /lower-case/);
        await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'gina', role: 'auditor', personId: null });
        await expectCode(kg.accounts.createAccount(ADMIN_ACTOR, { username: 'gina', role: 'ssc', personId: 'p-2' }), 'username-taken');
        expect(await kg.accounts.count()).to.equal(1);
      });
    });

    describe('passwords and sessions', () => {
      it('logs in with the right password only, storing the session id hashed', async () => {
        await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'carol', role: 'auditor', personId: null, password: PASSWORD });
        await expectCode(kg.accounts.login('carol', `${PASSWORD}!`), 'login-failed');
        await expectCode(kg.accounts.login('nobody', PASSWORD), 'login-failed');
        const session = await kg.accounts.login('carol', PASSWORD);
        const { principal, csrfToken } = await kg.accounts.authenticateSession(session.sessionId);
        expect(principal).to.include({ username: 'carol', role: 'auditor', via: 'session' });
        expect(csrfToken).to.equal(session.csrfToken);
        const stored = await storedAccountText(kg);
        expect(stored).to.include(sha256Hex(session.sessionId));
        expect(stored.some((s) => s.includes(session.sessionId) || s.includes(PASSWORD))).to.equal(false);
      });

      it('refuses a token-only account at login', async () => {
        await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'bob', role: 'pma_member', personId: 'p-bob' });
        await expectCode(kg.accounts.login('bob', PASSWORD), 'login-failed');
      });

      it('ends a session after 8 hours idle and 12 hours in all', async () => {
        await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'carol', role: 'auditor', personId: null, password: PASSWORD });
        const idle = await kg.accounts.login('carol', PASSWORD);
        clock.advance(SESSION_IDLE_MS + 1000);
        await expectCode(kg.accounts.authenticateSession(idle.sessionId), 'unauthenticated', /expired/);

        const busy = await kg.accounts.login('carol', PASSWORD);
        for (let t = 0; t + 2 * 60 * 60 * 1000 < SESSION_ABSOLUTE_MS; t += 2 * 60 * 60 * 1000) {
          clock.advance(2 * 60 * 60 * 1000);
          await kg.accounts.authenticateSession(busy.sessionId);
        }
        clock.advance(2 * 60 * 60 * 1000);
        await expectCode(kg.accounts.authenticateSession(busy.sessionId), 'unauthenticated', /expired/);
      });

      it('ends sessions on logout and when the password is set', async () => {
        const carol = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'carol', role: 'auditor', personId: null, password: PASSWORD });
        const a = await kg.accounts.login('carol', PASSWORD);
        await kg.accounts.logout(a.sessionId);
        await expectCode(kg.accounts.authenticateSession(a.sessionId), 'unauthenticated', /unknown/);
        const b = await kg.accounts.login('carol', PASSWORD);
        await kg.accounts.setPassword(ADMIN_ACTOR, carol.id, 'a new password of length');
        await expectCode(kg.accounts.authenticateSession(b.sessionId), 'unauthenticated', /unknown/);
        await expectCode(kg.accounts.login('carol', PASSWORD), 'login-failed');
        await kg.accounts.login('carol', 'a new password of length');
      });
    });

    describe('API tokens', () => {
      it('returns the secret once, stores only its SHA-256, and authenticates with it', async () => {
        const bob = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'bob', role: 'pma_member', personId: 'p-bob' });
        const { token, secret } = await kg.accounts.createToken(ADMIN_ACTOR, bob.id, 'laptop');
        expect(secret).to.match(/^kgt_[A-Za-z0-9_-]{43}$/);
        const stored = await storedAccountText(kg);
        expect(stored).to.include(sha256Hex(secret));
        expect(stored.some((s) => s.includes(secret.slice(4)))).to.equal(false);
        expect(JSON.stringify(await kg.accounts.list())).to.not.include(secret.slice(4));
        expect(await kg.accounts.authenticateToken(secret)).to.deep.equal({ accountId: bob.id, username: 'bob', role: 'pma_member', personId: 'p-bob', via: 'token' });
        const [listed] = (await kg.accounts.list())[0]!.tokens;
        expect(listed).to.include({ id: token.id, name: 'laptop', lastUsedAt: clock().toISOString(), revokedAt: null });
      });

      it('refuses revoked, unknown and malformed tokens', async () => {
        const bob = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'bob', role: 'pma_member', personId: 'p-bob' });
        const { token, secret } = await kg.accounts.createToken(ADMIN_ACTOR, bob.id, 'laptop');
        await kg.accounts.revokeToken(ADMIN_ACTOR, bob.id, token.id);
        await expectCode(kg.accounts.authenticateToken(secret), 'unauthenticated', /revoked/);
        await expectCode(kg.accounts.revokeToken(ADMIN_ACTOR, bob.id, token.id), 'token-not-found');
        await expectCode(kg.accounts.authenticateToken(`kgt_${'A'.repeat(43)}`), 'unauthenticated', /unknown/);
        await expectCode(kg.accounts.authenticateToken('kgt_short'), 'unauthenticated', /malformed/);
      });
    });

    describe('disable', () => {
      it('stops every credential of the account at once', async () => {
        await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'root', role: 'admin', personId: null });
        const dcc = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'dan', role: 'dcc', personId: 'p-dan', password: PASSWORD });
        const { secret } = await kg.accounts.createToken(ADMIN_ACTOR, dcc.id, 'ci');
        const fingerprint = 'ab'.repeat(32);
        await kg.accounts.addClientCertificate(ADMIN_ACTOR, dcc.id, fingerprint);
        const session = await kg.accounts.login('dan', PASSWORD);
        expect(await kg.accounts.authenticateClientCertificate(fingerprint)).to.include({ accountId: dcc.id, via: 'client-certificate' });

        expect((await kg.accounts.disable(ADMIN_ACTOR, dcc.id)).disabledAt).to.equal(clock().toISOString());
        await expectCode(kg.accounts.authenticateToken(secret), 'unauthenticated', /disabled/);
        await expectCode(kg.accounts.authenticateSession(session.sessionId), 'unauthenticated');
        await expectCode(kg.accounts.authenticateClientCertificate(fingerprint), 'unauthenticated', /disabled/);
        await expectCode(kg.accounts.login('dan', PASSWORD), 'login-failed');
        await expectCode(kg.accounts.createToken(ADMIN_ACTOR, dcc.id, 'again'), 'account-disabled');
        await expectCode(kg.accounts.disable(ADMIN_ACTOR, dcc.id), 'account-disabled');
      });

      it('refuses to disable the last active admin', async () => {
        const root = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'root', role: 'admin', personId: null });
        await expectCode(kg.accounts.disable(ADMIN_ACTOR, root.id), 'account-invalid', /last active admin/);
        await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'root2', role: 'admin', personId: null });
        await kg.accounts.disable(ADMIN_ACTOR, root.id);
      });
    });

    describe('client certificates', () => {
      it('maps a fingerprint to one account; an unmapped one is no credential', async () => {
        const ssc = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'sam', role: 'ssc', personId: 'p-sam' });
        const other = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'sue', role: 'ssc', personId: 'p-sue' });
        const fingerprint = 'cd'.repeat(32);
        await kg.accounts.addClientCertificate(ADMIN_ACTOR, ssc.id, fingerprint);
        await expectCode(kg.accounts.addClientCertificate(ADMIN_ACTOR, other.id, fingerprint), 'fingerprint-taken');
        await expectCode(kg.accounts.addClientCertificate(ADMIN_ACTOR, other.id, 'CD'.repeat(32)), 'account-invalid', /lower-case hex/);
        expect(await kg.accounts.authenticateClientCertificate(fingerprint)).to.deep.equal({ accountId: ssc.id, username: 'sam', role: 'ssc', personId: 'p-sam', via: 'client-certificate' });
        expect(await kg.accounts.authenticateClientCertificate('ef'.repeat(32))).to.equal(null);
      });
    });

    describe('the audit log', () => {
      it('records every account change, in order, and no secret in any entry', async () => {
        const before = (await logEntries(kg)).length;
        const bob = await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'bob', role: 'pma_member', personId: 'p-bob', password: PASSWORD });
        await kg.accounts.createAccount(ADMIN_ACTOR, { username: 'root', role: 'admin', personId: null });
        await kg.accounts.setPassword(ADMIN_ACTOR, bob.id, 'another long password');
        const { token, secret } = await kg.accounts.createToken(ADMIN_ACTOR, bob.id, 'laptop');
        await kg.accounts.revokeToken(ADMIN_ACTOR, bob.id, token.id);
        await kg.accounts.addClientCertificate(ADMIN_ACTOR, bob.id, '01'.repeat(32));
        const session = await kg.accounts.login('bob', 'another long password');
        await kg.accounts.disable(ADMIN_ACTOR, bob.id);
        await expectCode(kg.accounts.createAccount(ADMIN_ACTOR, { username: 'bob', role: 'ssc', personId: 'p-x' }), 'username-taken');

        const entries = (await logEntries(kg)).slice(before);
        expect(entries.filter((e) => e.subject.id === bob.id).map((e) => e.action)).to.deep.equal([
          'account.created',
          'account.password_set',
          'account.token_created',
          'account.token_revoked',
          'account.client_certificate_added',
          'account.disabled',
        ]);
        expect(entries).to.have.length(7);
        expect(entries[0]).to.deep.include({ actor: ADMIN_ACTOR, subject: { type: 'account', id: bob.id }, data: { username: 'bob', role: 'pma_member', personId: 'p-bob', hasPassword: true } });
        expect(entries[3]!.data).to.deep.equal({ tokenId: token.id, name: 'laptop' });

        const secrets = [PASSWORD, 'another long password', secret, secret.slice(4), sha256Hex(secret), session.sessionId, sha256Hex(session.sessionId), session.csrfToken];
        const hashes = (await kg.db.knex('accounts').select('password_hash')).map((r: { password_hash: string | null }) => r.password_hash).filter((h): h is string => h !== null);
        const leaves = entries.flatMap(stringLeaves);
        for (const s of [...secrets, ...hashes]) expect(leaves.filter((l) => l.includes(s)), s).to.deep.equal([]);
        expect(leaves.some((l) => /scrypt\$/.test(l))).to.equal(false);
      });
    });
  });
});
