// What the private-key scanner reports. A detection names the kind of material and where it was
// found; it never carries the material, so it can be logged and shown to the user.

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

export type PrivateKeyEncoding = 'pem' | 'der' | 'binary' | 'base64' | 'hex' | 'json' | 'text';

export interface PrivateKeyDetection {
  readonly kind: PrivateKeyKind;
  readonly encoding: PrivateKeyEncoding;
  /** Path inside a JSON value ("$.keys[0].d"), or null when found in the top-level text or bytes. */
  readonly location: string | null;
  /** For people, e.g. "PKCS#8 private key (PEM)". Built from fixed labels, never from key bytes. */
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
  pem: 'PEM',
  der: 'DER',
  binary: 'binary',
  base64: 'base64',
  hex: 'hex',
  json: 'JSON',
  text: 'text',
};

/**
 * `detail` is a PEM label (for pem-private-key) or a JWK member name (for jwk); both are reduced to
 * a short run of safe characters by the caller before they get here.
 */
export function detection(kind: PrivateKeyKind, encoding: PrivateKeyEncoding, detail = ''): PrivateKeyDetection {
  const what = kind === 'pem-private-key' ? `PEM block labelled "${detail}"`
    : kind === 'jwk' ? `JWK with private member "${detail}"`
    : KIND_LABEL[kind];
  return { kind, encoding, location: null, description: `${what} (${ENCODING_LABEL[encoding]})` };
}

export function atLocation(found: PrivateKeyDetection, location: string): PrivateKeyDetection {
  return { ...found, location, description: `${found.description} at ${location}` };
}
