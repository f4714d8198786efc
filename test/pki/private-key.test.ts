import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { PkiError, assertNoPrivateKey, findPrivateKeyMaterial, inspectCertificate } from '../../pki/index.ts';
import type { PrivateKeyDetection } from '../../pki/index.ts';
import { embedInJson, privateKeySamples, publicSamples } from './key-material.ts';
import type { KeySample } from './key-material.ts';
import { AT, testPki } from './fixtures.ts';
import { smkiVectorsOrSkip } from './vectors.ts';

/** Every 12-character window of the secret, in the encodings it could be echoed in. */
function echoes(secret: Uint8Array): string[] {
  const out: string[] = [];
  for (const enc of ['base64', 'base64url', 'hex'] as const) {
    const s = Buffer.from(secret).toString(enc);
    for (let i = 0; i + 12 <= s.length; i += 4) out.push(s.slice(i, i + 12));
  }
  return out;
}

function expectNoEcho(message: string, sample: KeySample): void {
  for (const w of echoes(sample.secret)) expect(message, 'message echoes key material').to.not.include(w);
}

describe('findPrivateKeyMaterial', () => {
  const samples = privateKeySamples();

  context('when the input is a private key in some encoding', () => {
    for (const sample of samples) {
      it(`finds ${sample.name} and names it`, () => {
        const found = findPrivateKeyMaterial(sample.input);
        expect(found, 'not detected').to.not.equal(null);
        expect(found!.kind).to.equal(sample.kind);
        expect(found!.description).to.include(sample.described);
        expectNoEcho(found!.description, sample);
      });
    }
  });

  context('when the key is hidden inside a JSON document', () => {
    for (const sample of samples) {
      it(`finds ${sample.name} as JSON text, as bytes and as a parsed value, with its location`, () => {
        const text = embedInJson(sample);
        const asText = findPrivateKeyMaterial(text);
        const asBytes = findPrivateKeyMaterial(new TextEncoder().encode(text));
        const asValue = findPrivateKeyMaterial(JSON.parse(text) as unknown);
        for (const found of [asText, asBytes, asValue]) {
          expect(found, 'not detected').to.not.equal(null);
          expect(found!.location).to.match(/^\$\.request\.attachments\[1\]\.content/);
          expectNoEcho(found!.description, sample);
        }
      });
    }

    it('finds a JWK nested in JSON that is itself inside a JSON string', () => {
      const inner = JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'secret-scalar' });
      const found = findPrivateKeyMaterial({ wrapper: { payload: inner } });
      expect(found).to.include({ kind: 'jwk' });
      expect(found!.location).to.equal('$.wrapper.payload → $');
    });
  });

  context('when the input holds only public material', () => {
    for (const sample of publicSamples()) {
      it(`does not flag ${sample.name}`, () => {
        expect(findPrivateKeyMaterial(sample.input)).to.equal(null);
      });
    }

    it('does not flag any SMKI test vector certificate', function () {
      const dir = smkiVectorsOrSkip(this);
      for (const f of readdirSync(dir)) expect(findPrivateKeyMaterial(readFileSync(`${dir}/${f}`)), f).to.equal(null);
    });

    it('does not flag random bytes, or their base64, base64url or hex', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (bytes) => {
          for (const input of [bytes, Buffer.from(bytes).toString('base64'), Buffer.from(bytes).toString('base64url'), Buffer.from(bytes).toString('hex')]) {
            expect(findPrivateKeyMaterial(input)).to.equal(null);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  context('when the input is adversarial', () => {
    const cases: [string, string][] = [
      ['"PRIVATE KEY" repeated', 'PRIVATE KEY '.repeat(100_000)],
      ['"BEGIN" repeated', '-----BEGIN '.repeat(100_000)],
      ['wrapped base64 lines of equal length', `${'MIIE'.repeat(16)}\n`.repeat(20_000)],
      ['escaped line breaks', `${'A'.repeat(64)}\\n`.repeat(20_000)],
      ['one huge base64 run', 'M'.repeat(1_000_000)],
      ['nested arrays', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
    ];
    for (const [label, text] of cases) {
      // The scan's work budget is linear in the input (pki/private-key-budget.ts) and a scan that
      // would exceed it throws input-too-complex; finishing with null means it stayed linear.
      it(`scans ${label} (${Math.round(text.length / 1000)} kB) within its linear work budget`, () => {
        expect(findPrivateKeyMaterial(text)).to.equal(null);
      });
    }

    it('refuses a JSON value too large to scan with input-too-complex rather than passing it', () => {
      const huge = { items: new Array<number>(1_000_001).fill(0) };
      expect(() => findPrivateKeyMaterial(huge)).to.throw(PkiError).with.property('code', 'input-too-complex');
    });

    it('stops at a cyclic JS value instead of looping', () => {
      const a: Record<string, unknown> = { name: 'a' };
      a['self'] = a;
      expect(findPrivateKeyMaterial(a)).to.equal(null);
    });
  });
});

describe('assertNoPrivateKey', () => {
  context('when the input holds a private key', () => {
    it('throws private-key-material with the detection and a message naming it', () => {
      const sample = privateKeySamples()[0]!;
      let caught: unknown;
      try {
        assertNoPrivateKey(sample.input);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(PkiError);
      const e = caught as PkiError;
      expect(e.code).to.equal('private-key-material');
      expect((e.detection as PrivateKeyDetection).kind).to.equal('pkcs8');
      expect(e.message).to.include('PKCS#8 private key (PEM)');
      expectNoEcho(e.message, sample);
    });
  });

  context('when the input is a certificate', () => {
    it('returns quietly', () => {
      expect(() => assertNoPrivateKey(testPki().oca.pem)).to.not.throw();
    });
  });
});

describe('inspectCertificate private-key refusal', () => {
  context('when the certificate input or an anchor holds a private key', () => {
    it('refuses the whole input with private-key-material, before parsing', async () => {
      const { root, oca } = testPki();
      for (const sample of privateKeySamples().filter((s) => typeof s.input === 'string')) {
        const bundle = `${oca.pem}${sample.input as string}`;
        const a = await inspectCertificate(bundle, { at: AT, anchors: [root.der] }).then(() => null, (e: unknown) => e);
        const b = await inspectCertificate(oca.der, { at: AT, anchors: [bundle] }).then(() => null, (e: unknown) => e);
        for (const e of [a, b]) expect(e, sample.name).to.be.instanceOf(PkiError).with.property('code', 'private-key-material');
      }
    });
  });
});
