// Who acts on a request, per action, and in which one role. The chair's and the SSC chair's
// actions need an appointment in force at the event's time.
import { assertNever } from '../assert-never.ts';
import type { Actor } from '../event-types.ts';
import type { Person } from '../model/roster.ts';
import type { ParticipantRole, TransferRequest } from '../model/request.ts';
import type { ApprovalState } from '../state-types.ts';
import { requireActorRole, requireDccActor, requireParticipantRole, requirePmaMemberActor } from './actor.ts';
import { requireChairActor } from './appointment.ts';
import type { RequestAction } from './transitions.ts';

export type RequestActorKind = ParticipantRole | 'system';

export const ACTOR_OF_ACTION: { readonly [A in RequestAction]: RequestActorKind } = {
  amend: 'requester',
  submit: 'requester',
  withdraw: 'requester',
  execute: 'requester',
  open_consultation: 'pma_chair',
  waive_advice: 'pma_chair',
  open_voting: 'pma_chair',
  request_information: 'pma_chair',
  approve: 'pma_chair',
  reject: 'pma_chair',
  mark_condition_met: 'pma_chair',
  revoke: 'pma_chair',
  record_advice: 'ssc_chair',
  declare_conflict: 'pma_member',
  cast_vote: 'pma_member',
  expire: 'system',
  confirm_obligation: 'requester',
  flag_overdue: 'system',
  complete: 'system',
  close_no_decision: 'pma_chair',
  adjourn: 'pma_chair',
};

/** Checks the actor may take `action` on the request at `atMs`; returns the person, or null for the system. */
export function requireRequestActor(state: ApprovalState, request: TransferRequest, actor: Actor, action: RequestAction, atMs: number): Person | null {
  const kind = ACTOR_OF_ACTION[action];
  const person = requirePersonFor(state, actor, kind, atMs, action);
  if (person !== null && kind !== 'system') requireParticipantRole(request, person.id, kind);
  return person;
}

function requirePersonFor(state: ApprovalState, actor: Actor, kind: RequestActorKind, atMs: number, action: RequestAction): Person | null {
  switch (kind) {
    case 'requester':
      return requireDccActor(state, actor, action);
    case 'pma_chair':
      return requireChairActor(state, actor, 'smki_pma', atMs, action);
    case 'ssc_chair':
      return requireChairActor(state, actor, 'ssc', atMs, action);
    case 'pma_member':
      return requirePmaMemberActor(state, actor, action);
    case 'system':
      requireActorRole(actor, ['system'], action);
      return null;
    default:
      return assertNever(kind);
  }
}
