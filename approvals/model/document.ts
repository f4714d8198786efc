// Documents cited as evidence: stored by the service (scanned, size-limited) and logged as
// `document.stored`, so a citation can be checked from the log alone. The state keeps what a
// citation must match: the hash and the size; the name is the uploader's label.
import { z } from 'zod';
import { documentHashSchema } from '../ids.ts';
import { countSchema, nameSchema } from '../schema.ts';
import type { Infer } from '../schema.ts';

/** type/subtype with optional parameters, as the upload's Content-Type gave it. */
export const mediaTypeSchema = z.string().min(3).max(200);

export const storedDocumentSchema = z.strictObject({ id: documentHashSchema, size: countSchema, name: nameSchema, mediaType: mediaTypeSchema });
export type StoredDocumentFacts = Infer<typeof storedDocumentSchema>;
