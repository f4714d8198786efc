import { expect } from 'chai';
import fc from 'fast-check';
import { PkiError, findPrivateKeyMaterial, inspectCertificate, parseCertificates } from '../../pki/index.ts';
import type { CertificateRecord } from '../../pki/index.ts';
import { toPem } from './cert-builder.ts';
import { AT, deviceCert, orgCert, testPki } from './fixtures.ts';

type Outcome = { kind: 'record'; record: CertificateRecord } | { kind: 'refused'; code: string };

/** Runs the inspection; any exception other than a PkiError fails the property. */
async function outcome(input: Uint8Array | string): Promise<Outcome> {
  const { root, oca, dca } = testPki();
  try {
    const record = await inspectCertificate(input, { at: AT, anchors: [root.der], intermediates: [oca.der, dca.der] });
    return { kind: 'record', record };
  } catch (err) {
    if (err instanceof PkiError) return { kind: 'refused', code: err.code };
    throw new Error(`escaped as ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`, { cause: err });
  }
}

function expectWellFormed(o: Outcome): void {
  if (o.kind === 'refused') {
    expect(o.code).to.match(/^[a-z]+(-[a-z]+)*$/);
    return;
  }
  expect(JSON.parse(JSON.stringify(o.record))).to.deep.equal(o.record);
  for (const f of o.record.findings) expect(f.code).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
}

/** A mutation of a DER certificate: flip, overwrite, insert, delete, truncate or splice. */
const mutation = (length: number) => fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(length - 1), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(length - 1), value: fc.nat(255) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(length), value: fc.nat(255) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(length - 1) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(length - 1) }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(length - 1), from: fc.nat(length - 1), count: fc.integer({ min: 1, max: 40 }) }),
);
type Mutation = { op: 'flip'; at: number; bit: number } | { op: 'set' | 'insert'; at: number; value: number } | { op: 'delete' | 'truncate'; at: number } | { op: 'splice'; at: number; from: number; count: number };

function mutate(der: Uint8Array, m: Mutation): Uint8Array {
  const b = [...der];
  switch (m.op) {
    case 'flip': b[m.at]! ^= 1 << m.bit; break;
    case 'set': b[m.at] = m.value; break;
    case 'insert': b.splice(m.at, 0, m.value); break;
    case 'delete': b.splice(m.at, 1); break;
    case 'truncate': b.length = m.at; break;
    case 'splice': b.splice(m.at, 0, ...der.subarray(m.from, m.from + m.count)); break;
  }
  return Uint8Array.from(b);
}

describe('certificate parsing under fuzzing', () => {
  const seeds = [orgCert(5), orgCert(137, { usage: 'ka' }), deviceCert('00DB123456789060'), testPki().oca.der];

  context('when the input is random bytes', () => {
    it('always yields a record or a coded refusal', async () => {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 700 }), async (bytes) => expectWellFormed(await outcome(bytes))), { numRuns: 400 });
    });

    it('also when the random bytes start like a DER SEQUENCE', async () => {
      const arb = fc.tuple(fc.integer({ min: 0x80, max: 0x84 }), fc.uint8Array({ maxLength: 600 })).map(([l, rest]) => Uint8Array.from([0x30, l, ...rest]));
      await fc.assert(fc.asyncProperty(arb, async (bytes) => expectWellFormed(await outcome(bytes))), { numRuns: 400 });
    });
  });

  context('when a valid certificate is mutated', () => {
    for (const [n, seed] of seeds.entries()) {
      it(`always yields a record or a coded refusal (seed ${n + 1}, DER and PEM)`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(mutation(seed.length), { minLength: 1, maxLength: 4 }), async (ms) => {
            const der = ms.reduce((d, m) => mutate(d, { ...m, at: Math.min(m.at, Math.max(0, d.length - 1)) } as Mutation), seed);
            expectWellFormed(await outcome(der));
            expectWellFormed(await outcome(toPem(der)));
          }),
          { numRuns: 250 },
        );
      });
    }

    it('never yields a valid record after any single-bit flip', async () => {
      const seed = seeds[0]!;
      expect((await outcome(seed)).kind === 'record').to.equal(true);
      await fc.assert(
        fc.asyncProperty(fc.nat(seed.length - 1), fc.nat(7), async (at, bit) => {
          const o = await outcome(mutate(seed, { op: 'flip', at, bit }));
          if (o.kind === 'record') expect(o.record.valid, `bit ${bit} of byte ${at}`).to.equal(false);
        }),
        { numRuns: 500 },
      );
    });
  });

  context('when random text is parsed as PEM', () => {
    it('throws only coded errors', () => {
      const pemish = fc.array(fc.constantFrom('-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', '\n', 'MIIB', '====', 'A', ':', ' ', '-----BEGIN X-----'), { maxLength: 40 }).map((p) => p.join(''));
      fc.assert(fc.property(fc.oneof(fc.string(), pemish), (text) => {
        try {
          parseCertificates(text);
        } catch (err) {
          expect(err).to.be.instanceOf(PkiError);
        }
      }), { numRuns: 500 });
    });
  });
});

describe('private-key scanning under fuzzing', () => {
  context('when the input is arbitrary text, bytes or JSON', () => {
    it('returns a detection or null and never throws', () => {
      fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 500 }), fc.jsonValue()), (input) => {
        const found = findPrivateKeyMaterial(input);
        if (found !== null) expect(found.description).to.be.a('string');
      }), { numRuns: 500 });
    });
  });
});
