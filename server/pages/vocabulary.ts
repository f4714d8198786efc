// The pages' one vocabulary: how roles, request steps and the actions that unlock them are named
// to people. An account role (auth/roles.ts) and the actor role it acts as in the approvals
// rules and the log (auth/actor.ts) are one role to a reader, so both map to one label here;
// every page and the log show roles through `roleLabel` (the `role` filter), nothing else.
import type { RequestAction, RequestActorKind, RequestStep } from '../../approvals/index.ts';

const ROLE_LABELS: Readonly<Record<string, string>> = {
  // Account roles
  dcc: 'DCC',
  pma_member: 'PMA member',
  pma_chair: 'PMA chair',
  ssc: 'SSC chair',
  auditor: 'auditor',
  admin: 'secretariat',
  // Actor roles in the rules and the log, where they differ from the account role's name
  ssc_chair: 'SSC chair',
  secretariat: 'secretariat',
  system: 'Keygate',
};

/** One label per role, whichever of its names (account, actor, log) a record carries. */
export function roleLabel(role: unknown): string {
  const name = String(role ?? '');
  return Object.hasOwn(ROLE_LABELS, name) ? (ROLE_LABELS[name] as string) : name.replaceAll('_', ' ');
}

/** Who takes an action, as the sentence "after … opens voting" names them. */
export const ACTOR_KIND_LABELS: { readonly [K in RequestActorKind]: string } = {
  requester: 'the DCC',
  pma_chair: 'the PMA chair',
  ssc_chair: 'the SSC chair',
  pma_member: 'a PMA member',
  system: 'Keygate',
};

/** Each state-machine action as the verb phrase after its actor: "the PMA chair opens voting". */
export const ACTION_PHRASES: { readonly [A in RequestAction]: string } = {
  amend: 'amends the request',
  submit: 'submits the request',
  open_consultation: 'opens SSC consultation',
  record_advice: 'records the SSC advice',
  waive_advice: 'records why SSC advice is not sought',
  open_voting: 'opens voting',
  declare_conflict: 'declares a conflict of interest',
  cast_vote: 'votes',
  request_information: 'asks the DCC for more information',
  withdraw: 'withdraws the request',
  approve: 'approves the request',
  reject: 'rejects the request',
  mark_condition_met: 'marks a condition as met',
  execute: 'records the execution',
  expire: 'records the expiry',
  revoke: 'revokes the approval',
  confirm_obligation: "records the source's confirmation of a post-execution condition",
  flag_overdue: 'flags a post-execution condition overdue',
  complete: 'completes the request',
  close_no_decision: 'closes the vote without a decision',
  adjourn: 'adjourns the vote to a named meeting',
};

/** Each step as the task it is for the person who takes it. */
export const STEP_LABELS: { readonly [S in RequestStep]: string } = {
  submit: 'Submit the request to the PMA',
  amend: 'Amend the request',
  withdraw: 'Withdraw the request',
  open_consultation: 'Open SSC consultation',
  request_information: 'Ask the DCC for more information',
  record_advice: "Record the SSC's advice",
  waive_advice: 'Record why SSC advice is not sought',
  open_voting: 'Open voting',
  declare_conflict: 'Declare a conflict of interest',
  cast_vote: 'Cast your votes',
  decide: 'Close voting and record the decision',
  mark_condition_met: 'Mark a condition of the decision as met',
  execute: 'Record the execution',
  confirm_obligation: 'Record a post-execution condition met',
};

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
