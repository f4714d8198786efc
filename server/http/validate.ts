// Parsing of untrusted request parts with zod. Every schema the routes use is strict, so an
// unknown member is refused (never dropped), and a failure becomes one 400 problem whose code
// names the part: body-invalid, query-invalid, path-invalid.
import type { z } from 'zod';
import { HttpProblem } from '../errors/http-problem.ts';

export type InputPart = 'body' | 'query' | 'path';

/** Issues reported per problem; the rest are counted, so a huge invalid body yields a small answer. */
const MAX_ISSUES = 20;

export interface IssueReport {
  readonly path: string;
  readonly message: string;
}

/**
 * zod's messages name expected types, patterns and unknown member names, never the value given:
 * a problem does not echo input back. (Member names were scanned for key material before
 * anything was parsed.)
 */
function reportOf(issue: z.core.$ZodIssue): IssueReport {
  return { path: ['$', ...issue.path.map(String)].join('.'), message: issue.message };
}

export function parseInput<T>(part: InputPart, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const errors = issues.slice(0, MAX_ISSUES).map(reportOf);
  const more = issues.length - errors.length;
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  throw new HttpProblem(`${part}-invalid`, `the request ${part} is invalid: ${detail}`, { errors });
}
