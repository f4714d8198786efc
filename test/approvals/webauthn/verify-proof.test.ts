// The signing core's WebAuthn extension point: verifyProof with a credential of kind 'webauthn',
// on the server (its relying party given) and in replay (the relying party the assertion names).
import { expect } from 'chai';
import { isApprovalError, verifyProof } from '../../../approvals/index.ts';
import { credentialIdSchema } from '../../../approvals/signing/credential.ts';
import type { WebAuthnCredential } from '../../../approvals/signing/credential.ts';

import { TEST_RP, softCredential } from '../../helpers/soft-authenticator.ts';

const STATEMENT = '{"action":"request.vote_cast","choice":"approve"}';

function refusal(run: () => void): string {
  try {
    run();
  } catch (err) {
    if (isApprovalError(err)) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('accepted');
}

describe('verifyProof with a WebAuthn credential', () => {
  const soft = softCredential('es256');
  const key: WebAuthnCredential = { kind: 'webauthn', credentialId: credentialIdSchema.parse(soft.credential.credentialId), publicKey: soft.credential.publicKey, aaguid: '00000000-0000-0000-0000-000000000000' };
  const proofOf = (statement: string, overrides = {}) => ({ ...soft.assert(statement, overrides), credentialId: key.credentialId, statement });

  it("accepts the credential's assertion on the server's relying party and in replay", () => {
    expect(() => verifyProof(key, proofOf(STATEMENT), { origin: 'log.example', relyingParty: TEST_RP })).to.not.throw();
    expect(() => verifyProof(key, proofOf(STATEMENT), { origin: 'log.example' })).to.not.throw();
  });

  it('refuses, as signature-invalid with the reason, an assertion over another statement or from another origin', () => {
    const other = { ...proofOf(STATEMENT.replace('approve', 'reject')), statement: STATEMENT };
    expect(refusal(() => verifyProof(key, other, { origin: 'log.example', relyingParty: TEST_RP }))).to.match(/^signature-invalid: .*webauthn-challenge-mismatch/);
    const phished = proofOf(STATEMENT, { origin: 'https://keygate.evil.example' });
    expect(refusal(() => verifyProof(key, phished, { origin: 'log.example', relyingParty: TEST_RP }))).to.match(/^signature-invalid: .*webauthn-origin-mismatch/);
    expect(refusal(() => verifyProof(key, phished, { origin: 'log.example' }))).to.match(/^signature-invalid: .*webauthn-rp-id-mismatch/);
  });
});
