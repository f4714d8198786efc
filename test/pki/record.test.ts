import { expect } from 'chai';
import { inspectCertificate, parseCertificate } from '../../pki/index.ts';
import type { CertificateRecord } from '../../pki/index.ts';
import { buildCertificate, toPem } from './cert-builder.ts';
import { AT, orgCert, orgSpec, testPki } from './fixtures.ts';

const RECORD_KEYS = [
  'kind', 'role', 'roleName', 'eui', 'keyUsage', 'policies', 'serial', 'issuer', 'subject', 'validity',
  'ski', 'aki', 'fingerprint', 'spkiSha256', 'chain', 'valid', 'transferable', 'findings',
];

async function record(der: Uint8Array | string): Promise<CertificateRecord> {
  const { root, oca } = testPki();
  return inspectCertificate(der, { at: AT, anchors: [root.der], intermediates: [oca.der] });
}

describe('certificate metadata record', () => {
  context('when built for a valid Organisation Certificate', () => {
    it('has the documented keys in a stable order and survives a JSON round trip unchanged', async () => {
      const der = orgCert(5);
      const r = await record(der);
      expect(Object.keys(r)).to.deep.equal(RECORD_KEYS);
      expect(JSON.parse(JSON.stringify(r))).to.deep.equal(r);
      expect(JSON.stringify(await record(der))).to.equal(JSON.stringify(r));
    });

    it('carries the identifiers in their documented encodings', async () => {
      const der = orgCert(5);
      const r = await record(der);
      const { oca, root } = testPki();
      expect(r.eui).to.match(/^[0-9A-F]{16}$/);
      expect(r.serial).to.match(/^[0-9a-f]{32}$/);
      expect(r.ski).to.match(/^4[0-9a-f]{15}$/);
      expect(r.aki).to.equal(Buffer.from(oca.ski).toString('hex'));
      expect(r.fingerprint).to.equal(parseCertificate(der).fingerprint).and.match(/^[0-9a-f]{64}$/);
      expect(r.spkiSha256).to.match(/^[0-9a-f]{64}$/);
      expect(r.validity).to.deep.equal({ notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2035-01-01T00:00:00.000Z' });
      expect(r.chain).to.deep.equal({
        verified: true,
        path: [
          { subject: r.subject, fingerprint: r.fingerprint },
          { subject: 'OU=07, CN=OCA-TEST', fingerprint: parseCertificate(oca.der).fingerprint },
          { subject: 'OU=00, CN=ROOT-TEST', fingerprint: parseCertificate(root.der).fingerprint },
        ],
      });
      expect(r).to.include({ transferable: true, roleName: 'transitionalCoS', issuer: 'OU=07, CN=OCA-TEST' });
    });

    it('is the same record for the DER and the PEM of a certificate', async () => {
      const der = orgCert(4);
      expect(await record(toPem(der))).to.deep.equal(await record(der));
    });
  });

  context('when two certificates certify the same key', () => {
    it('gives them the same spkiSha256 and different fingerprints', async () => {
      const a = await record(orgCert(5));
      const b = await record(buildCertificate({ ...orgSpec(5), notAfter: new Date('2036-01-01T00:00:00Z') }));
      expect(a.spkiSha256).to.equal(b.spkiSha256);
      expect(a.fingerprint).to.not.equal(b.fingerprint);
    });
  });

  context('when the certificate is not eligible for transfer', () => {
    it('marks Supplier certificates not transferable, though valid', async () => {
      const r = await record(orgCert(2));
      expect(r).to.include({ valid: true, transferable: false, roleName: 'supplier' });
    });
  });
});
