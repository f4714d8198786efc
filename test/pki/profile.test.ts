import { expect } from 'chai';
import { DEFAULT_PKI_POLICY, REMOTE_PARTY_ROLES, inspectCertificate, parseCertificate, checkProfile } from '../../pki/index.ts';
import type { CertificateRecord, InspectOptions } from '../../pki/index.ts';
import { brokenVariants } from './fixtures-broken.ts';
import { AT, deviceCert, orgCert, testPki } from './fixtures.ts';

function defaults(): InspectOptions {
  const { root, oca, dca } = testPki();
  return { at: AT, anchors: [root.der], intermediates: [oca.der, dca.der] };
}

async function inspect(der: Uint8Array, options: Partial<InspectOptions> = {}): Promise<CertificateRecord> {
  return inspectCertificate(der, { ...defaults(), ...options });
}

const ORGANISATION_ROLES = Object.entries(REMOTE_PARTY_ROLES).filter(([name]) => name !== 'root' && name !== 'issuingAuthority');

describe('SMKI certificate profile', () => {
  context('when the certificate is a conforming Organisation Certificate', () => {
    for (const [name, code] of ORGANISATION_ROLES) {
      for (const usage of ['ds', 'ka'] as const) {
        it(`accepts role ${name} (${usage.toUpperCase()}) with no findings and reads its role and EUI`, async () => {
          const r = await inspect(orgCert(code, { usage }));
          expect(r.findings).to.deep.equal([]);
          expect(r).to.include({ kind: 'organisation', role: code, roleName: name, valid: true });
          expect(r.eui).to.equal(`90B3D51F3000${code.toString(16).toUpperCase().padStart(2, '0')}01`);
          expect(r.keyUsage).to.deep.equal([usage === 'ds' ? 'digitalSignature' : 'keyAgreement']);
          expect(r.chain.verified).to.equal(true);
          expect(r.chain.path).to.have.length(3);
        });
      }
    }
  });

  context('when the certificate is a conforming Device Certificate', () => {
    for (const usage of ['ds', 'ka'] as const) {
      it(`accepts a ${usage.toUpperCase()} device certificate and reads the EUI from the SAN`, async () => {
        const r = await inspect(deviceCert('00DB123456789060', usage));
        expect(r.findings).to.deep.equal([]);
        expect(r).to.include({ kind: 'device', role: null, eui: '00DB123456789060', subject: '', valid: true, transferable: false });
        expect(r.validity.notAfter).to.equal('9999-12-31T23:59:59.000Z');
      });
    }
  });

  context('when the certificate is one of the SMKI CA certificates', () => {
    it('classifies root, Organisation CA and Device CA and finds nothing wrong', async () => {
      const { root, oca, dca } = testPki();
      const kinds = await Promise.all([root, oca, dca].map(async (c) => {
        const r = await inspect(c.der);
        expect(r.findings, r.subject).to.deep.equal([]);
        return r.kind;
      }));
      expect(kinds).to.deep.equal(['root-ca', 'organisation-ca', 'device-ca']);
    });
  });

  context('when one thing is wrong with the certificate', () => {
    for (const v of brokenVariants()) {
      it(`reports ${v.code} for: ${v.name}`, async () => {
        const options: Partial<InspectOptions> = {};
        if (v.anchors !== undefined) Object.assign(options, { anchors: v.anchors });
        if (v.intermediates !== undefined) Object.assign(options, { intermediates: v.intermediates });
        const r = await inspect(v.der, options);
        expect(r.findings.map((f) => f.code)).to.include(v.code);
        expect(r.valid).to.equal(false);
        const f = r.findings.find((x) => x.code === v.code)!;
        expect(f.severity).to.equal('error');
        expect(f.message).to.be.a('string').and.not.equal('');
      });
    }
  });

  context('when a warning-only deviation is present', () => {
    it('reports role-reserved-for-ca as a warning and keeps the certificate valid', async () => {
      const r = await inspect(orgCert(7, { keyLabel: 'org-7-as-leaf' }));
      expect(r.findings.map((f) => [f.code, f.severity])).to.deep.equal([['role-reserved-for-ca', 'warning']]);
      expect(r.valid).to.equal(true);
    });
  });

  context('when validity bounds are reached exactly', () => {
    const der = orgCert(5);
    const cert = parseCertificate(der);
    for (const [label, at] of [['notBefore', cert.notBefore], ['notAfter', cert.notAfter], ['notAfter + 999 ms', new Date(cert.notAfter.getTime() + 999)]] as const) {
      it(`treats ${label} as within the validity period (inclusive bounds)`, () => {
        const codes = checkProfile(cert, { at, policy: DEFAULT_PKI_POLICY }).findings.map((f) => f.code);
        expect(codes).to.not.include('expired').and.not.include('not-yet-valid');
      });
    }
    it('reports expired one second after notAfter', () => {
      const codes = checkProfile(cert, { at: new Date(cert.notAfter.getTime() + 1000), policy: DEFAULT_PKI_POLICY }).findings.map((f) => f.code);
      expect(codes).to.include('expired');
    });
  });

  context('when the environment allows a different policy OID', () => {
    it('reports policy-not-allowed under the default policy and accepts it when configured', async () => {
      const policy = { ...DEFAULT_PKI_POLICY, allowedPolicyOids: ['1.2.3.4.5'] };
      const onlyOther = await inspect(orgCert(5), { policy });
      expect(onlyOther.findings.map((f) => f.code)).to.deep.equal(['policy-not-allowed']);
    });
  });
});
