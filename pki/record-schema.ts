// The certificate metadata record's one schema: what pki builds (record.ts), what the API shows,
// and, with only the facts the rules read required, what the approvals log keeps. The types are
// inferred from it. Changing a field's meaning is a contract change.
import { z } from 'zod';
import { KEY_USAGE_NAMES } from './extensions.ts';
import { FINDING_SEVERITY } from './findings.ts';
import type { FindingCode } from './findings.ts';
import { CERTIFICATE_KINDS } from './kinds.ts';
import { REMOTE_PARTY_ROLES } from './roles.ts';
import type { RemotePartyRoleName } from './roles.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const FINDING_CODES = Object.keys(FINDING_SEVERITY) as [FindingCode, ...FindingCode[]];
const ROLE_NAMES = Object.keys(REMOTE_PARTY_ROLES) as [RemotePartyRoleName, ...RemotePartyRoleName[]];

/** SHA-256 of a certificate's DER, lower-case hex. */
export const certificateFingerprintSchema = z
  .string()
  .regex(SHA256_HEX, 'not a valid certificate fingerprint')
  .meta({ description: 'certificate fingerprint: SHA-256 of its DER, 64 lower-case hex digits' })
  .brand<'CertificateFingerprint'>();
/** SHA-256 of a SubjectPublicKeyInfo's DER, lower-case hex: the identity of a key. */
export const spkiSha256Schema = z
  .string()
  .regex(SHA256_HEX, 'not a valid SPKI SHA-256')
  .meta({ description: 'SHA-256 of the SubjectPublicKeyInfo DER, 64 lower-case hex digits: the identity of a key' })
  .brand<'SpkiSha256'>();

export type CertificateFingerprint = z.output<typeof certificateFingerprintSchema>;
export type SpkiSha256 = z.output<typeof spkiSha256Schema>;

const instant = z.string().regex(INSTANT).meta({ format: 'date-time', description: 'UTC instant, ISO 8601, ending in Z' });

export const findingSchema = z.strictObject({
  code: z.enum(FINDING_CODES),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const chainSummarySchema = z.strictObject({
  verified: z.boolean(),
  /** Subject certificate first; the trust anchor last when verified. */
  path: z.array(z.strictObject({ subject: z.string(), fingerprint: certificateFingerprintSchema })),
});

export const certificateRecordSchema = z
  .strictObject({
    kind: z.enum(CERTIFICATE_KINDS),
    role: z.number().int().nullable(),
    roleName: z.enum(ROLE_NAMES).nullable(),
    eui: z.string().nullable().meta({ description: 'EUI-64 as 16 upper-case hex digits' }),
    keyUsage: z.array(z.enum(KEY_USAGE_NAMES)),
    policies: z.array(z.string()),
    serial: z.string().meta({ description: 'serial number magnitude, lower-case hex' }),
    issuer: z.string(),
    subject: z.string(),
    validity: z.strictObject({ notBefore: instant, notAfter: instant }),
    ski: z.string().nullable(),
    aki: z.string().nullable(),
    fingerprint: certificateFingerprintSchema,
    spkiSha256: spkiSha256Schema,
    chain: chainSummarySchema,
    valid: z.boolean().meta({ description: 'no finding of severity "error", chain included' }),
    transferable: z.boolean().meta({ description: "the key's kind and role are eligible for transfer; says nothing of validity" }),
    findings: z.array(findingSchema),
  })
  .meta({ description: 'certificate metadata record: SMKI profile and chain findings, validity, transfer eligibility' });

type Frozen<T> = T extends string | number | boolean | null ? T : T extends readonly (infer E)[] ? readonly Frozen<E>[] : { readonly [K in keyof T]: Frozen<T[K]> };

export type CertificateRecord = Frozen<z.output<typeof certificateRecordSchema>>;

