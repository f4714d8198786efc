// What awaits each person, derived from the steps the rules would accept now (nextSteps, the same
// source as the request page's forms), so the dashboard never promises an action the rules
// refuse, and says what a person's part waits for when nothing is theirs to do yet. Which open
// step is the task for the state (and which are only options) is the dashboard's own choice.
import { VOTE_SUBJECTS, conditionDueAt, currentRevision, latestAdvice, recusalOf, toPersonId, unmetConditions } from '../../../approvals/index.ts';
import type { ApprovalState, TransferRequest } from '../../../approvals/index.ts';
import type { Principal } from '../../auth/principal.ts';
import { utc } from '../render.ts';
import { isOpen, nextSteps } from './next-steps.ts';
import type { NextSteps } from './next-steps.ts';

export interface Awaiting {
  readonly requestId: string;
  readonly state: string;
  readonly task: string;
  /** A note that is not a task (a recusal, what a step waits for), shown apart. */
  readonly info?: boolean;
  /** A post-execution condition is past its deadline. */
  readonly overdue?: boolean;
}

/** The one task an open step makes of the request, in order of what the process needs next; null when none. */
function taskOf(r: TransferRequest, world: ApprovalState, p: Principal, steps: NextSteps): string | null {
  const open = (s: Parameters<typeof isOpen>[1]) => isOpen(steps, s);
  const hash = currentRevision(r).hash;
  if (open('submit')) return 'Submit the draft to the PMA (or amend it first).';
  if (open('amend') && r.state === 'information_requested') return "Answer the PMA's questions by amending the request.";
  if (open('confirm_obligation')) return `Record ${unmetConditions(r, 'after_execution').length} post-execution condition(s) met (the source's confirmation, with evidence).`;
  if (open('execute')) return `Record the execution (window ends ${utc(currentRevision(r).content.executionWindow.until)}).`;
  if (open('mark_condition_met')) return `Mark ${unmetConditions(r).length} decision condition(s) as met.`;
  if (open('decide')) return 'Check the tally and close voting.';
  if (open('open_consultation')) return 'Open SSC consultation (or voting).';
  if (open('open_voting')) return latestAdvice(r, hash) !== null ? 'SSC advice is in: open voting.' : open('waive_advice') ? 'Awaiting SSC advice: open voting when it is in, or record why it is not sought.' : 'Open voting.';
  if (open('record_advice') && latestAdvice(r, hash) === null) return 'Give the SSC advice on the current revision.';
  if (open('cast_vote') && p.personId !== null) {
    const cast = new Set(r.votes.filter((v) => v.voterId === p.personId && v.revisionHash === hash).map((v) => v.subject));
    return cast.size === VOTE_SUBJECTS.length ? null : `Cast your votes: ${cast.size} of ${VOTE_SUBJECTS.length} subjects done.`;
  }
  return null;
}

function recusalNote(r: TransferRequest, world: ApprovalState, p: Principal): string | null {
  if (p.role !== 'pma_member' || p.personId === null || r.state !== 'voting') return null;
  const person = world.people.get(toPersonId(p.personId));
  const recusal = person === undefined ? null : recusalOf(r, person);
  return recusal === null ? null : `You are recused (${recusal.replaceAll('_', ' ')}) and cannot vote.`;
}

/** Post-execution conditions past their deadline and unmet: shown to everyone, flagged in the log or not yet. */
function overdueNote(r: TransferRequest, now: Date): string | null {
  if (r.state !== 'executed') return null;
  const open = new Set(unmetConditions(r, 'after_execution'));
  const late = (r.decision?.conditions ?? []).filter((c) => {
    const due = conditionDueAt(r, c);
    return open.has(c.conditionId) && due !== null && Date.parse(due) < now.getTime();
  });
  return late.length === 0 ? null : `Overdue after execution: ${late.map((c) => `${c.conditionId} (due ${utc(conditionDueAt(r, c))})`).join(', ')}.`;
}

function awaitingOn(r: TransferRequest, world: ApprovalState, p: Principal, now: Date): Awaiting[] {
  const steps = nextSteps(world, r, p, now);
  const task = taskOf(r, world, p, steps);
  const overdue = overdueNote(r, now);
  if (overdue !== null) return [{ requestId: r.id, state: r.state, task: task === null ? overdue : `${overdue} ${task}`, overdue: true }];
  if (task !== null) return [{ requestId: r.id, state: r.state, task }];
  const recusal = recusalNote(r, world, p);
  if (recusal !== null) return [{ requestId: r.id, state: r.state, task: recusal, info: true }];
  // Nothing to do: say what the person's part waits for (the first hint: the next thing to happen).
  const hint = steps.hints[0];
  return hint === undefined ? [] : [{ requestId: r.id, state: r.state, task: `${hint.label}: ${hint.waitsFor}.`, info: true }];
}

export function awaitingFor(principal: Principal, requests: readonly TransferRequest[], world: ApprovalState, now: Date): Awaiting[] {
  return requests.flatMap((r) => awaitingOn(r, world, principal, now));
}
