import { expect } from 'chai';
import { parseEntry } from '../../audit/entry.ts';
import { PkiError } from '../../pki/errors.ts';
import { decideAnchorAddition, decideAnchorRemoval, inspectTrustAnchor } from '../../pki/index.ts';
import { orgCert, testPki } from './fixtures.ts';

const AT = new Date('2026-11-28T12:00:00Z');
const admin = { id: 'admin-1', role: 'admin' };

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    expect(err).to.be.instanceOf(PkiError);
    return (err as PkiError).code;
  }
  return 'accepted';
}

describe('trust-anchor rules', () => {
  describe('inspectTrustAnchor', () => {
    it('takes an SMKI CA certificate, judged with itself as the anchor, and keeps its DER', () => {
      const candidate = inspectTrustAnchor(testPki().root.pem, { at: AT });
      expect(candidate.record.kind).to.equal('root-ca');
      expect(Buffer.from(candidate.der).equals(Buffer.from(testPki().root.der))).to.equal(true);
    });

    it('refuses a certificate that is not a CA with anchor-not-ca', () => {
      expect(codeOf(() => inspectTrustAnchor(orgCert(5), { at: AT }))).to.equal('anchor-not-ca');
    });

    it('refuses a CA certificate outside its validity with anchor-invalid', () => {
      expect(codeOf(() => inspectTrustAnchor(testPki().root.der, { at: new Date('1990-01-01T00:00:00Z') }))).to.equal('anchor-invalid');
    });
  });

  describe('decideAnchorAddition', () => {
    const candidate = inspectTrustAnchor(testPki().oca.der, { at: AT });

    it('refuses an anchor that is active with anchor-exists', () => {
      expect(codeOf(() => decideAnchorAddition(candidate, 'active', admin, AT))).to.equal('anchor-exists');
    });

    it('returns the encoded trust-anchor.added entry for a new or removed anchor', () => {
      for (const standing of [null, 'removed'] as const) {
        const entry = decideAnchorAddition(candidate, standing, admin, AT);
        expect(parseEntry(entry.bytes)).to.deep.include({ time: AT.toISOString(), actor: admin, action: 'trust-anchor.added', subject: { type: 'trust-anchor', id: candidate.record.fingerprint } });
        expect((parseEntry(entry.bytes).data as { certificateDer: unknown }).certificateDer).to.deep.equal([Buffer.from(testPki().oca.der).toString('base64')]);
      }
    });
  });

  describe('decideAnchorRemoval', () => {
    it('removes only an active anchor, recording the reason and its certificate', () => {
      const { der, fingerprint } = { der: testPki().oca.der, fingerprint: inspectTrustAnchor(testPki().oca.der, { at: AT }).record.fingerprint };
      expect(codeOf(() => decideAnchorRemoval(fingerprint, { standing: null, der: null }, admin, 'gone', AT))).to.equal('anchor-not-found');
      expect(codeOf(() => decideAnchorRemoval(fingerprint, { standing: 'removed', der }, admin, 'gone', AT))).to.equal('anchor-not-found');
      const data = parseEntry(decideAnchorRemoval(fingerprint, { standing: 'active', der }, admin, 'rotated', AT).bytes).data;
      expect(data).to.deep.equal({ certificateDer: [Buffer.from(der).toString('base64')], reason: 'rotated' });
    });
  });
});
