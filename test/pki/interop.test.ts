// Interop: the public SMKI test certificates (DOMAIN.md, "Test vectors"; Smart DCC Ltd, GPL-3.0,
// SmartDCCInnovation/dccboxed-signing-tool, dccboxed-keystore, gbcs-parser), read in place from
// ../shared/vectors/smki-test-certs. Missing vectors fail the run in CI and skip it elsewhere.
import { generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { DEFAULT_PKI_POLICY, inspectCertificate, keyIdentifierMethod2, parseCertificates } from '../../pki/index.ts';
import type { CertificateRecord, KeyUsageName } from '../../pki/index.ts';
import { buildCertificate, ext } from './cert-builder.ts';
import { recoverP256Keys } from './p256-recover.ts';
import { CN, TEST_POLICY } from './fixtures.ts';
import { smkiVectorsOrSkip } from './vectors.ts';

interface Expected {
  readonly kind: CertificateRecord['kind'];
  readonly role: number | null;
  readonly eui: string | null;
  readonly usage: KeyUsageName;
}

const DS: KeyUsageName = 'digitalSignature';
const KA: KeyUsageName = 'keyAgreement';
const OCA_A = 'rtds-OCA-Z1-issued-by-ZA-a.pem';
const OCA_B = 'rtds-OCA-Z1-issued-by-ZA-b.pem';
const PRE_141 = 'dsp-xml-sign-90B3D51F30000002-ds-pre-1.4.1.pem';

/** What DOMAIN.md and the certificates' own contents say of each vector. */
const EXPECTED: Readonly<Record<string, Expected>> = {
  'Z1-accessControlBroker-ds.pem': { kind: 'organisation', role: 4, eui: '90B3D51F30000002', usage: DS },
  'Z1-networkOperator-ds.pem': { kind: 'organisation', role: 3, eui: '90B3D51F30020000', usage: DS },
  'Z1-recovery-ds.pem': { kind: 'organisation', role: 1, eui: '90B3D51F30000001', usage: DS },
  'Z1-supplier-ds.pem': { kind: 'organisation', role: 2, eui: '90B3D51F30010000', usage: DS },
  'Z1-transitionalCoS-ds.pem': { kind: 'organisation', role: 5, eui: '90B3D51F30000004', usage: DS },
  'Z1-wanProvider-ds.pem': { kind: 'organisation', role: 6, eui: '90B3D51F30000007', usage: DS },
  'Z1b-transitionalCoS-ds.pem': { kind: 'organisation', role: 5, eui: '90B3D51F30000004', usage: DS },
  'rtds-90b3d51f30010000-ka.pem': { kind: 'organisation', role: 2, eui: '90B3D51F30010000', usage: KA },
  'keystore-Z1-loadController-ds.pem': { kind: 'organisation', role: 8, eui: '90B3D51F30010008', usage: DS },
  'keystore-mdr-ds.pem': { kind: 'organisation', role: 127, eui: '90B3D51F30010009', usage: DS },
  'keystore-otherUser-ds.pem': { kind: 'organisation', role: 127, eui: '00DB123456780004', usage: DS },
  'xml-sign-90B3D51F30010000-ds.pem': { kind: 'organisation', role: 135, eui: '90B3D51F30010000', usage: DS },
  'dsp-xml-sign-90B3D51F30000002-ds.pem': { kind: 'organisation', role: 137, eui: '90B3D51F30000002', usage: DS },
  [PRE_141]: { kind: 'organisation', role: null, eui: '90B3D51F30000002', usage: DS },
  'rtds-00db123456789060-ds.pem': { kind: 'device', role: null, eui: '00DB123456789060', usage: DS },
  'rtds-00db123456789060-ka.pem': { kind: 'device', role: null, eui: '00DB123456789060', usage: KA },
  [OCA_A]: { kind: 'organisation-ca', role: 7, eui: null, usage: 'keyCertSign' },
  [OCA_B]: { kind: 'organisation-ca', role: 7, eui: null, usage: 'keyCertSign' },
};

/** Organisation Certificates that the Z1 Organisation CA really signed (checked with OpenSSL too). */
const SIGNED_BY_Z1 = [
  'Z1-accessControlBroker-ds.pem', 'Z1-networkOperator-ds.pem', 'Z1-recovery-ds.pem', 'Z1-supplier-ds.pem',
  'Z1-transitionalCoS-ds.pem', 'Z1-wanProvider-ds.pem', 'Z1b-transitionalCoS-ds.pem', 'rtds-90b3d51f30010000-ka.pem',
  'keystore-Z1-loadController-ds.pem',
];
const BEFORE_EXPIRY = new Date('2024-06-01T00:00:00Z');

const read = (dir: string, file: string): Buffer => readFileSync(path.join(dir, file));
const codes = (r: CertificateRecord): string[] => r.findings.map((f) => f.code);

describe('SMKI test vectors (interop)', function () {
  let dir: string | undefined;

  before(function () {
    dir = smkiVectorsOrSkip(this);
  });

  const inspect = (file: string, options: { at?: Date; anchors?: Uint8Array[]; intermediates?: Uint8Array[] } = {}): Promise<CertificateRecord> =>
    inspectCertificate(read(dir!, file), { at: options.at ?? BEFORE_EXPIRY, anchors: options.anchors ?? [read(dir!, OCA_A)], intermediates: options.intermediates ?? [] });

  context('when each vector is classified', () => {
    it('knows every file in the folder', () => {
      expect(readdirSync(dir!).sort()).to.deep.equal(Object.keys(EXPECTED).sort());
    });

    for (const [file, e] of Object.entries(EXPECTED)) {
      it(`reads ${file} as ${e.kind}, role ${e.role ?? '-'}, EUI ${e.eui ?? '-'}`, async () => {
        const r = await inspect(file);
        expect({ kind: r.kind, role: r.role, eui: r.eui }).to.deep.equal({ kind: e.kind, role: e.role, eui: e.eui });
        expect(r.keyUsage).to.include(e.usage);
      });
    }
  });

  context('when Z1 Organisation Certificates are validated against the Z1 Organisation CA', () => {
    for (const file of SIGNED_BY_Z1) {
      it(`verifies ${file} with no findings before it expires`, async () => {
        const r = await inspect(file);
        expect(r.findings).to.deep.equal([]);
        expect(r.chain.verified).to.equal(true);
      });
    }

    it('reports expired for the certificates that expired in late 2025', async () => {
      const at = new Date('2025-12-01T00:00:00Z');
      for (const file of SIGNED_BY_Z1.filter((f) => f.startsWith('Z1-'))) expect(codes(await inspect(file, { at })), file).to.deep.equal(['expired']);
      expect(codes(await inspect('Z1b-transitionalCoS-ds.pem', { at }))).to.deep.equal([]);
      expect(codes(await inspect('Z1b-transitionalCoS-ds.pem', { at: new Date('2026-01-10T00:00:00Z') }))).to.deep.equal(['expired']);
    });

    it('marks transitionalCoS transferable and Supplier and Network Operator keys not', async () => {
      expect((await inspect('Z1-transitionalCoS-ds.pem')).transferable).to.equal(true);
      expect((await inspect('Z1-supplier-ds.pem')).transferable).to.equal(false);
      expect((await inspect('Z1-networkOperator-ds.pem')).transferable).to.equal(false);
    });
  });

  context('when a vector is malformed or issued by another CA', () => {
    it('reports the decimal OU "137" as role-ou-malformed, with no role and not transferable', async () => {
      const r = await inspect(PRE_141);
      expect(codes(r)).to.include('role-ou-malformed');
      expect(r).to.include({ role: null, roleName: null, transferable: false, valid: false });
    });

    it('finds the xml-sign certificates, which name Z1 as issuer, not signed by Z1 and without an AKI', async () => {
      for (const file of ['xml-sign-90B3D51F30010000-ds.pem', 'dsp-xml-sign-90B3D51F30000002-ds.pem', PRE_141]) {
        expect(codes(await inspect(file)), file).to.include.members(['aki-missing', 'chain-signature-invalid']);
      }
    });

    it('finds no issuer for the keystore certificates of CAs "Z99" and "OB"', async () => {
      const mdr = await inspect('keystore-mdr-ds.pem');
      expect(codes(mdr)).to.deep.equal(['signature-algorithm-not-ecdsa-sha256', 'chain-issuer-not-found']); // NULL parameters, against RFC 5758
      const other = await inspect('keystore-otherUser-ds.pem', { at: new Date('2024-06-01T00:00:00Z') });
      expect(codes(other)).to.deep.equal(['extension-unexpected', 'chain-issuer-not-found']); // basicConstraints CA:FALSE
    });

    it('reads the device certificates, whose policy OID differs from the Organisation one', async () => {
      const r = await inspect('rtds-00db123456789060-ds.pem');
      expect(r.policies).to.deep.equal(['1.2.826.0.1.1800000.1.2.1.4']);
      expect(codes(r)).to.deep.equal(['policy-not-allowed', 'chain-issuer-not-found']);
      const policy = { ...DEFAULT_PKI_POLICY, allowedPolicyOids: [TEST_POLICY, '1.2.826.0.1.1800000.1.2.1.4'] };
      const allowed = await inspectCertificate(read(dir!, 'rtds-00db123456789060-ka.pem'), { at: BEFORE_EXPIRY, anchors: [], policy });
      expect(codes(allowed)).to.deep.equal(['chain-no-anchor']);
    });
  });

  context('when the "-b" Organisation CA, whose own signature has one byte changed, is in the path', () => {
    // ZA's certificate is not public. Recover ZA's key from OCA "-a"'s signature, keep the
    // candidate whose method-2 key identifier is the OCA's AKI, and make a stand-in anchor for it.
    // The stand-in's own signature is by a throwaway key and its issuer is not itself, so it is
    // trusted as given, as any trust anchor is (RFC 5280 6.1.1 (d)).
    const zaAnchor = (): Uint8Array => {
      const ocaA = parseCertificates(read(dir!, OCA_A))[0]!;
      const aki = ocaA.extensions.authorityKeyIdentifier!.value!.keyIdentifier!;
      const candidates = recoverP256Keys(ocaA.tbs, ocaA.signature).filter((spki) => {
        const point = spki.subarray(spki.length - 65);
        return Buffer.from(keyIdentifierMethod2(point)).equals(aki);
      });
      expect(candidates, 'exactly one recovered key has the AKI as its method-2 identifier').to.have.length(1);
      const throwaway = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      return buildCertificate({
        subject: ocaA.issuer.der, issuer: [[CN, 'interop stand-in signer, not ZA']], spki: candidates[0]!, signer: throwaway,
        notBefore: new Date('2015-01-01T00:00:00Z'), notAfter: new Date('2045-01-01T00:00:00Z'),
        extensions: [ext.keyUsage(['keyCertSign', 'cRLSign']), ext.basicConstraints(true), ext.policies([TEST_POLICY]), ext.ski(aki)],
      });
    };

    it('verifies a Z1 Organisation Certificate through "-a" and reports chain-signature-invalid through "-b"', async () => {
      const za = zaAnchor();
      const viaA = await inspect('Z1-recovery-ds.pem', { anchors: [za], intermediates: [read(dir!, OCA_A)] });
      expect(viaA.findings).to.deep.equal([]);
      expect(viaA.chain.path).to.have.length(3);
      const viaB = await inspect('Z1-recovery-ds.pem', { anchors: [za], intermediates: [read(dir!, OCA_B)] });
      expect(codes(viaB)).to.deep.equal(['chain-signature-invalid']);
      expect(viaB.findings[0]!.message).to.include('OU=07, CN=Z1');
    });

    it('shows the "-b" signature verifies under no key that "-a" verifies under', () => {
      const a = parseCertificates(read(dir!, OCA_A))[0]!;
      const b = parseCertificates(read(dir!, OCA_B))[0]!;
      expect(Buffer.from(a.tbs).equals(b.tbs)).to.equal(true);
      for (const spki of recoverP256Keys(a.tbs, a.signature)) {
        const key = { key: Buffer.from(spki), format: 'der' as const, type: 'spki' as const };
        expect(verifySignature('sha256', a.tbs, key, a.signature)).to.equal(true);
        expect(verifySignature('sha256', b.tbs, key, b.signature)).to.equal(false);
      }
    });

    it('still verifies Z1 certificates when "-b" itself is the trust anchor: an anchor is trusted as given', async () => {
      const r = await inspect('Z1-wanProvider-ds.pem', { anchors: [read(dir!, OCA_B)] });
      expect(r.chain.verified).to.equal(true);
    });
  });
});
