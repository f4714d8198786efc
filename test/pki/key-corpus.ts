// The private keys of the corpus, one of each type the detector must refuse, generated at test
// time (node:crypto; ssh-keygen and openssl when present, each sample saying where it came from),
// and the ways a careless or hostile sender writes them: encodings, nested in any order, and the
// manglings text suffers (fast-check arbitraries). Nothing here is a hand-written list of inputs.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import type { PrivateKeyKind } from '../../pki/index.ts';
import { ascii85, base32, byteList, fullWidth, hex, htmlEntities, insertAt, wrap, z85 } from './encodings.ts';
import { opensshKey, pkcs12 } from './key-material.ts';

export interface CorpusKey {
  readonly name: string;
  /** The kinds a detection may report (a PKCS#12 holds a PKCS#8 bag; a JWK is JSON text). */
  readonly kinds: readonly PrivateKeyKind[];
  /** The key as the sender has it: DER, the OpenSSH body, or JWK JSON text. */
  readonly bytes: Uint8Array;
  /** The secret itself: what must appear nowhere after a refusal. */
  readonly secret: Uint8Array;
}

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const der = (k: typeof ec.privateKey, type: 'pkcs8' | 'sec1' | 'pkcs1'): Uint8Array => new Uint8Array(k.export({ type, format: 'der' }));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64url = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));

function jwkText(variant: 'plain' | 'no-kty' | 'upper-case'): string {
  const jwk = ec.privateKey.export({ format: 'jwk' }) as Record<string, string>;
  if (variant === 'no-kty') {
    const { kty: _kty, ...rest } = jwk;
    return JSON.stringify(rest);
  }
  if (variant === 'upper-case') return JSON.stringify(Object.fromEntries(Object.entries(jwk).map(([k, v]) => [k.toUpperCase(), v])));
  return JSON.stringify(jwk);
}

let keys: CorpusKey[] | undefined;

export function corpusKeys(): CorpusKey[] {
  keys ??= buildKeys();
  return keys;
}

function buildKeys(): CorpusKey[] {
  const ecSecret = b64url(String((ec.privateKey.export({ format: 'jwk' }) as { d: string }).d));
  const edSecret = b64url(String((ed.privateKey.export({ format: 'jwk' }) as { d: string }).d));
  const rsaSecret = b64url(String((rsa.privateKey.export({ format: 'jwk' }) as { p: string }).p));
  const encrypted = new Uint8Array(ec.privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'corpus' }));
  const out: CorpusKey[] = [
    // A P-256 PKCS#8 key holds a SEC1 key: part of it alone is still a key.
    { name: 'P-256 PKCS#8', kinds: ['pkcs8', 'sec1-ec'], bytes: der(ec.privateKey, 'pkcs8'), secret: ecSecret },
    { name: 'Ed25519 PKCS#8', kinds: ['pkcs8'], bytes: der(ed.privateKey, 'pkcs8'), secret: edSecret },
    { name: 'P-256 SEC1', kinds: ['sec1-ec'], bytes: der(ec.privateKey, 'sec1'), secret: ecSecret },
    { name: 'RSA PKCS#1', kinds: ['pkcs1-rsa'], bytes: der(rsa.privateKey, 'pkcs1'), secret: rsaSecret },
    // The ciphertext is what was sent; its bytes stand in for the secret.
    { name: 'encrypted PKCS#8', kinds: ['encrypted-pkcs8'], bytes: encrypted, secret: encrypted.subarray(encrypted.length - 48) },
    { name: 'JWK (EC)', kinds: ['jwk'], bytes: utf8(jwkText('plain')), secret: ecSecret },
    { name: 'JWK without kty', kinds: ['jwk'], bytes: utf8(jwkText('no-kty')), secret: ecSecret },
    { name: 'JWK with upper-case member names', kinds: ['jwk'], bytes: utf8(jwkText('upper-case')), secret: ecSecret },
  ];
  const ssh = opensshKey();
  const body = new Uint8Array(Buffer.from(ssh.text.split('\n').filter((l) => l !== '' && !l.startsWith('-----')).join(''), 'base64'));
  out.push({ name: `OpenSSH (${ssh.source})`, kinds: ['openssh'], bytes: body, secret: body.subarray(body.length - 64) });
  const p12 = pkcs12();
  if (p12 !== null) out.push({ name: 'PKCS#12 (openssl pkcs12 -export)', kinds: ['pkcs12', 'pkcs8', 'encrypted-pkcs8'], bytes: p12, secret: ecSecret });
  return out;
}

