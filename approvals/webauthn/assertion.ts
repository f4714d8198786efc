// Verifies a WebAuthn assertion over a signed statement (W3C WebAuthn Level 3, §7.2 "Verifying an
// Authentication Assertion", the steps that apply when the challenge is derived rather than
// issued). The same function runs on the server before a command is accepted and in
// `keygate log replay` from the export alone, so it is synchronous, needs only node:crypto and the
// entry's own fields, and trusts none of them:
//   1. the assertion names the credential it is checked against;
//   2. clientDataJSON: type "webauthn.get", challenge = base64url(SHA-256(statement bytes)), the
//      relying party's origin, not a cross-origin call;
//   3. authenticatorData: rpIdHash = SHA-256(relying party ID), user present (UP);
//   4. the signature over authenticatorData || SHA-256(clientDataJSON) with the credential's COSE key.
import crypto from 'node:crypto';
import { parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { parseCoseKey, verifyCoseSignature } from './cose-key.ts';
import { WebAuthnError } from './errors.ts';

/** WebAuthn §5.8.1: the type an assertion's client data carries. */
const ASSERTION_TYPE = 'webauthn.get';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** WebAuthn §6.1: rpIdHash (32) + flags (1) + signCount (4). */
const MIN_AUTHENTICATOR_DATA = 37;

/** The assertion fields an entry keeps, each base64url. */
export interface WebAuthnAssertion {
  readonly credentialId: string;
  readonly authenticatorData: string;
  readonly clientDataJSON: string;
  readonly signature: string;
}

/** The enrolled credential: its id and COSE public key, base64url. */
export interface WebAuthnCredentialKey {
  readonly credentialId: string;
  readonly publicKey: string;
}

/** Where the assertion must have been made: KEYGATE_PUBLIC_URL's origin and host. */
export interface RelyingParty {
  readonly origin: string;
  readonly rpId: string;
}

export interface VerifiedAssertion {
  readonly credentialId: string;
  readonly userVerified: boolean;
  readonly signCount: number;
}

/** base64url(SHA-256(statement)): the challenge a statement's assertion must carry. */
export function statementChallenge(statement: string): string {
  return crypto.createHash('sha256').update(statement, 'utf8').digest('base64url');
}

/** The relying party of a public URL: its origin, and its host name as the RP ID. */
export function relyingPartyOf(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { origin: url.origin, rpId: url.hostname };
}

function bytes(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || value.length === 0 || !BASE64URL.test(value)) throw new WebAuthnError('webauthn-malformed', `${field} is not base64url`);
  return Buffer.from(value, 'base64url');
}

interface ClientData {
  readonly type: unknown;
  readonly challenge: unknown;
  readonly origin: unknown;
  readonly crossOrigin?: unknown;
}

function parseClientData(raw: Buffer): ClientData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (cause) {
    throw new WebAuthnError('webauthn-malformed', 'clientDataJSON is not JSON', { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new WebAuthnError('webauthn-malformed', 'clientDataJSON is not an object');
  return parsed as ClientData;
}

function checkClientData(clientData: ClientData, statement: string, rp: RelyingParty): void {
  if (clientData.type !== ASSERTION_TYPE) throw new WebAuthnError('webauthn-type-mismatch', `clientDataJSON's type is ${JSON.stringify(clientData.type)}, not "${ASSERTION_TYPE}"`);
  if (clientData.challenge !== statementChallenge(statement)) throw new WebAuthnError('webauthn-challenge-mismatch', "clientDataJSON's challenge is not the SHA-256 of the statement");
  if (clientData.origin !== rp.origin) throw new WebAuthnError('webauthn-origin-mismatch', `the assertion was made on ${JSON.stringify(clientData.origin)}, not ${rp.origin}`);
  if (clientData.crossOrigin === true) throw new WebAuthnError('webauthn-origin-mismatch', 'the assertion was made in a cross-origin frame');
}

function checkAuthenticatorData(raw: Buffer, rp: RelyingParty): { userVerified: boolean; signCount: number } {
  if (raw.length < MIN_AUTHENTICATOR_DATA) throw new WebAuthnError('webauthn-malformed', `authenticatorData has ${raw.length} bytes, fewer than ${MIN_AUTHENTICATOR_DATA}`);
  let parsed: ReturnType<typeof parseAuthenticatorData>;
  try {
    parsed = parseAuthenticatorData(new Uint8Array(raw));
  } catch (cause) {
    throw new WebAuthnError('webauthn-malformed', 'authenticatorData does not parse', { cause });
  }
  const expected = crypto.createHash('sha256').update(rp.rpId, 'utf8').digest();
  if (!crypto.timingSafeEqual(Buffer.from(parsed.rpIdHash), expected)) throw new WebAuthnError('webauthn-rp-id-mismatch', `the authenticator signed for another relying party than ${rp.rpId}`);
  if (!parsed.flags.up) throw new WebAuthnError('webauthn-user-not-present', 'the authenticator did not report the user present');
  return { userVerified: parsed.flags.uv, signCount: parsed.counter };
}

/**
 * The relying party an assertion says it was made on, for a verifier that does not know the
 * server's public URL (replay, from the export alone): the origin in clientDataJSON, which must be
 * a secure origin with a host name (https, or http on localhost), and its host as the RP ID. The
 * authenticator binds a credential to one RP ID, so verifyWebAuthnAssertion's rpIdHash check then
 * ties the signed authenticatorData to that origin's host.
 */
export function relyingPartyOfAssertion(assertion: Pick<WebAuthnAssertion, 'clientDataJSON'>): RelyingParty {
  const { origin } = parseClientData(bytes(assertion.clientDataJSON, 'clientDataJSON'));
  let url: URL | null = null;
  try {
    url = typeof origin === 'string' ? new URL(origin) : null;
  } catch {
    url = null;
  }
  const secure = url !== null && (url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost'));
  if (url === null || !secure || url.origin !== origin || /^[\d.]+$|^\[/.test(url.hostname)) throw new WebAuthnError('webauthn-origin-mismatch', `the assertion names ${JSON.stringify(origin)}, not a secure origin with a host name`);
  return { origin: url.origin, rpId: url.hostname };
}

/** Verifies `assertion` as a signature of `statement` by `credential`, made on `rp`; throws a coded WebAuthnError otherwise. */
export function verifyWebAuthnAssertion(statement: string, assertion: WebAuthnAssertion, credential: WebAuthnCredentialKey, rp: RelyingParty): VerifiedAssertion {
  if (assertion.credentialId !== credential.credentialId) throw new WebAuthnError('webauthn-credential-mismatch', 'the assertion was made with another credential');
  const authenticatorData = bytes(assertion.authenticatorData, 'authenticatorData');
  const clientDataJSON = bytes(assertion.clientDataJSON, 'clientDataJSON');
  const signature = bytes(assertion.signature, 'signature');
  const verifier = parseCoseKey(bytes(credential.publicKey, 'the credential public key'));
  checkClientData(parseClientData(clientDataJSON), statement, rp);
  const flags = checkAuthenticatorData(authenticatorData, rp);
  const signed = Buffer.concat([authenticatorData, crypto.createHash('sha256').update(clientDataJSON).digest()]);
  verifyCoseSignature(verifier, signed, signature);
  return { credentialId: credential.credentialId, ...flags };
}
