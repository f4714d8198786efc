// The API's own schemas: a certificate given as text, and RFC 9457 problem details. Every other
// shape is the cores' (approvals, pki, audit), declared there once.
import { z } from 'zod';


const PEM = /-----BEGIN /;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A certificate as JSON text: PEM, or standard base64 of the DER. The bytes go to pki's parser
 * as they are; whitespace in base64 is not accepted (it would be silently removed).
 */
export const certificateText = z
  .string()
  .min(1)
  .max(128 * 1024)
  .refine((s) => PEM.test(s) || BASE64.test(s), 'not a PEM certificate nor base64 DER')
  .meta({ description: 'an X.509 certificate: PEM text, or standard base64 of its DER' })
  .transform((s): string | Buffer => (PEM.test(s) ? s : Buffer.from(s, 'base64')));

/** What pki refuses a certificate given as text for: the problems of every route that takes one. */
export const CERTIFICATE_TEXT_PROBLEMS = ['input-empty', 'input-too-large', 'input-too-complex', 'not-a-certificate', 'pem-malformed', 'certificate-malformed', 'too-many-certificates'] as const;

/** RFC 9457 problem details as keygate writes them. */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'stable machine-readable reason; the contract' }),
    detail: z.string(),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
    evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .meta({ description: 'RFC 9457 problem details' });