export const ecPrivateScalar = (): Uint8Array => corpusKeys()[0]!.secret;

/** One encoding step: bytes in, text out, named for the failure report. */
export interface Encoding {
  readonly name: string;
  readonly encode: (bytes: Uint8Array) => string;
  /** Numbers written out: whitespace inside a number changes the data, so manglings keep out of them. */
  readonly numeric?: boolean;
  /** What a PEM label says the block is (a detection may name the label rather than the content). */
  readonly labelKind?: PrivateKeyKind;
}

const LABEL_KIND: Readonly<Record<string, PrivateKeyKind>> = { 'PRIVATE KEY': 'pkcs8', 'EC PRIVATE KEY': 'sec1-ec', 'ENCRYPTED PRIVATE KEY': 'encrypted-pkcs8' };

/** Column widths of mail clients, editors, PDFs and terminals. */
const width = fc.integer({ min: 24, max: 120 });
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export const encodingArb: fc.Arbitrary<Encoding> = fc.oneof(
  fc.record({ width, crlf: fc.boolean(), label: fc.constantFrom('PRIVATE KEY', 'private key', 'Private  Key', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'CERTIFICATE', 'DATA') }).map(
    ({ width: w, crlf, label }): Encoding => ({
      name: `PEM(${label}, ${w}${crlf ? ', CRLF' : ''})`,
      ...(LABEL_KIND[label.toUpperCase().replace(/\s+/g, ' ')] === undefined ? {} : { labelKind: LABEL_KIND[label.toUpperCase().replace(/\s+/g, ' ')]! }),
      encode: (b) => `-----BEGIN ${label}-----\n${wrap(b64(b), w, crlf ? '\r\n' : '\n')}\n-----END ${label}-----\n`,
    }),
  ),
  fc.record({ wrapAt: fc.option(width), url: fc.boolean() }).map(({ wrapAt, url }): Encoding => ({
    name: `base64${url ? 'url' : ''}${wrapAt === null ? '' : `/${wrapAt}`}`,
    encode: (b) => {
      const text = Buffer.from(b).toString(url ? 'base64url' : 'base64');
      return wrapAt === null ? text : wrap(text, wrapAt);
    },
  })),
  fc.record({ separator: fc.constantFrom('', ':', ' ', '-', ',', '.', '_', ', ', '\n', ': '), upper: fc.boolean() }).map(({ separator, upper }): Encoding => ({
    name: `hex(${JSON.stringify(separator)}${upper ? ', upper' : ''})`,
    encode: (b) => hex(b, { separator, upper }),
  })),
  fc.record({ lower: fc.boolean(), wrapAt: fc.option(width) }).map(({ lower, wrapAt }): Encoding => ({
    name: `base32${lower ? ' lower' : ''}${wrapAt === null ? '' : `/${wrapAt}`}`,
    encode: (b) => {
      const text = lower ? base32(b).toLowerCase() : base32(b);
      return wrapAt === null ? text : wrap(text, wrapAt);
    },
  })),
  fc.record({ delimiters: fc.boolean(), wrapAt: fc.option(width) }).map(({ delimiters, wrapAt }): Encoding => ({
    name: `ascii85${delimiters ? ' <~~>' : ''}${wrapAt === null ? '' : `/${wrapAt}`}`,
    encode: (b) => {
      const text = wrapAt === null ? ascii85(b) : wrap(ascii85(b), wrapAt);
      return delimiters ? `<~${text}~>` : text;
    },
  })),
  fc.constant<Encoding>({ name: 'Z85', encode: z85 }),
  fc.record({ style: fc.constantFrom('decimal', '0x', '\\x', 'json') as fc.Arbitrary<'decimal' | '0x' | '\\x' | 'json'>, separator: fc.constantFrom(', ', ',', ' ', '; ', ',\n') }).map(
    ({ style, separator }): Encoding => ({ name: `byte list(${style}, ${JSON.stringify(separator)})`, encode: (b) => byteList(b, style, separator), numeric: true }),
  ),
);

