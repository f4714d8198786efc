// The WebAuthn registration ceremony (WebAuthn §7.1) for a person's passkey, with
// @simplewebauthn/server. It yields only the credential's public part (credential ID, COSE public
// key, AAGUID); enrolling it is a separate, signed command whose proof of possession is an
// assertion by the new credential over the enrolment statement.
//
// The ceremony is stateless, so any server instance can finish what another began: the challenge
// is the SHA-256 of a ticket (RFC 8785 JSON naming the person, the relying party's origin, the
// time and a random nonce) that the page echoes back. The ticket must name the caller and be at
// most TICKET_LIFETIME_MS old. Its freshness is not what the enrolment's security rests on (the
// signed, replay-checked enrolment statement is); it only keeps stale ceremonies from completing.
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { RelyingParty } from '../../approvals/webauthn/assertion.ts';
import { parseCoseKey } from '../../approvals/webauthn/cose-key.ts';
import { ServiceError } from './errors.ts';

const TICKET_PURPOSE = 'keygate passkey registration';
export const TICKET_LIFETIME_MS = 10 * 60_000;
/** COSE algorithms offered to the authenticator: those the statement verifier accepts (EdDSA, ES256, RS256). */
const SUPPORTED_ALGORITHMS = [-8, -7, -257];

/** The public part of a registered passkey, as an enrolment carries it (all base64url but the AAGUID). */
export interface RegisteredPasskey {
  readonly credentialId: string;
  readonly publicKey: string;
  /** The authenticator model's AAGUID, "00000000-0000-0000-0000-000000000000" when it does not say. */
  readonly aaguid: string;
}

export interface RegistrationTicket {
  readonly purpose: typeof TICKET_PURPOSE;
  readonly personId: string;
  readonly origin: string;
  readonly issuedAt: string;
  readonly nonce: string;
}

export interface PasskeyHolder {
  readonly personId: string;
  /** Shown by the authenticator's account picker. */
  readonly name: string;
  /** Credential IDs the person already has: the authenticator refuses to register a second one on the same device. */
  readonly existing: readonly string[];
}

const challengeOf = (ticket: RegistrationTicket): string => crypto.createHash('sha256').update(canonicalize(ticket) ?? '').digest('base64url');

function refuse(message: string, cause?: unknown): never {
  throw new ServiceError('passkey-registration-invalid', message, cause === undefined ? {} : { cause });
}

function parseTicket(value: unknown): RegistrationTicket {
  const t = value as Partial<Record<keyof RegistrationTicket, unknown>> | null;
  if (typeof t !== 'object' || t === null || t.purpose !== TICKET_PURPOSE) refuse('the registration ticket is missing or not ours');
  for (const field of ['personId', 'origin', 'issuedAt', 'nonce'] as const) if (typeof t[field] !== 'string') refuse(`the registration ticket has no ${field}`);
  return t as RegistrationTicket;
}

export class PasskeyRegistration {
  constructor(
    private readonly rp: RelyingParty,
    private readonly now: () => Date,
  ) {}

  /** The options for navigator.credentials.create(), and the ticket to echo back with its response. */
  async begin(holder: PasskeyHolder): Promise<{ readonly options: PublicKeyCredentialCreationOptionsJSON; readonly ticket: RegistrationTicket }> {
    const ticket: RegistrationTicket = { purpose: TICKET_PURPOSE, personId: holder.personId, origin: this.rp.origin, issuedAt: this.now().toISOString(), nonce: crypto.randomBytes(16).toString('base64url') };
    const options = await generateRegistrationOptions({
      rpName: 'SMKI Keygate',
      rpID: this.rp.rpId,
      userName: holder.name,
      userID: new Uint8Array(Buffer.from(holder.personId, 'utf8')),
      challenge: new Uint8Array(Buffer.from(challengeOf(ticket), 'base64url')),
      attestationType: 'none',
      excludeCredentials: holder.existing.map((id) => ({ id })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    return { options, ticket };
  }

  /** Verifies the authenticator's response to begin()'s options for `personId`; the passkey's public part, or a coded refusal. */
  async finish(personId: string, ticketValue: unknown, response: unknown): Promise<RegisteredPasskey> {
    const ticket = parseTicket(ticketValue);
    if (ticket.personId !== personId) refuse('the registration was begun for another person');
    const age = this.now().getTime() - Date.parse(ticket.issuedAt);
    if (!(age >= 0 && age <= TICKET_LIFETIME_MS)) refuse('the registration has expired: start again');
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: response as RegistrationResponseJSON,
        expectedChallenge: challengeOf(ticket),
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpId,
        requireUserVerification: false,
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      });
    } catch (cause) {
      refuse(`the passkey's registration does not verify: ${cause instanceof Error ? cause.message : 'malformed response'}`, cause);
    }
    if (!verified.verified) refuse("the passkey's registration does not verify");
    const { credential, aaguid } = verified.registrationInfo;
    const publicKey = Buffer.from(credential.publicKey).toString('base64url');
    // The enrolled key must be one every later signature can be checked with, here and in replay.
    try {
      parseCoseKey(credential.publicKey);
    } catch (cause) {
      refuse("the passkey's public key is not one signatures can be checked with", cause);
    }
    return { credentialId: credential.id, publicKey, aaguid };
  }
}
