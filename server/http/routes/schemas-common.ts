// The API's shared schemas: identifiers, dates, texts, attachments, certificates given as text.
// They mirror the approvals core's event schemas (approvals/event-schemas.ts) with shapes JSON
// Schema can express, so the OpenAPI document is generated from what is actually parsed. The
// transforms only brand a value already checked (a string becomes a RequestId); none changes
// it. The core parses every command again as the event it becomes, so a drift here fails closed.
import { z } from 'zod';
import {
  ID_PATTERN,
  MAX_LIST,
  MAX_TEXT,
  SHA256_HEX_PATTERN,
  isCalendarDate,
  isIsoInstant,
  toAppointmentId,
  toConditionId,
  toDocumentHash,
  toKeyId,
  toPersonId,
  toPolicyVersion,
  toProviderId,
  toRequestId,
  toRevisionHash,
} from '../../../approvals/index.ts';
import type { Attachment, CalendarDate, IsoInstant } from '../../../approvals/index.ts';

const idString = (what: string) => z.string().regex(ID_PATTERN, `not a valid ${what}`).meta({ description: `${what}: a letter or digit, then letters, digits and ._:- (at most 128)` });
const hexString = (what: string) => z.string().regex(SHA256_HEX_PATTERN, `not a valid ${what}`).meta({ description: `${what}: SHA-256, 64 lower-case hex digits` });

export const personId = idString('person id').transform(toPersonId);
export const providerId = idString('provider id').transform(toProviderId);
export const appointmentId = idString('appointment id').transform(toAppointmentId);
export const requestId = idString('request id').transform(toRequestId);
export const conditionId = idString('condition id').transform(toConditionId);
export const keyId = hexString('key id (SPKI SHA-256)').transform(toKeyId);
export const revisionHash = hexString('revision hash').transform(toRevisionHash);
export const documentHash = hexString('document hash').transform(toDocumentHash);
export const fingerprint = hexString('certificate fingerprint');

export const isoInstant = z
  .string()
  .refine(isIsoInstant, 'not a UTC ISO 8601 instant (YYYY-MM-DDTHH:MM:SS[.fff]Z)')
  .meta({ format: 'date-time', description: 'UTC instant, ISO 8601, ending in Z' })
  .transform((s) => s as IsoInstant);
export const calendarDate = z
  .string()
  .refine(isCalendarDate, 'not a YYYY-MM-DD date')
  .meta({ format: 'date', description: 'calendar date, YYYY-MM-DD, read in UTC' })
  .transform((s) => s as CalendarDate);
export const policyVersion = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).transform(toPolicyVersion);

export const name = z.string().min(1).max(200);
export const reference = z.string().min(1).max(500);
export const text = z.string().min(1).max(MAX_TEXT);
export const texts = z.array(text).max(MAX_LIST);
export const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const attachment: z.ZodType<Attachment, unknown> = z.strictObject({ sha256: documentHash, size: count, name });
export const attachments = z.array(attachment).max(MAX_LIST);

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