/** What happens to text on its way: invisible characters, wrapping, escaping, look-alike forms. */
export interface Mangling {
  readonly name: string;
  readonly apply: (text: string) => string;
  /** What it does to numbers written out (byte lists): only what leaves each number whole. */
  readonly applyToNumbers?: (text: string) => string;
}

const INVISIBLE = [' ', '\t', '\u200b', '\u00a0', '\u2060', '\ufeff', '\u200d', '\r\n', '\u3000'];
/** Inside a number only zero-width characters leave it readable as the same number. */
const ZERO_WIDTH = new Set(['\u200b', '\u2060', '\ufeff', '\u200d']);

/** Line breaks after separators, never inside a number: how a text editor wraps a byte list. */
function wrapAtSeparators(text: string, width: number): string {
  return text.replace(new RegExp(`(.{${width}}[^,; ]*[,; ])`, 'g'), '$1\n');
}
const PROSE = 'Please find below what the DCC sent us for the TCoS to ECoS transfer (ref. 2024/17):';

export const manglingArb: fc.Arbitrary<Mangling> = fc.oneof(
  fc.constant<Mangling>({ name: 'none', apply: (t) => t }),
  fc.record({ what: fc.constantFrom(...INVISIBLE), at: fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 3 }) }).map(
    ({ what, at }): Mangling => ({
      name: `insert ${JSON.stringify(what)} ×${at.length}`,
      apply: (t) => insertAt(t, at, what),
      applyToNumbers: (t) => (ZERO_WIDTH.has(what) ? insertAt(t, at, what) : t),
    }),
  ),
  width.map((w): Mangling => ({ name: `wrap at ${w}`, apply: (t) => wrap(t.replace(/\s+/g, ''), w), applyToNumbers: (t) => wrapAtSeparators(t, w) })),
  fc.constant<Mangling>({ name: 'percent-encoded', apply: encodeURIComponent }),
  fc.constant<Mangling>({ name: 'JSON string escaped', apply: (t) => JSON.stringify(t).slice(1, -1) }),
  fc.constant<Mangling>({ name: 'HTML character references', apply: htmlEntities }),
  fc.constant<Mangling>({ name: 'full-width forms', apply: fullWidth }),
  fc.constant<Mangling>({ name: 'in prose', apply: (t) => `${PROSE}\n\n${t}\n\nKind regards, the secretariat.` }),
  fc.constant<Mangling>({ name: 'label lower-cased', apply: (t) => t.replace(/-----(BEGIN|END) ([A-Z ]+)-----/g, (m) => m.toLowerCase()) }),
);

/** A key written out: encodings applied innermost first, each followed by a mangling. */
export interface Written {
  readonly key: CorpusKey;
  readonly steps: readonly { encoding: Encoding; mangling: Mangling }[];
  readonly text: string;
}

/** The kinds a detection of `w` may report: the key's, and what any PEM label around it claims. */
export function acceptableKinds(w: Written): PrivateKeyKind[] {
  return [...w.key.kinds, ...w.steps.flatMap((s) => (s.encoding.labelKind === undefined ? [] : [s.encoding.labelKind]))];
}

export function describeWritten(w: Written): string {
  return `${w.key.name} → ${w.steps.map((s) => `${s.encoding.name}${s.mangling.name === 'none' ? '' : ` [${s.mangling.name}]`}`).join(' → ')}`;
}

/** The text after each step, innermost first. */
export function writeSteps(key: CorpusKey, steps: Written['steps']): string[] {
  const texts: string[] = [];
  let bytes = key.bytes;
  for (const { encoding, mangling } of steps) {
    const encoded = encoding.encode(bytes);
    const text = encoding.numeric === true && mangling.applyToNumbers !== undefined ? mangling.applyToNumbers(encoded) : mangling.apply(encoded);
    texts.push(text);
    bytes = new TextEncoder().encode(text);
  }
  return texts;
}

export function writtenArb(key: CorpusKey, maxDepth = 4): fc.Arbitrary<Written> {
  return fc.array(fc.record({ encoding: encodingArb, mangling: manglingArb }), { minLength: 1, maxLength: maxDepth }).map((steps) => {
    const written: Written = { key, steps, text: writeSteps(key, steps).at(-1)! };
    // Counterexamples are reported by their recipe, not their (long) bytes.
    return Object.assign(written, { [fc.toStringMethod]: () => describeWritten(written) });
  });
}
