// Who is looking at a page (the signed-in principal), and the request a page's address names.
// Acting is the API operations' business: the pages submit their forms through them.
import type { Request } from 'express';
import { ID_PATTERN } from '../../approvals/index.ts';
import { AuthError } from '../auth/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpProblem } from '../errors/http-problem.ts';

export function principalOf(req: Request): Principal {
  if (req.principal === undefined) throw new AuthError('unauthenticated', 'sign in to see this page');
  return req.principal;
}

/** The :requestId path parameter; anything that is not an id is simply not found. */
export function requestIdParam(req: Request): string {
  const id = String(req.params.requestId ?? '');
  if (!ID_PATTERN.test(id)) throw new HttpProblem('request-not-found', 'no such request');
  return id;
}
