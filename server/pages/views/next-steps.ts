// What the signed-in person can do on a request now, and what each of their other steps waits
// for, from the approvals core's checkSteps (the rules' own checklist run on the most favourable
// event) and unlockedBy (the transition table). The pages only word the answers: a form is shown
// when its step is open, and a closed step of the person's part says why, in the rules' words or
// as the actions that would unlock it. No rule is restated here.
import { checkSteps, stepsOfRole, unlockedBy } from '../../../approvals/index.ts';
import type { ApprovalErrorCode, ApprovalState, RequestActorKind, RequestStep, StepCheck, TransferRequest, Unlock } from '../../../approvals/index.ts';
import { approvalActorOf } from '../../auth/actor.ts';
import type { Principal } from '../../auth/principal.ts';
import { utc } from '../render.ts';
import { ACTION_PHRASES, ACTOR_KIND_LABELS, STEP_LABELS, orList } from '../vocabulary.ts';

export interface StepHint {
  readonly step: RequestStep;
  readonly label: string;
  readonly waitsFor: string;
}

export interface NextSteps {
  readonly checks: Partial<Readonly<Record<RequestStep, StepCheck>>>;
  /** The person's own steps that are closed now and will open when something happens. */
  readonly hints: readonly StepHint[];
}

/** Refusals that say a step is done, or not this person's to take, rather than not yet. */
const SETTLED = new Set<ApprovalErrorCode>([
  'state-terminal',
  'request-already-decided',
  'advice-already-recorded',
  'condition-already-met',
  'condition-unknown',
  'conflict-already-declared',
  'voter-recused',
  'voter-requester-affiliated',
  'role-conflict',
  'actor-role-not-allowed',
]);

/** Refusals of the state machine: the hint is what would move the request on. */
const STATE_REFUSALS = new Set<ApprovalErrorCode>(['transition-refused', 'request-not-approved']);

/** "the PMA chair opens SSC consultation or opens voting": unlocking actions grouped by who takes them. */
function unlockPhrase(unlocks: readonly Unlock[]): string {
  const byActor = new Map<RequestActorKind, string[]>();
  for (const u of unlocks) byActor.set(u.by, [...(byActor.get(u.by) ?? []), ACTION_PHRASES[u.action]]);
  return orList([...byActor].map(([by, phrases]) => `${ACTOR_KIND_LABELS[by]} ${orList(phrases)}`));
}

/** The rules' refusal as a clause: "no quorum: …", with ISO instants said the way the pages say times. */
function refusalClause(reason: string): string {
  return reason.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, utc);
}

function hintOf(r: TransferRequest, check: StepCheck): StepHint | null {
  if (check.open || SETTLED.has(check.code)) return null;
  const label = STEP_LABELS[check.step];
  if (STATE_REFUSALS.has(check.code)) {
    const unlocks = unlockedBy(r, check.step);
    return unlocks.length === 0 ? null : { step: check.step, label, waitsFor: `after ${unlockPhrase(unlocks)}` };
  }
  return { step: check.step, label, waitsFor: `not yet: ${refusalClause(check.reason)}` };
}

/** The person's steps on `r` at `now`; an account that does not act in the workflow has none. */
export function nextSteps(world: ApprovalState, r: TransferRequest, principal: Principal, now: Date): NextSteps {
  const actor = approvalActorOf(principal);
  if (actor === null) return { checks: {}, hints: [] };
  const all = checkSteps(world, r, actor, now);
  const mine = stepsOfRole(actor.role);
  const checks = Object.fromEntries(mine.map((s) => [s, all[s]]));
  return { checks, hints: mine.map((s) => hintOf(r, all[s])).filter((h): h is StepHint => h !== null) };
}

export function isOpen(steps: NextSteps, step: RequestStep): boolean {
  return steps.checks[step]?.open === true;
}
