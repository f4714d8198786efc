import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { decodeOid, readElement, readWhole } from '../../pki/der.ts';
import { MAX_CERTIFICATE_INPUT_BYTES, PkiError, parseCertificate, parseCertificates } from '../../pki/index.ts';
import type { PkiErrorCode } from '../../pki/index.ts';
import { decodeName, namesMatch } from '../../pki/name.ts';
import { encodeName, toPem } from './cert-builder.ts';
import { CN, OU, deviceCert, orgCert, testPki } from './fixtures.ts';

function codeOf(f: () => unknown): PkiErrorCode | 'no error' | 'not a PkiError' {
  try {
    f();
    return 'no error';
  } catch (err) {
    return err instanceof PkiError ? err.code : 'not a PkiError';
  }
}

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));

describe('parseCertificates', () => {
  context('when given DER', () => {
    it('parses one certificate and agrees with OpenSSL (node:crypto X509Certificate) on every shared field', () => {
      for (const der of [orgCert(5), deviceCert('00DB123456789060'), testPki().root.der]) {
        const [cert] = parseCertificates(der);
        const ref = new X509Certificate(der);
        expect(Buffer.from(cert!.serial).toString('hex').toUpperCase()).to.equal(ref.serialNumber);
        expect(cert!.notBefore.getTime()).to.equal(new Date(ref.validFrom).getTime());
        expect(cert!.notAfter.getTime()).to.equal(new Date(ref.validTo).getTime());
        expect(cert!.fingerprint).to.equal(ref.fingerprint256.replaceAll(':', '').toLowerCase());
        expect(Buffer.from(cert!.spki.der).equals(ref.publicKey.export({ format: 'der', type: 'spki' }))).to.equal(true);
      }
    });
  });

  context('when given PEM', () => {
    it('parses every CERTIFICATE block in order, ignoring explanatory text around them', () => {
      const { root, oca } = testPki();
      const text = `Subject: the OCA\n${oca.pem}\nand its root\n${root.pem}`;
      const certs = parseCertificates(text);
      expect(certs.map((c) => c.subject.text)).to.deep.equal(['OU=07, CN=OCA-TEST', 'OU=00, CN=ROOT-TEST']);
      expect(parseCertificates(new TextEncoder().encode(text))).to.have.length(2);
    });

    it('reads PEM bytes whose explanatory text starts with "0", the DER SEQUENCE octet', () => {
      const text = `0 intermediates follow\n${testPki().oca.pem}`;
      expect(parseCertificates(new TextEncoder().encode(text))).to.have.length(1);
    });
  });

  context('when the input is unusable', () => {
    const der = orgCert(5);
    const pem = toPem(der);
    const cases: [string, Uint8Array | string, PkiErrorCode][] = [
      ['empty bytes', new Uint8Array(0), 'input-empty'],
      ['empty text', '', 'input-empty'],
      ['more than the size limit', new Uint8Array(MAX_CERTIFICATE_INPUT_BYTES + 1).fill(0x41), 'input-too-large'],
      ['prose', 'hello, world', 'not-a-certificate'],
      ['a CSR block', toPem(der, 'CERTIFICATE REQUEST'), 'not-a-certificate'],
      ['a PEM block without END', pem.slice(0, pem.indexOf('-----END')), 'pem-malformed'],
      ['a PEM block with bad base64', pem.replace('\nM', '\n*'), 'pem-malformed'],
      ['a PEM block with headers', pem.replace('\n', '\nProc-Type: 4,ENCRYPTED\n\n'), 'pem-malformed'],
      ['DER with a trailing byte', Uint8Array.from([...der, 0]), 'certificate-malformed'],
      ['truncated DER', der.subarray(0, der.length - 1), 'certificate-malformed'],
      ['a lone SEQUENCE', Uint8Array.of(0x30, 0x00), 'certificate-malformed'],
      ['seventeen PEM blocks', pem.repeat(17), 'too-many-certificates'],
    ];
    for (const [label, input, code] of cases) {
      it(`throws ${code} for ${label}`, () => {
        expect(codeOf(() => parseCertificates(input))).to.equal(code);
      });
    }
    it('names the PEM block that failed', () => {
      const bad = toPem(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00));
      expect(() => parseCertificates(pem + bad)).to.throw(PkiError, /PEM block 2/);
    });
  });
});

