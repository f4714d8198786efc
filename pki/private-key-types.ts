// What the private-key scanner reports. A detection names the kind of material, how it was
// encoded and where it was found; it never carries the material, so it can be logged and shown.

export type PrivateKeyKind =
  | 'pkcs8'
  | 'encrypted-pkcs8'
  | 'sec1-ec'
  | 'pkcs1-rsa'
  | 'openssh'
  | 'putty'
  | 'pkcs12'
  | 'jwk'
  | 'pem-private-key';

/** How the outermost layer around the material was written; inner layers are in the description. */
export type PrivateKeyEncoding =
  | 'pem'
  | 'der'
  | 'binary'
  | 'base64'
  | 'hex'
  | 'base32'
  | 'ascii85'
  | 'z85'
  | 'byte-list'
  | 'gzip'
  | 'zlib'
  | 'json'
  | 'text';

export interface PrivateKeyDetection {
  readonly kind: PrivateKeyKind;
  readonly encoding: PrivateKeyEncoding;
  /** Where: a JSON path ("$.keys[0]"), a document member or page; null at the top level. */
  readonly location: string | null;
  /** For people, e.g. "PKCS#8 private key (base64) at $.rationale". Built from fixed labels only. */
  readonly description: string;
}

const KIND_LABEL: Readonly<Record<Exclude<PrivateKeyKind, 'pem-private-key' | 'jwk'>, string>> = {
  'pkcs8': 'PKCS#8 private key',
  'encrypted-pkcs8': 'encrypted PKCS#8 private key',
  'sec1-ec': 'SEC1 EC private key',
  'pkcs1-rsa': 'PKCS#1 RSA private key',
  'openssh': 'OpenSSH private key',
  'putty': 'PuTTY private key',
  'pkcs12': 'PKCS#12/PFX container',
};

const ENCODING_LABEL: Readonly<Record<PrivateKeyEncoding, string>> = {
  'pem': 'PEM',
  'der': 'DER',
  'binary': 'binary',
  'base64': 'base64',
  'hex': 'hex',
  'base32': 'base32',
  'ascii85': 'ascii85',
  'z85': 'Z85',
  'byte-list': 'byte list',
  'gzip': 'gzip',
  'zlib': 'zlib',
  'json': 'JSON',
  'text': 'text',
};

/**
 * `detail` is a PEM label from a fixed list (for pem-private-key) or a JWK member name from
 * JWK_PRIVATE_MEMBERS (for jwk): never text taken from the input.
 */
export function detection(kind: PrivateKeyKind, encoding: PrivateKeyEncoding, detail = ''): PrivateKeyDetection {
  const what = kind === 'pem-private-key' ? (detail === '' ? 'PEM block labelled as a private key' : `PEM block labelled "${detail}"`)
    : kind === 'jwk' ? `JWK with private member "${detail}"`
    : KIND_LABEL[kind];
  return { kind, encoding, location: null, description: `${what} (${ENCODING_LABEL[encoding]})` };
}

/**
 * The detection seen through one more layer of encoding. Material found in the raw bytes of the
 * layer takes the layer's name ("PKCS#8 private key (base64)"); material found in text inside it
 * keeps its own and says where ("… (PEM) inside base64").
 */
export function through(inner: PrivateKeyDetection, encoding: PrivateKeyEncoding): PrivateKeyDetection {
  if (inner.encoding === 'der' || inner.encoding === 'binary') return { ...inner, encoding, description: inner.description.replace(/\((DER|binary)\)$/, `(${ENCODING_LABEL[encoding]})`) };
  return { ...inner, encoding, description: `${inner.description} inside ${ENCODING_LABEL[encoding]}` };
}

export function atLocation(found: PrivateKeyDetection, location: string): PrivateKeyDetection {
  const where = found.location === null ? location : `${location} → ${found.location}`;
  const base = found.location === null ? found.description : found.description.slice(0, found.description.lastIndexOf(` at ${found.location}`));
  return { ...found, location: where, description: `${base} at ${where}` };
}
