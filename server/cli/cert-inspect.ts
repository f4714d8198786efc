// `keygate cert inspect FILE [--anchor CA_FILE]… [--at ISO_TIME] [--json]`
//
// Prints the certificate's metadata record (pki/record.ts): readable text, or exactly the JSON
// record with --json. Exit codes: 0 valid, 1 invalid, 2 unusable input (unreadable, not a
// certificate, bad --at, or private key material, which is refused and named on stderr).
// When FILE holds several PEM blocks, the first is the certificate inspected and the others are
// only offered to path building as intermediates: they are never trusted and never inspected.
// Every anchor file may hold several certificates; all of them are trusted.
import { open } from 'node:fs/promises';
import { MAX_CERTIFICATE_INPUT_BYTES, PkiError, assertNoPrivateKey, inspectCertificate } from '../../pki/index.ts';
import type { CertificateRecord } from '../../pki/index.ts';
import { UsageError, reportError } from './report-error.ts';

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_UNUSABLE = 2;
/** A bug, not bad input (sysexits EX_SOFTWARE). */
const EXIT_INTERNAL = 70;

// Date, or date and time with an explicit zone: local time would make --at ambiguous.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function parseAt(value: string | undefined, now: () => Date): Date {
  if (value === undefined) return now();
  const m = ISO_TIME.exec(value);
  const [year, month, day] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  const daysInMonth = m === null ? 0 : new Date(Date.UTC(year, month, 0)).getUTCDate();
  const at = new Date(value);
  if (m === null || month < 1 || month > 12 || day < 1 || day > daysInMonth || Number.isNaN(at.getTime())) {
    throw new UsageError(`--at ${JSON.stringify(value.slice(0, 64))} is not an ISO 8601 time such as 2025-06-01T12:00:00Z`);
  }
  return at;
}

/** Reads at most the certificate input limit, so a huge or endless file cannot exhaust memory. */
async function readBounded(file: string, what: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = new Uint8Array(MAX_CERTIFICATE_INPUT_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_CERTIFICATE_INPUT_BYTES) throw new UsageError(`${what} ${file} is larger than ${MAX_CERTIFICATE_INPUT_BYTES} bytes`);
    }
    return buf.subarray(0, length);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  } finally {
    await handle?.close();
  }
}

/** Refuses the file before anything else looks at it, naming the file and what was found. */
function refusePrivateKey(bytes: Uint8Array, file: string): void {
  try {
    assertNoPrivateKey(bytes);
  } catch (err) {
    if (err instanceof PkiError && err.detection !== undefined) {
      throw new UsageError(`refused ${file}: it contains private key material (${err.detection.description}). keygate identifies keys by their certificates and never accepts private keys`);
    }
    throw err;
  }
}

async function readCertificateFile(file: string, what: string): Promise<Uint8Array> {
  const bytes = await readBounded(file, what);
  refusePrivateKey(bytes, file);
  return bytes;
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function formatRecord(r: CertificateRecord): string {
  const role = r.role === null ? '-' : `${r.role} (${r.roleName ?? 'unknown role'})`;
  const path = r.chain.path.map((l) => (l.subject === '' ? `[${l.fingerprint.slice(0, 16)}]` : l.subject)).join('  <-  ');
  const lines = [
    `subject       ${r.subject === '' ? '(empty)' : r.subject}`,
    `kind          ${r.kind}`,
    `role          ${role}`,
    `EUI           ${r.eui ?? '-'}`,
    `key usage     ${r.keyUsage.join(', ') || '-'}`,
    `policies      ${r.policies.join(', ') || '-'}`,
    `serial        ${r.serial}`,
    `issuer        ${r.issuer}`,
    `not before    ${r.validity.notBefore}`,
    `not after     ${r.validity.notAfter}`,
    `SKI           ${r.ski ?? '-'}`,
    `AKI           ${r.aki ?? '-'}`,
    `fingerprint   ${r.fingerprint} (SHA-256 of the certificate)`,
    `key           ${r.spkiSha256} (SHA-256 of the public key info)`,
    `chain         ${r.chain.verified ? 'verified' : 'NOT verified'}: ${path}`,
    `transferable  ${yesNo(r.transferable)} (by kind and role)`,
    `findings      ${r.findings.length === 0 ? 'none' : ''}`,
    ...r.findings.map((f) => `  ${f.severity.padEnd(8)}${f.code}: ${f.message}`),
    `result        ${r.valid ? 'VALID' : 'INVALID'}`,
  ];
  return lines.join('\n') + '\n';
}

export async function runCertInspect(
  args: { file: string; anchors: string[]; at?: string; json: boolean },
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; now: () => Date },
): Promise<number> {
  try {
    const at = parseAt(args.at, io.now);
    const input = await readCertificateFile(args.file, 'certificate file');
    const anchors: Uint8Array[] = [];
    for (const file of args.anchors) anchors.push(await readCertificateFile(file, 'anchor file'));
    const record = await inspectCertificate(input, { at, anchors });
    io.stdout.write(args.json ? `${JSON.stringify(record, null, 2)}\n` : formatRecord(record));
    return record.valid ? EXIT_VALID : EXIT_INVALID;
  } catch (err) {
    // Input the user must fix (a usage error, a pki refusal, a file that cannot be read) is unusable input.
    return reportError(err, io.stderr, { usage: EXIT_UNUSABLE, known: EXIT_UNUSABLE, unexpected: EXIT_INTERNAL });
  }
}
