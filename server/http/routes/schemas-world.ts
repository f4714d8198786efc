// The API's view of a trust anchor (its stored form, with the DER as base64).
import { z } from 'zod';
import { isoInstantSchema } from '../../../approvals/index.ts';
import { CA_KINDS, certificateFingerprintSchema, certificateRecordSchema } from '../../../pki/index.ts';


export const trustAnchorSchema = z.strictObject({
  fingerprint: certificateFingerprintSchema,
  certificate: z.string().meta({ description: 'the CA certificate, base64 DER' }),
  kind: z.enum(CA_KINDS),
  subject: z.string(),
  record: certificateRecordSchema,
  addedAt: isoInstantSchema,
  addedBy: z.string(),
  removed: z.strictObject({ at: isoInstantSchema, by: z.string(), reason: z.string() }).nullable(),
});
