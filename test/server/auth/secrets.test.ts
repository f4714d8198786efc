import crypto from 'node:crypto';
import { expect } from 'chai';
import { csrfTokenOf, generateSessionId, generateToken, hashPassword, isTokenSyntax, SCRYPT_PARAMS, sha256Hex, passwordMatches } from '../../../server/auth/secrets.ts';

describe('auth secrets', () => {
  describe('password hashing', () => {
    it('verifies the password it hashed, with the stated scrypt parameters and a fresh salt', async () => {
      const stored = await hashPassword('correct horse battery staple', crypto.randomBytes);
      const again = await hashPassword('correct horse battery staple', crypto.randomBytes);
      expect(stored).to.match(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$${SCRYPT_PARAMS.r}\\$${SCRYPT_PARAMS.p}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$`));
      expect(stored).to.not.equal(again);
      expect(stored).to.not.include('correct horse');
      expect(await passwordMatches('correct horse battery staple', stored)).to.equal(true);
    });

    it('refuses a wrong password', async () => {
      const stored = await hashPassword('correct horse battery staple', crypto.randomBytes);
      expect(await passwordMatches('correct horse battery stapler', stored)).to.equal(false);
      expect(await passwordMatches('', stored)).to.equal(false);
    });

    context('when the stored hash is damaged', () => {
      it('throws rather than answering false (fails closed)', async () => {
        const stored = await hashPassword('correct horse battery staple', crypto.randomBytes);
        for (const bad of [stored.replace('scrypt', 'bcrypt'), stored.replace(`$${SCRYPT_PARAMS.N}$`, '$1048577$'), stored.split('$').slice(0, 5).join('$')]) {
          let error: unknown;
          await passwordMatches('correct horse battery staple', bad).catch((e: unknown) => (error = e));
          expect((error as Error).message).to.equal('stored password hash is malformed');
        }
      });
    });
  });

  describe('tokens and sessions', () => {
    it('makes kgt_ tokens of 32 random bytes and recognises only that syntax', () => {
      const token = generateToken(crypto.randomBytes);
      expect(token).to.match(/^kgt_[A-Za-z0-9_-]{43}$/);
      expect(isTokenSyntax(token)).to.equal(true);
      expect(isTokenSyntax(`${token}x`)).to.equal(false);
      expect(isTokenSyntax(token.replace('kgt_', 'kgx_'))).to.equal(false);
    });

    it('derives the CSRF token from the session id, distinct from its stored hash', () => {
      const id = generateSessionId(crypto.randomBytes);
      expect(csrfTokenOf(id)).to.equal(csrfTokenOf(id));
      expect(csrfTokenOf(id)).to.not.equal(csrfTokenOf(generateSessionId(crypto.randomBytes)));
      expect(Buffer.from(csrfTokenOf(id), 'base64url').toString('hex')).to.not.equal(sha256Hex(id));
    });
  });
});
