// The schema kit of the approvals core. Every shape the core reads or shows is declared once as
// a zod schema that JSON Schema can express (patterns and brands, no z.custom, no transforms):
// the log parser, the HTTP layer and the OpenAPI document all use these objects, and the
// TypeScript types are inferred from them (`Infer`), read-only all the way down.
import { z } from 'zod';

/** A value's type with every member and element read-only; branded strings stay as they are. */
export type Frozen<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer E)[]
    ? readonly Frozen<E>[]
    : { readonly [K in keyof T]: Frozen<T[K]> };

/** The (read-only) type of what a schema accepts. */
export type Infer<S extends z.ZodType> = Frozen<z.output<S>>;

export const MAX_TEXT = 4000;
export const MAX_LIST = 50;

export const nameSchema = z.string().min(1).max(200);
export const referenceSchema = z.string().min(1).max(500);
export const textSchema = z.string().min(1).max(MAX_TEXT);
export const textsSchema = z.array(textSchema).max(MAX_LIST);
export const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
