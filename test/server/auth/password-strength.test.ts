// Passwords are refused for being guessable, not only for being short, and the refusal says why.
import path from 'node:path';
import { expect } from 'chai';
import { AuthError } from '../../../server/auth/errors.ts';
import { checkPasswordStrength } from '../../../server/auth/password-strength.ts';
import { generatePassword } from '../../../server/auth/secrets.ts';
import { openKeygate } from '../../../server/compose.ts';
import { tempDir } from '../../helpers/databases.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';
import crypto from 'node:crypto';

async function refusalOf(work: Promise<unknown>): Promise<AuthError> {
  try {
    await work;
  } catch (err) {
    if (err instanceof AuthError) return err;
    throw err;
  }
  throw new Error('expected the password to be refused');
}

describe('checkPasswordStrength', function () {
  this.timeout(machineLimit(30_000));

  const weak: [string, RegExp][] = [
    ['            ', /Repeated characters/],
    ['aaaaaaaaaaaa', /Repeated characters/],
    ['password1234', /commonly used password/],
    ['qwertyuiop12', /commonly used password|keyboard/i],
    ['keygate12345', /personal or page related data/],
  ];
  for (const [password, why] of weak) {
    it(`refuses ${JSON.stringify(password)}, saying why`, async () => {
      const err = await refusalOf(checkPasswordStrength(password));
      expect(err.code).to.equal('account-invalid');
      expect(err.message).to.match(/^the password is too easy to guess \(about 10\^\d+ guesses\): /);
      expect(err.message).to.match(why);
    });
  }

  it('refuses a password built on the username it belongs to', async () => {
    await checkPasswordStrength('zorbulakvintrex7');
    expect((await refusalOf(checkPasswordStrength('zorbulakvintrex7', ['zorbulakvintrex']))).message).to.match(/personal or page related data/);
  });

  it('accepts passphrases of uncommon words and the passwords keygate generates', async () => {
    for (const p of ['correct horse battery staple', 'a new and longer passphrase', generatePassword(crypto.randomBytes)]) await checkPasswordStrength(p);
  });

  context('when an account is created or its password set', () => {
    it('refuses the weak password before anything is stored or logged', async () => {
      const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }));
      try {
        const before = (await kg.log.latestCheckpoint()).treeSize;
        const admin = { id: 'admin', role: 'admin' } as const;
        const err = await refusalOf(kg.accounts.createAccount(admin, { username: 'frank', role: 'auditor', personId: null, password: 'password1234' }));
        expect(err.message).to.match(/commonly used password/);
        const carol = await kg.accounts.createAccount(admin, { username: 'carol', role: 'auditor', personId: null, password: 'correct horse battery staple' });
        const afterCreate = (await kg.log.latestCheckpoint()).treeSize;
        expect(afterCreate).to.equal(before + 1);
        expect((await refusalOf(kg.accounts.setPassword(admin, carol.id, 'aaaaaaaaaaaa'))).code).to.equal('account-invalid');
        expect((await kg.log.latestCheckpoint()).treeSize).to.equal(afterCreate);
      } finally {
        await kg.close();
      }
    });
  });
});
