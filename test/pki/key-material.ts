// Private keys in every encoding the refusal must catch, and public material it must let through.
// Generated at test time with node:crypto; OpenSSH and PKCS#12 samples come from ssh-keygen and
// openssl when present (each sample records its source), else from a documented stand-in.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PrivateKeyKind } from '../../pki/index.ts';
import { toPem } from './cert-builder.ts';
import { orgCert } from './fixtures.ts';

export interface KeySample {
  readonly name: string;
  readonly input: Uint8Array | string;
  readonly kind: PrivateKeyKind;
  /** Text the refusal message must contain: what was found and how it was encoded. */
  readonly described: string;
  /** Bytes of the secret that must never appear in any message. */
  readonly secret: Uint8Array;
}

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');

const pem = (k: KeyObject, type: 'pkcs8' | 'sec1' | 'pkcs1'): string => k.export({ type, format: 'pem' }) as string;
const der = (k: KeyObject, type: 'pkcs8' | 'sec1' | 'pkcs1'): Uint8Array => new Uint8Array(k.export({ type, format: 'der' }));
const encryptedDer = (k: KeyObject): Uint8Array => new Uint8Array(k.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'test' }));
const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');
const b64url = (u: Uint8Array): string => Buffer.from(u).toString('base64url');
const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

function withTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'keygate-pki-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tool(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let openssh: { text: string; source: string } | undefined;

/** OpenSSH private key from ssh-keygen, or the format's magic in a PEM body as a stand-in. */
export function opensshKey(): { text: string; source: string } {
  openssh ??= generateOpensshKey();
  return openssh;
}

