// Errors of the pki module. Codes are the contract; messages are for people.
// A PkiError never carries key bytes: evidence names what was found, not the material itself.
import type { PrivateKeyDetection } from './private-key-types.ts';

export type PkiErrorCode =
  // The caller's input cannot be used at all.
  | 'input-empty'
  | 'input-too-large'
  | 'input-too-complex'
  | 'not-a-certificate'
  | 'pem-malformed'
  | 'certificate-malformed'
  | 'too-many-certificates'
  | 'anchor-malformed'
  | 'invalid-time'
  // Private key material was found: the whole input is refused.
  | 'private-key-material'
  // A free-text field holds a long run of an encoding's alphabet: such data goes in a document.
  | 'encoded-text'
  // A document cannot be scanned for private keys (a decompression bomb, encryption, a format
  // that cannot be unpacked): it is refused rather than stored unscanned.
  | 'document-bomb'
  | 'document-unscannable'
  // The configuration handed to the core is unusable.
  | 'policy-invalid'
  // Trust-anchor registration refused (trust-anchor.ts).
  | 'anchor-not-ca'
  | 'anchor-invalid'
  | 'anchor-exists'
  | 'anchor-not-found';

export class PkiError extends Error {
  readonly code: PkiErrorCode;
  /** Set only for `private-key-material`: what was found and where, never the bytes. */
  readonly detection: PrivateKeyDetection | undefined;

  constructor(code: PkiErrorCode, message: string, options: { cause?: unknown; detection?: PrivateKeyDetection } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PkiError';
    this.code = code;
    this.detection = options.detection;
  }
}
