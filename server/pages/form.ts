// Reading urlencoded forms. The private-key guard has already parsed and scanned the body; these
// helpers only turn its fields into the JSON shapes of the operations the forms submit (text,
// booleans, lists, instants). A repeated field (an array) is refused, never silently reduced to one
// value; the operation's schema validates every value, and the rules check them again.
import type { Request } from 'express';
import { HttpProblem } from '../errors/http-problem.ts';

export type FormFields = Readonly<Record<string, string>>;

/** The form as single-valued strings; anything else is a 400. */
export function formOf(req: Request): FormFields {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpProblem('form-invalid', 'send the form as application/x-www-form-urlencoded');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw new HttpProblem('form-invalid', `the field ${name} was sent more than once`);
    fields[name] = value;
  }
  return fields;
}

/** A field's trimmed text; '' when absent. */
export function text(form: FormFields, name: string): string {
  return (form[name] ?? '').trim();
}

/** One item per non-empty line (lists: conditions, witnesses, references). */
export function lines(form: FormFields, name: string): string[] {
  return text(form, name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

export function checkbox(form: FormFields, name: string): boolean {
  return form[name] === 'on' || form[name] === 'true';
}

/**
 * A `datetime-local` value, read as UTC (the pages say so next to every such field), as an ISO
 * instant; anything else as typed, for the operation's schema to refuse; absent when empty.
 */
export function utcInstant(form: FormFields, name: string): string | undefined {
  const value = text(form, name);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(value);
  const at = m === null ? NaN : Date.parse(`${m[1]}T${m[2]}:${m[3] ?? '00'}Z`);
  if (Number.isNaN(at)) return value === '' ? undefined : value;
  return new Date(at).toISOString();
}