function generateOpensshKey(): { text: string; source: string } {
  const generated = withTempDir((dir) => {
    const file = path.join(dir, 'id');
    return tool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', file]) ? readFileSync(file, 'utf8') : null;
  });
  if (generated !== null) return { text: generated, source: 'ssh-keygen -t ed25519' };
  const body = b64(Buffer.concat([Buffer.from('openssh-key-v1\0'), Buffer.alloc(64, 1)]));
  return { text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`, source: 'stand-in (no ssh-keygen)' };
}

/** The binary body of the OpenSSH key (what its PEM armour wraps). */
function opensshBody(): Uint8Array {
  const lines = opensshKey().text.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
  return new Uint8Array(Buffer.from(lines.join(''), 'base64'));
}

/** PKCS#12 from `openssl pkcs12 -export`, or null when openssl is missing. */
export function pkcs12(): Uint8Array | null {
  return withTempDir((dir) => {
    const key = path.join(dir, 'k.pem');
    const cert = path.join(dir, 'c.pem');
    const out = path.join(dir, 'p.p12');
    writeFileSync(key, pem(ec.privateKey, 'pkcs8'));
    if (!tool('openssl', ['req', '-new', '-x509', '-key', key, '-subj', '/CN=p12', '-days', '1', '-out', cert])) return null;
    if (!tool('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', 'pass:test', '-out', out])) return null;
    return new Uint8Array(readFileSync(out));
  });
}

/** A CSR from `openssl req`, or null when openssl is missing. */
export function csrPem(): string | null {
  return withTempDir((dir) => {
    const key = path.join(dir, 'k.pem');
    const out = path.join(dir, 'r.csr');
    writeFileSync(key, pem(ec.privateKey, 'pkcs8'));
    return tool('openssl', ['req', '-new', '-key', key, '-subj', '/CN=csr/OU=05', '-out', out]) ? readFileSync(out, 'utf8') : null;
  });
}

const ecSecret = der(ec.privateKey, 'sec1').subarray(7, 39);

export function privateKeySamples(): KeySample[] {
  const pkcs8 = der(ec.privateKey, 'pkcs8');
  const samples: KeySample[] = [
    { name: 'PKCS#8 PEM (EC)', input: pem(ec.privateKey, 'pkcs8'), kind: 'pkcs8', described: 'PKCS#8 private key (PEM)', secret: ecSecret },
    { name: 'PKCS#8 PEM (Ed25519)', input: pem(ed.privateKey, 'pkcs8'), kind: 'pkcs8', described: 'PKCS#8 private key (PEM)', secret: der(ed.privateKey, 'pkcs8').subarray(16) },
    { name: 'PKCS#8 DER (EC)', input: pkcs8, kind: 'pkcs8', described: 'PKCS#8 private key (DER)', secret: ecSecret },
    { name: 'PKCS#8 DER (RSA)', input: der(rsa.privateKey, 'pkcs8'), kind: 'pkcs8', described: 'PKCS#8 private key (DER)', secret: der(rsa.privateKey, 'pkcs1').subarray(300, 332) },
    { name: 'encrypted PKCS#8 PEM', input: ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test' }) as string, kind: 'encrypted-pkcs8', described: 'encrypted PKCS#8 private key (PEM)', secret: ecSecret },
    { name: 'encrypted PKCS#8 DER', input: encryptedDer(ec.privateKey), kind: 'encrypted-pkcs8', described: 'encrypted PKCS#8 private key (DER)', secret: ecSecret },
    { name: 'SEC1 EC PEM', input: pem(ec.privateKey, 'sec1'), kind: 'sec1-ec', described: 'SEC1 EC private key (PEM)', secret: ecSecret },
    { name: 'SEC1 EC DER', input: der(ec.privateKey, 'sec1'), kind: 'sec1-ec', described: 'SEC1 EC private key (DER)', secret: ecSecret },
    { name: 'PKCS#1 RSA PEM', input: pem(rsa.privateKey, 'pkcs1'), kind: 'pkcs1-rsa', described: 'PKCS#1 RSA private key (PEM)', secret: der(rsa.privateKey, 'pkcs1').subarray(300, 332) },
    { name: 'PKCS#1 RSA DER', input: der(rsa.privateKey, 'pkcs1'), kind: 'pkcs1-rsa', described: 'PKCS#1 RSA private key (DER)', secret: der(rsa.privateKey, 'pkcs1').subarray(300, 332) },
    { name: 'OpenSSH', input: opensshKey().text, kind: 'openssh', described: 'OpenSSH private key (PEM)', secret: new Uint8Array(0) },
    { name: 'OpenSSH key body as raw bytes', input: opensshBody(), kind: 'openssh', described: 'OpenSSH private key (binary)', secret: new Uint8Array(0) },
    { name: 'JWK pasted next to a PEM (text, not JSON)', input: `${toPem(orgCert(5))}\n${JSON.stringify(ec.privateKey.export({ format: 'jwk' }))}`, kind: 'jwk', described: 'JWK with private member "d" (text)', secret: Buffer.from(String(ec.privateKey.export({ format: 'jwk' }).d)) },
    { name: 'DSA PEM label', input: `-----BEGIN DSA PRIVATE KEY-----\n${b64(pkcs8)}\n-----END DSA PRIVATE KEY-----\n`, kind: 'pem-private-key', described: 'PEM block labelled "DSA PRIVATE KEY" (PEM)', secret: ecSecret },
    { name: 'PGP private key block', input: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF...\n-----END PGP PRIVATE KEY BLOCK-----\n', kind: 'pem-private-key', described: 'PEM block labelled "PGP PRIVATE KEY" (PEM)', secret: new Uint8Array(0) },
    { name: 'PuTTY key file', input: 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 2\nAAAA\nAAAA\nPrivate-Lines: 1\nAAAA\n', kind: 'putty', described: 'PuTTY private key (text)', secret: new Uint8Array(0) },
    { name: 'PKCS#8 body under a CERTIFICATE label', input: toPem(pkcs8, 'CERTIFICATE'), kind: 'pkcs8', described: 'PKCS#8 private key (base64)', secret: ecSecret },
    { name: 'bare base64 PKCS#8 in prose', input: `here is the key: ${b64(pkcs8)} -- keep it safe`, kind: 'pkcs8', described: 'PKCS#8 private key (base64)', secret: ecSecret },
    { name: 'base64url SEC1', input: `key=${b64url(der(ec.privateKey, 'sec1'))}&x=1`, kind: 'sec1-ec', described: 'SEC1 EC private key (base64)', secret: ecSecret },
    { name: 'hex PKCS#1', input: `rsa ${hex(der(rsa.privateKey, 'pkcs1'))}`, kind: 'pkcs1-rsa', described: 'PKCS#1 RSA private key (hex)', secret: der(rsa.privateKey, 'pkcs1').subarray(300, 332) },
    { name: 'base64 of a PEM', input: b64(Buffer.from(pem(ec.privateKey, 'sec1'))), kind: 'sec1-ec', described: 'SEC1 EC private key (PEM) inside base64', secret: ecSecret },
    { name: 'PEM after a certificate in one file', input: toPem(orgCert(5)) + pem(ec.privateKey, 'pkcs8'), kind: 'pkcs8', described: 'PKCS#8 private key (PEM)', secret: ecSecret },
    { name: 'DER key after DER certificate', input: Uint8Array.from([...orgCert(5), ...der(ec.privateKey, 'sec1')]), kind: 'sec1-ec', described: 'SEC1 EC private key (DER)', secret: ecSecret },
    { name: 'EC JWK', input: JSON.stringify(ec.privateKey.export({ format: 'jwk' })), kind: 'jwk', described: 'JWK with private member "d" (JSON) at $', secret: Buffer.from(String(ec.privateKey.export({ format: 'jwk' }).d)) },
    { name: 'RSA JWK in a JWK set', input: JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' }), rsa.privateKey.export({ format: 'jwk' })] }), kind: 'jwk', described: 'JWK with private member "d" (JSON) at $.keys[1]', secret: Buffer.from(String(rsa.privateKey.export({ format: 'jwk' }).d)) },
    { name: 'symmetric JWK', input: JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' }), kind: 'jwk', described: 'JWK with private member "k"', secret: Buffer.from('c2VjcmV0LXNlY3JldC1zZWNyZXQ') },
  ];
  const p12 = pkcs12();
  if (p12 !== null) {
    samples.push({ name: 'PKCS#12 (openssl pkcs12 -export)', input: p12, kind: 'pkcs12', described: 'PKCS#12/PFX container (DER)', secret: ecSecret });
    samples.push({ name: 'PKCS#12 as base64 in JSON', input: JSON.stringify({ bundle: b64(p12) }), kind: 'pkcs12', described: 'PKCS#12/PFX container (base64) at $.bundle', secret: ecSecret });
  }
  return samples;
}

/** Each sample also hidden in a JSON document: as a string value, nested in arrays and objects. */
export function embedInJson(sample: KeySample): string {
  const text = typeof sample.input === 'string' ? sample.input : b64(sample.input);
  return JSON.stringify({ request: { id: 7, attachments: [{ name: 'a.txt', content: 'hello' }, { name: 'key', content: text }] } });
}

export interface PublicSample {
  readonly name: string;
  readonly input: Uint8Array | string;
}

export function publicSamples(): PublicSample[] {
  const cert = orgCert(5);
  const out: PublicSample[] = [
    { name: 'certificate PEM', input: toPem(cert) },
    { name: 'certificate DER', input: cert },
    { name: 'certificate base64 in JSON', input: JSON.stringify({ certificate: b64(cert) }) },
    { name: 'certificate hex', input: hex(cert) },
    { name: 'EC SPKI PEM', input: ec.publicKey.export({ type: 'spki', format: 'pem' }) as string },
    { name: 'RSA SPKI DER', input: new Uint8Array(rsa.publicKey.export({ type: 'spki', format: 'der' })) },
    { name: 'RSA PKCS#1 public key PEM', input: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string },
    { name: 'Ed25519 SPKI PEM', input: ed.publicKey.export({ type: 'spki', format: 'pem' }) as string },
    { name: 'public EC JWK', input: JSON.stringify(ec.publicKey.export({ format: 'jwk' })) },
    { name: 'public RSA JWK set', input: JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] }) },
    { name: 'object with d but no kty', input: JSON.stringify({ d: 'x', k: 'y', p: 1 }) },
    { name: 'prose mentioning private keys', input: 'Never send a PRIVATE KEY here: a key file starts with "-----BEGIN" and then "PRIVATE KEY".' },
  ];
  const csr = csrPem();
  if (csr !== null) out.push({ name: 'CSR PEM (openssl req)', input: csr });
  return out;
}
