// Key identifiers: RFC 5280 section 4.2.1.2, method (2), which GBCS section 12 requires: the
// four-bit type field 0100 followed by the least significant 60 bits of the SHA-1 hash of the
// subjectPublicKey BIT STRING value (excluding tag, length and unused-bits octet). 8 bytes.
import { sha1 } from './encoding.ts';

export const SMKI_KEY_IDENTIFIER_LENGTH = 8;

export function keyIdentifierMethod2(subjectPublicKey: Uint8Array): Uint8Array {
  const id = new Uint8Array(sha1(subjectPublicKey).subarray(20 - SMKI_KEY_IDENTIFIER_LENGTH));
  id[0] = (id[0]! & 0x0f) | 0x40;
  return id;
}
