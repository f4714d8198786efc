// The problems an operation can answer with, for the OpenAPI document: every stable `code`, by
// status. Codes come from what the operation takes (authentication, CSRF, path, query, body,
// the private-key scan of every request), from the approvals core for a command (REFUSALS of its
// action), and from the route's own list for the rest. The status of a code is the error
// table's (problem.ts), never restated here.
import { REFUSALS } from '../../approvals/index.ts';
import type { OperationDoc } from './openapi.ts';
import { statusOfCode } from '../errors/describe.ts';

export interface ProblemResponse {
  readonly description: string;
  readonly content: { readonly 'application/problem+json': { readonly schema: { readonly $ref: string } } };
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' } as const;

/** What any request to the operation can be refused for, from its shape alone. */
function shapeCodes(op: OperationDoc): string[] {
  const codes = ['private-key-material'];
  if (op.roles !== 'anonymous') codes.push('unauthenticated', 'forbidden');
  if (op.roles !== 'anonymous' && op.method !== 'get') codes.push('csrf-invalid');
  if (op.params !== undefined) codes.push('path-invalid');
  if (op.query !== undefined) codes.push('query-invalid');
  if (op.body?.mediaType === 'application/json') {
    codes.push('body-invalid', 'body-malformed', 'body-incomplete', 'body-too-large', 'body-charset-unsupported', 'body-encoding-unsupported', 'media-type-unsupported');
  } else if (op.body !== undefined) {
    codes.push('body-incomplete', 'body-too-large', 'media-type-invalid');
  }
  return codes;
}

/** The domain's codes: the refusals of the action an operation records, and the route's own. */
function domainCodes(op: OperationDoc): readonly string[] {
  return [...(op.action === undefined ? [] : REFUSALS[op.action]), ...(op.problems ?? [])];
}

/** The codes, and one problem+json response per status naming its codes. */
export function problemResponses(op: OperationDoc): { readonly codes: readonly string[]; readonly responses: Record<string, ProblemResponse> } {
  const codes = [...new Set([...shapeCodes(op), ...domainCodes(op)])].sort();
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = statusOfCode(code);
    if (status === undefined) throw new Error(`${op.operationId}: problem code ${code} has no status in the error table`);
    if (status >= 500) continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ProblemResponse> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `problem details (RFC 9457); code: ${list.join(', ')}`,
      content: { 'application/problem+json': { schema: PROBLEM_REF } },
    };
  }
  return { codes, responses };
}
