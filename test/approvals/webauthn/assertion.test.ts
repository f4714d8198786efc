import { expect } from 'chai';
import { relyingPartyOf, relyingPartyOfAssertion, statementChallenge, verifyWebAuthnAssertion } from '../../../approvals/webauthn/assertion.ts';
import type { WebAuthnAssertion } from '../../../approvals/webauthn/assertion.ts';
import type { WebAuthnErrorCode } from '../../../approvals/webauthn/errors.ts';
import { isWebAuthnError } from '../../../approvals/webauthn/errors.ts';
import { TEST_RP, softCredential } from '../../helpers/soft-authenticator.ts';

const STATEMENT = '{"action":"vote.cast","choice":"approve","requestId":"r-1","subject":"transfer"}';

function refusal(run: () => unknown): WebAuthnErrorCode {
  try {
    run();
  } catch (err) {
    if (isWebAuthnError(err)) return err.code;
    throw err;
  }
  throw new Error('the assertion was accepted');
}

/** The same bytes with one bit flipped at byte `at`. */
function flip(b64u: string, at: number): string {
  const bytes = Buffer.from(b64u, 'base64url');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

describe('verifyWebAuthnAssertion', () => {
  const alice = softCredential('es256');

  for (const type of ['es256', 'ed25519', 'rs256'] as const) {
    it(`accepts a good ${type} assertion over the statement`, () => {
      const c = softCredential(type);
      const verified = verifyWebAuthnAssertion(STATEMENT, c.assert(STATEMENT), c.credential, TEST_RP);
      expect(verified).to.deep.equal({ credentialId: c.credential.credentialId, userVerified: true, signCount: 1 });
    });
  }

  it('uses base64url(SHA-256(statement bytes)) as the challenge', () => {
    expect(statementChallenge('abc')).to.equal('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('takes the origin and the RP ID from the public URL', () => {
    expect(relyingPartyOf('http://localhost:8080')).to.deep.equal({ origin: 'http://localhost:8080', rpId: 'localhost' });
    expect(relyingPartyOf('https://keygate.example.org/')).to.deep.equal({ origin: 'https://keygate.example.org', rpId: 'keygate.example.org' });
  });

  context('when the assertion signs another statement (wrong challenge)', () => {
    it('refuses it as a challenge mismatch', () => {
      const other = alice.assert(STATEMENT.replace('approve', 'reject'));
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, other, alice.credential, TEST_RP))).to.equal('webauthn-challenge-mismatch');
      const random = alice.assert(STATEMENT, { challenge: 'AAAA' });
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, random, alice.credential, TEST_RP))).to.equal('webauthn-challenge-mismatch');
    });
  });

  context('when the assertion was made on another origin', () => {
    it('refuses it as an origin mismatch', () => {
      const phished = alice.assert(STATEMENT, { origin: 'https://keygate.evil.example' });
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, phished, alice.credential, TEST_RP))).to.equal('webauthn-origin-mismatch');
    });
  });

  context('when authenticatorData names another relying party', () => {
    it('refuses it as an RP ID mismatch', () => {
      const other = alice.assert(STATEMENT, { rpId: 'evil.example' });
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, other, alice.credential, TEST_RP))).to.equal('webauthn-rp-id-mismatch');
    });
  });

  context('when clientDataJSON is of another type', () => {
    it('refuses a registration (webauthn.create) client data', () => {
      const created = alice.assert(STATEMENT, { type: 'webauthn.create' });
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, created, alice.credential, TEST_RP))).to.equal('webauthn-type-mismatch');
    });
  });

  context('when the user was not present', () => {
    it('refuses it', () => {
      const silent = alice.assert(STATEMENT, { flags: 0x00 });
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, silent, alice.credential, TEST_RP))).to.equal('webauthn-user-not-present');
    });
  });

  context('when authenticatorData was tampered with after signing', () => {
    it('refuses the signature (a flipped counter bit)', () => {
      const good = alice.assert(STATEMENT);
      const tampered: WebAuthnAssertion = { ...good, authenticatorData: flip(good.authenticatorData, 36) };
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, tampered, alice.credential, TEST_RP))).to.equal('webauthn-signature-invalid');
    });
    it('refuses a UV flag set after signing', () => {
      const good = alice.assert(STATEMENT, { flags: 0x01 });
      const bytes = Buffer.from(good.authenticatorData, 'base64url');
      bytes[32] = 0x05;
      const tampered: WebAuthnAssertion = { ...good, authenticatorData: bytes.toString('base64url') };
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, tampered, alice.credential, TEST_RP))).to.equal('webauthn-signature-invalid');
    });
    it('refuses truncated authenticatorData as malformed', () => {
      const good = alice.assert(STATEMENT);
      const short = Buffer.from(good.authenticatorData, 'base64url').subarray(0, 36).toString('base64url');
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, { ...good, authenticatorData: short }, alice.credential, TEST_RP))).to.equal('webauthn-malformed');
    });
  });

  context('when the signature was made by another credential', () => {
    it('refuses an assertion naming the other credential', () => {
      const bob = softCredential('es256');
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, bob.assert(STATEMENT), alice.credential, TEST_RP))).to.equal('webauthn-credential-mismatch');
    });
    it("refuses another key's signature presented under this credential's id", () => {
      const bob = softCredential('es256');
      const forged: WebAuthnAssertion = { ...bob.assert(STATEMENT), credentialId: alice.credential.credentialId };
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, forged, alice.credential, TEST_RP))).to.equal('webauthn-signature-invalid');
    });
  });

  context('when a field is not what it claims to be', () => {
    it('refuses a non-base64url signature, garbage client data and a garbage COSE key', () => {
      const good = alice.assert(STATEMENT);
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, { ...good, signature: 'not base64!' }, alice.credential, TEST_RP))).to.equal('webauthn-malformed');
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, { ...good, clientDataJSON: Buffer.from('{').toString('base64url') }, alice.credential, TEST_RP))).to.equal('webauthn-malformed');
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, good, { ...alice.credential, publicKey: 'AAAA' }, TEST_RP))).to.be.oneOf(['webauthn-malformed', 'webauthn-key-unsupported']);
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, { ...good, signature: 'AAAA' }, alice.credential, TEST_RP))).to.equal('webauthn-signature-invalid');
    });
  });

  context('when the verifier does not know the public URL (replay)', () => {
    it("takes the relying party from the assertion's origin, and the RP ID check still binds it", () => {
      const good = alice.assert(STATEMENT);
      expect(relyingPartyOfAssertion(good)).to.deep.equal(TEST_RP);
      expect(verifyWebAuthnAssertion(STATEMENT, good, alice.credential, relyingPartyOfAssertion(good)).credentialId).to.equal(alice.credential.credentialId);
      const elsewhere = alice.assert(STATEMENT, { origin: 'https://keygate.example.org' });
      expect(refusal(() => verifyWebAuthnAssertion(STATEMENT, elsewhere, alice.credential, relyingPartyOfAssertion(elsewhere)))).to.equal('webauthn-rp-id-mismatch');
    });
    it('refuses an origin that is not secure or names an IP address', () => {
      for (const origin of ['http://keygate.example.org', 'http://127.0.0.1:8080', 'https://[::1]', 'null', 'https://x.example/path']) {
        expect(refusal(() => relyingPartyOfAssertion(alice.assert(STATEMENT, { origin }))), origin).to.equal('webauthn-origin-mismatch');
      }
    });
  });
});
