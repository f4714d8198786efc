import { expect } from 'chai';
import { OIDS, createVerificationCache, inspectCertificate, parseCertificate, validateChain } from '../../pki/index.ts';
import type { SignatureCheck, VerificationCache } from '../../pki/index.ts';
import { ext, toPem } from './cert-builder.ts';
import { AT, CN, OU, makeCa, orgCert, testPki, withExtension } from './fixtures.ts';

const codes = (fs: readonly { code: string }[]): string[] => fs.map((f) => f.code);

describe('validateChain', () => {
  context('when the Organisation CA itself is the trust anchor', () => {
    it('verifies a two-certificate path', () => {
      const { oca } = testPki();
      const r = validateChain(parseCertificate(orgCert(6)), { at: AT, anchors: [parseCertificate(oca.der)], intermediates: [] });
      expect(r.findings).to.deep.equal([]);
      expect(r.verified).to.equal(true);
      expect(r.path.map((c) => c.subject.text)).to.deep.equal(['OU=06, x500UniqueIdentifier=#03090090b3d51f30000601', 'OU=07, CN=OCA-TEST']);
    });
  });

  context('when the certificate is itself a trust anchor', () => {
    it('verifies the one-certificate path', () => {
      const root = parseCertificate(testPki().root.der);
      const r = validateChain(root, { at: AT, anchors: [root], intermediates: [] });
      expect(r.verified).to.equal(true);
      expect(r.path).to.have.length(1);
    });
  });

  context('when the intermediates come from further PEM blocks of the input', () => {
    it('uses them to build the path but does not trust them', async () => {
      const { root, oca } = testPki();
      const bundle = toPem(orgCert(4)) + oca.pem;
      const anchored = await inspectCertificate(bundle, { at: AT, anchors: [root.der] });
      expect(anchored.chain.verified).to.equal(true);
      expect(anchored.subject).to.match(/^OU=04/);
      const unanchored = await inspectCertificate(bundle, { at: AT, anchors: [] });
      expect(codes(unanchored.findings)).to.deep.equal(['chain-no-anchor']);
    });
  });

  context('when two candidate issuers share a name', () => {
    it('tries both and verifies with the one whose key signed the certificate', () => {
      const { root, oca } = testPki();
      // Same name and same key identifier, another key: only the signature tells them apart.
      const impostor = makeCa('impostor-oca', [[OU, '07'], [CN, 'OCA-TEST']], root, {
        pathLength: 0, edit: (s) => withExtension(s, OIDS.OID_SUBJECT_KEY_IDENTIFIER, ext.ski(oca.ski)),
      });
      const r = validateChain(parseCertificate(orgCert(5)), {
        at: AT, anchors: [parseCertificate(root.der)], intermediates: [parseCertificate(impostor.der), parseCertificate(oca.der)],
      });
      expect(r.verified).to.equal(true);
      expect(r.path[1]!.fingerprint).to.equal(parseCertificate(oca.der).fingerprint);
    });
  });

  context('when CA certificates certify each other in a loop', () => {
    it('stops and reports that no anchor was reached', () => {
      const a = makeCa('loop-a', [[OU, '07'], [CN, 'LOOP-A']], makeCa('loop-b0', [[OU, '07'], [CN, 'LOOP-B']], null));
      const b = makeCa('loop-b', [[OU, '07'], [CN, 'LOOP-B']], a);
      const other = parseCertificate(testPki().root.der);
      const r = validateChain(parseCertificate(a.der), { at: AT, anchors: [other], intermediates: [parseCertificate(b.der), parseCertificate(a.der)] });
      expect(r.verified).to.equal(false);
      expect(codes(r.findings)).to.deep.equal(['chain-issuer-not-found']);
    });
  });

  context('when the trust anchor has expired at the time given', () => {
    it('reports chain-link-expired for the anchor', () => {
      const { root, oca } = testPki();
      const late = new Date('2061-01-01T00:00:00Z');
      const r = validateChain(parseCertificate(oca.der), { at: late, anchors: [parseCertificate(root.der)], intermediates: [] });
      expect(codes(r.findings)).to.deep.equal(['chain-link-expired']);
    });
  });

  context('when a verification cache is shared across calls', () => {
    it('caches CA-certificate results only and gives the same answers as without it', async () => {
      const { root, oca } = testPki();
      const inner = createVerificationCache(16);
      const stored: string[] = [];
      const cache: VerificationCache = {
        get: (k) => inner.get(k),
        set: (k: string, v: SignatureCheck) => {
          stored.push(k);
          inner.set(k, v);
        },
      };
      const anchors = [parseCertificate(root.der)];
      const intermediates = [parseCertificate(oca.der)];
      const leaves = [orgCert(1), orgCert(4), orgCert(5, {}, (s) => ({ ...s, tamperSignature: true }))];
      for (const der of leaves) {
        const withCache = await inspectCertificate(der, { at: AT, anchors, intermediates, cache });
        const without = await inspectCertificate(der, { at: AT, anchors, intermediates });
        expect(withCache).to.deep.equal(without);
      }
      const ocaPrint = parseCertificate(oca.der).fingerprint;
      const rootPrint = parseCertificate(root.der).fingerprint;
      expect(stored.map((k) => k.split(':')[0]).sort()).to.deep.equal([ocaPrint, rootPrint].sort());
    });
  });
});
