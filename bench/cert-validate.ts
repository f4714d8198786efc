// Benchmark: full inspection (private-key scan, parse, SMKI profile, path validation, record) of
// Organisation Certificates against root → Organisation CA, N times. Goal: ≥ 3,000 certificates/s.
//
//   node --import tsx bench/cert-validate.ts [N]
//
// Leaves rotate through 64 distinct certificates, and leaf signatures are never cached, so every
// iteration verifies one ECDSA signature for real. The anchor is parsed once; the Organisation
// CA's signature by the root is cached (createVerificationCache), as a server would do.
import { cpus } from 'node:os';
import { createVerificationCache, inspectCertificate, parseCertificate } from '../pki/index.ts';
import type { InspectOptions } from '../pki/index.ts';
import { toPem } from '../test/pki/cert-builder.ts';
import { AT, orgCert, testPki } from '../test/pki/fixtures.ts';

const N = Number(process.argv[2] ?? 20_000);
if (!Number.isSafeInteger(N) || N <= 0) throw new Error(`N must be a positive integer, not ${process.argv[2]}`);

const { root, oca } = testPki();
const leaves = Array.from({ length: 64 }, (_, i) => orgCert([1, 4, 5, 6, 137][i % 5]!, { keyLabel: `bench-${i}`, eui: `90B3D51F3001${i.toString(16).padStart(4, '0').toUpperCase()}` }));
const leafPems = leaves.map((d) => toPem(d));

async function measure(label: string, inputs: readonly (Uint8Array | string)[], options: InspectOptions): Promise<number> {
  for (let i = 0; i < Math.min(2000, N); i++) await inspectCertificate(inputs[i % inputs.length]!, options); // warm-up
  const started = process.hrtime.bigint();
  let valid = 0;
  for (let i = 0; i < N; i++) if ((await inspectCertificate(inputs[i % inputs.length]!, options)).valid) valid++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (valid !== N) throw new Error(`${label}: only ${valid} of ${N} validated; the benchmark is measuring failures`);
  const rate = N / seconds;
  console.log(`  ${label.padEnd(58)} ${Math.round(rate).toLocaleString('en-GB').padStart(8)} certs/s  (${((seconds / N) * 1e6).toFixed(0)} µs each)`);
  return rate;
}

console.log(`cert-validate: N=${N}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
const anchors = [parseCertificate(root.der)];
const intermediates = [parseCertificate(oca.der)];
const cached = await measure('DER, parsed anchor + OCA, CA signatures cached', leaves, { at: AT, anchors, intermediates, cache: createVerificationCache() });
await measure('PEM, parsed anchor + OCA, CA signatures cached', leafPems, { at: AT, anchors, intermediates, cache: createVerificationCache() });
await measure('DER, parsed anchor + OCA, no cache (2 verifications each)', leaves, { at: AT, anchors, intermediates });
await measure('DER, anchor and OCA as DER bytes, parsed every call', leaves, { at: AT, anchors: [root.der], intermediates: [oca.der] });
console.log(`goal 3,000 certs/s: ${cached >= 3000 ? 'met' : 'NOT met'} (first line)`);
