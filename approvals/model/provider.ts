// DCC Service Providers and the keys they hold.
import { z } from 'zod';
import { jsonValueSchema } from '../../audit/entry.ts';
import { certificateRecordSchema } from '../../pki/record-schema.ts';
import { keyIdSchema, providerIdSchema, toKeyId } from '../ids.ts';
import type { KeyId } from '../ids.ts';
import { nameSchema } from '../schema.ts';
import type { Frozen, Infer } from '../schema.ts';

export const PROVIDER_KINDS = ['dsp', 'csp', 'smki_trust_service', 'tcos_host', 'ecos_party', 'other'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_STATUSES = ['current', 'prospective'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

export const providerKindSchema = z.enum(PROVIDER_KINDS);
export const providerStatusSchema = z.enum(PROVIDER_STATUSES);

export const serviceProviderSchema = z.strictObject({ id: providerIdSchema, name: nameSchema, kind: providerKindSchema, status: providerStatusSchema });
export type ServiceProvider = Infer<typeof serviceProviderSchema>;

/** The members of pki's certificate metadata record the rules read. */
const FACTS = { kind: true, role: true, eui: true, spkiSha256: true, fingerprint: true, valid: true, transferable: true, validity: true } as const;

/** The facts as a command gives them: pki's CertificateRecord fits. */
export type CertificateFacts = Frozen<z.input<ReturnType<typeof certificateRecordSchema.pick<typeof FACTS>>>>;

/**
 * pki's record as an event keeps it: whole, as JSON. The facts the rules read are required; the
 * record's other members are checked when present, and members pki may add later are kept as JSON.
 */
export const storedCertificateSchema = certificateRecordSchema.partial().required(FACTS).catchall(jsonValueSchema);
export type CertificateRecordJson = Infer<typeof storedCertificateSchema>;

export const registeredKeySchema = z.strictObject({
  id: keyIdSchema,
  /** The provider whose systems hold the key now; execution moves it to the target. */
  holderId: providerIdSchema,
  /** The certificate the key is known by; replaced by the recipient's certificate on execution. */
  certificate: storedCertificateSchema,
});
export type RegisteredKey = Infer<typeof registeredKeySchema>;

/** The key a certificate is for: the key id is the certificate's spkiSha256. */
export function keyIdOf(cert: CertificateFacts): KeyId {
  return toKeyId(cert.spkiSha256);
}

/** Whether the certificate is usable at `ms`: valid by pki's profile and chain checks, and in its validity period. */
export function isCertificateValidAt(cert: CertificateFacts, ms: number): boolean {
  const from = Date.parse(cert.validity.notBefore);
  const until = Date.parse(cert.validity.notAfter);
  return cert.valid && Number.isFinite(from) && Number.isFinite(until) && from <= ms && ms <= until;
}
