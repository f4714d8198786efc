// Who is acting on a page: the signed-in principal, and the approvals actor it maps to (the same
// mapping as the API, approvalActorOf), refused plainly when the account cannot act.
import type { Request } from 'express';
import { ID_PATTERN } from '../../approvals/index.ts';
import type { Actor } from '../../approvals/index.ts';
import { approvalActorOf } from '../auth/actor.ts';
import { AuthError } from '../auth/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpProblem } from '../errors/http-problem.ts';

export function principalOf(req: Request): Principal {
  if (req.principal === undefined) throw new AuthError('unauthenticated', 'sign in to see this page');
  return req.principal;
}

export function actorOf(req: Request): Actor {
  const actor = approvalActorOf(principalOf(req));
  if (actor === null) throw new AuthError('forbidden', 'your account is not linked to a person on the roster, so it cannot act in the workflow');
  return actor;
}

/** The :requestId path parameter; anything that is not an id is simply not found. */
export function requestIdParam(req: Request): string {
  const id = String(req.params.requestId ?? '');
  if (!ID_PATTERN.test(id)) throw new HttpProblem('request-not-found', 'no such request');
  return id;
}
