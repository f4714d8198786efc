// Errors of the WebAuthn verifier. Codes are the contract: the server maps them to a refused
// signature, replay names them per entry. Messages say which check failed, never key material.

export type WebAuthnErrorCode =
  /** A field is not base64url, clientDataJSON is not JSON, authenticatorData is too short, the COSE key does not decode. */
  | 'webauthn-malformed'
  /** The COSE key's type, curve or algorithm is not one this verifier accepts. */
  | 'webauthn-key-unsupported'
  /** The assertion names another credential than the one it is checked against. */
  | 'webauthn-credential-mismatch'
  | 'webauthn-type-mismatch'
  /** clientDataJSON's challenge is not base64url(SHA-256(statement)). */
  | 'webauthn-challenge-mismatch'
  | 'webauthn-origin-mismatch'
  /** authenticatorData's rpIdHash is not SHA-256 of the relying party ID. */
  | 'webauthn-rp-id-mismatch'
  /** The authenticator did not report the user present (UP flag). */
  | 'webauthn-user-not-present'
  | 'webauthn-signature-invalid';

export class WebAuthnError extends Error {
  override readonly name = 'WebAuthnError';
  readonly code: WebAuthnErrorCode;

  constructor(code: WebAuthnErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isWebAuthnError(err: unknown, code?: WebAuthnErrorCode): err is WebAuthnError {
  return err instanceof WebAuthnError && (code === undefined || err.code === code);
}
