import { generateKeyPairSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import fc from 'fast-check';
import { findPrivateKeyMaterial } from '../../pki/index.ts';
import { byteList, wrap, z85 } from './encodings.ts';
import { acceptableKinds, corpusKeys, describeWritten, writtenArb } from './key-corpus.ts';
import type { Written } from './key-corpus.ts';

function expectFound(input: unknown, w: Written, how: string): void {
  const found = findPrivateKeyMaterial(input);
  expect(found, `${how}: ${describeWritten(w)}`).to.not.equal(null);
  expect(acceptableKinds(w), `${how}: ${describeWritten(w)}: reported ${found!.description}`).to.include(found!.kind);
}

// Fixed seed: CI must be repeatable. Random seeds are tried by hand (KEYGATE_CORPUS_SEED=random
// prints the seed used); each gap one finds gets a regression test below.
const CORPUS_SEED = process.env.KEYGATE_CORPUS_SEED === 'random' ? randomSeed() : Number(process.env.KEYGATE_CORPUS_SEED ?? 20261202);

function randomSeed(): number {
  const seed = Math.floor(Math.random() * 2 ** 31);
  console.log(`corpus seed ${seed}`);
  return seed;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('findPrivateKeyMaterial on gaps random corpus runs found', () => {
  context('when Z85 of a \\x byte list is wrapped at 24 columns (a symbol or two per line)', () => {
    it('finds a JWK, for every one of 30 fresh keys (seed -628167115 found it)', () => {
      for (let i = 0; i < 30; i++) {
        const jwk = JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }));
        const text = wrap(z85(utf8(byteList(utf8(jwk), '\\x', ''))), 24);
        expect(findPrivateKeyMaterial(text)?.kind, `key ${i}`).to.equal('jwk');
      }
    });
  });
});

describe('findPrivateKeyMaterial on the corpus', () => {
  for (const key of corpusKeys()) {
    context(`when the key is ${key.name}`, () => {
      it('finds it however it is encoded, nested up to four layers deep and mangled, as text', () => {
        fc.assert(fc.property(writtenArb(key), (w) => expectFound(w.text, w, 'text')), { numRuns: 150, seed: CORPUS_SEED });
      });

      it('finds it as a document: UTF-8, UTF-16 with a BOM, gzip', () => {
        fc.assert(
          fc.property(writtenArb(key, 2), (w) => {
            expectFound(Buffer.from(w.text, 'utf8'), w, 'UTF-8 bytes');
            expectFound(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(w.text, 'utf16le')]), w, 'UTF-16LE');
            expectFound(gzipSync(w.text), w, 'gzip');
          }),
          { numRuns: 40, seed: CORPUS_SEED },
        );
      });

      it('finds it in a JSON body, whole in one field or split across two', () => {
        fc.assert(
          fc.property(writtenArb(key, 2), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (w, cut) => {
            const at = Math.floor(w.text.length * cut);
            expectFound({ rationale: 'Transfer of the TCoS key.', mechanism: { description: w.text } }, w, 'one field');
            expectFound({ rationale: `Transfer of the TCoS key. ${w.text.slice(0, at)}`, mechanism: { description: w.text.slice(at), witnesses: [] } }, w, `split at ${at}`);
          }),
          { numRuns: 40, seed: CORPUS_SEED },
        );
      });
    });
  }
});
