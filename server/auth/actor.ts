// Maps an account to the actor the approvals rules and the audit log see. Separation of duties
// starts here: an admin acts as the PMA secretariat (roster, providers, keys, policy) and never
// as a voter or requester; the rules then refuse anyone acting in two roles on one request.
import type { Actor as ApprovalActor, ActorRole } from '../../approvals/index.ts';
import type { Principal } from './principal.ts';

const ACTOR_ROLE: Record<Principal['role'], ActorRole | null> = {
  dcc: 'dcc',
  pma_member: 'pma_member',
  pma_chair: 'pma_chair',
  ssc: 'ssc_chair',
  admin: 'secretariat',
  auditor: null,
};

/** The approvals actor for a principal, or null when the account cannot act in the workflow. */
export function approvalActorOf(p: Principal): ApprovalActor | null {
  const role = ACTOR_ROLE[p.role];
  if (role === null) return null;
  if (role === 'secretariat') return { id: p.username, role };
  return p.personId === null ? null : { id: p.personId, role };
}

/** The actor recorded in log entries written outside the approvals rules (trust anchors, accounts). */
export function logActorOf(p: Principal): { id: string; role: string } {
  return { id: p.personId ?? p.username, role: p.role };
}
