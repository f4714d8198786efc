// DCC Service Providers and the keys they hold.
import type { KeyId, ProviderId } from '../ids.ts';
import type { JsonValue } from '../json.ts';

export const PROVIDER_KINDS = ['dsp', 'csp', 'smki_trust_service', 'tcos_host', 'ecos_party', 'other'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_STATUSES = ['current', 'prospective'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

export interface ServiceProvider {
  readonly id: ProviderId;
  readonly name: string;
  readonly kind: ProviderKind;
  readonly status: ProviderStatus;
}

/**
 * The fields of pki's certificate metadata record the rules read. The record is otherwise opaque:
 * it is kept whole, as JSON, in the event that registers the key.
 */
export interface CertificateFacts {
  readonly kind: string;
  readonly role: number | null;
  readonly spkiSha256: string;
  readonly fingerprint: string;
  readonly valid: boolean;
  readonly transferable: boolean;
  readonly validity: { readonly notBefore: string; readonly notAfter: string };
}

/** The record as stored: the facts above plus whatever else pki put in it. */
export type CertificateRecordJson = CertificateFacts & { readonly [member: string]: JsonValue };

export interface RegisteredKey {
  readonly id: KeyId;
  /** The provider whose systems hold the key now; execution moves it to the target. */
  readonly holderId: ProviderId;
  /** The certificate the key is known by; replaced by the recipient's certificate on execution. */
  readonly certificate: CertificateRecordJson;
}

/** Whether the certificate is usable at `ms`: valid by pki's profile and chain checks, and in its validity period. */
export function isCertificateValidAt(cert: CertificateFacts, ms: number): boolean {
  const from = Date.parse(cert.validity.notBefore);
  const until = Date.parse(cert.validity.notAfter);
  return cert.valid && Number.isFinite(from) && Number.isFinite(until) && from <= ms && ms <= until;
}