describe('DER reader', () => {
  context('when reading lengths', () => {
    it('rejects indefinite, non-minimal and overlong length encodings', () => {
      expect(readElement(hex('30 80 00 00'), 0, 4)).to.equal(null);
      expect(readElement(hex('04 81 01 00'), 0, 4)).to.equal(null);
      expect(readElement(hex('04 82 00 01 00'), 0, 5)).to.equal(null);
      expect(readElement(hex('04 05 00'), 0, 3)).to.equal(null);
      expect(readElement(hex('1f 81 01 00'), 0, 4)).to.equal(null);
      expect(readWhole(hex('04 01 00 00'))).to.equal(null);
      expect(readWhole(hex('04 01 00'))).to.not.equal(null);
    });
  });

  context('when decoding OBJECT IDENTIFIERs', () => {
    it('decodes large arcs and the first-arc packing exactly', () => {
      const oid = (h: string): string | null => decodeOid(readWhole(hex(h))!);
      expect(oid('06 0d 2a 86 3a 00 01 84 8f b9 0f 01 02 01 04')).to.equal('1.2.826.0.1.8641679.1.2.1.4');
      expect(oid('06 03 88 37 03')).to.equal('2.999.3');
      expect(oid('06 0a 81 80 80 80 80 80 80 80 80 00')).to.equal(`2.${(2n ** 63n) - 80n}`);
      expect(oid('06 02 80 01')).to.equal(null); // non-minimal
      expect(oid('06 01 81')).to.equal(null); // unterminated
    });
  });
});

describe('distinguished names', () => {
  context('when printing', () => {
    it('writes RDNs in encoded order with RFC 4514 escaping', () => {
      const name = decodeName(readWhole(encodeName([[OU, '07'], [CN, { utf8: 'a,b+c "d"\n' }]]))!)!;
      expect(name.text).to.equal('OU=07, CN=a\\,b\\+c \\"d\\"\\0a');
    });

    it('escapes terminal controls and bidirectional overrides an attacker could hide in a name', () => {
      const name = decodeName(readWhole(encodeName([[CN, { utf8: 'x\u001b[2Jy\u009bz\u202eevil' }]]))!)!;
      expect(name.text).to.equal('CN=x\\1b[2Jy\\c2\\9bz\\e2\\80\\aeevil');
    });
  });

  context('when matching an issuer to a subject', () => {
    it('matches the same text in PrintableString and UTF8String, and nothing looser', () => {
      const printable = decodeName(readWhole(encodeName([[OU, '07'], [CN, 'Z1']]))!)!;
      const utf8 = decodeName(readWhole(encodeName([[OU, { utf8: '07' }], [CN, { utf8: 'Z1' }]]))!)!;
      const lower = decodeName(readWhole(encodeName([[OU, '07'], [CN, 'z1']]))!)!;
      const reordered = decodeName(readWhole(encodeName([[CN, 'Z1'], [OU, '07']]))!)!;
      expect(namesMatch(printable, utf8)).to.equal(true);
      expect(namesMatch(printable, lower)).to.equal(false);
      expect(namesMatch(printable, reordered)).to.equal(false);
    });
  });
});

describe('parseCertificate', () => {
  context('when a certificate has an empty subject', () => {
    it('reads an empty name and prints it as an empty string', () => {
      const cert = parseCertificate(deviceCert('00DB123456789060'));
      expect(cert.subject.rdns).to.deep.equal([]);
      expect(cert.subject.text).to.equal('');
    });
  });
});
