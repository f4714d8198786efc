// What awaits each role, derived from the requests and the rules' own helpers (recusal, advice
// per revision, unmet conditions), so the dashboard never promises an action the rules refuse
// for a reason it could have known.
import { VOTE_SUBJECTS, currentRevision, latestAdvice, latestWaiver, recusalOf, toPersonId, unmetConditions } from '../../../approvals/index.ts';
import type { ApprovalState, TransferRequest } from '../../../approvals/index.ts';
import type { Principal } from '../../auth/principal.ts';

export interface Awaiting {
  readonly requestId: string;
  readonly state: string;
  readonly task: string;
  /** A note that is not a task (a recusal), shown apart. */
  readonly info?: boolean;
}

type Rule = (r: TransferRequest, world: ApprovalState, p: Principal) => string | null;

const DCC: Rule = (r) => {
  switch (r.state) {
    case 'draft': return 'Submit the draft to the PMA (or amend it first).';
    case 'information_requested': return "Answer the PMA's questions by amending the request.";
    case 'approved': return r.execution === null ? `Record the execution (window ends ${currentRevision(r).content.executionWindow.until}).` : null;
    default: return null;
  }
};

const CHAIR: Rule = (r) => {
  const hash = currentRevision(r).hash;
  switch (r.state) {
    case 'submitted': return 'Open SSC consultation (or voting).';
    case 'ssc_consultation': return latestAdvice(r, hash) !== null || latestWaiver(r, hash) !== null ? 'SSC advice is in: open voting.' : 'Awaiting SSC advice; you may record why it is not sought.';
    case 'voting': return 'Check the tally and close voting.';
    case 'approved': return unmetConditions(r).length > 0 ? `Mark ${unmetConditions(r).length} decision condition(s) as met.` : null;
    default: return null;
  }
};

const SSC: Rule = (r) => {
  if (r.state !== 'ssc_consultation' && r.state !== 'voting') return null;
  return latestAdvice(r, currentRevision(r).hash) === null ? 'Give the SSC advice on the current revision.' : null;
};

function memberTask(r: TransferRequest, world: ApprovalState, p: Principal): Awaiting | null {
  if (r.state !== 'voting' || p.personId === null) return null;
  const person = world.people.get(toPersonId(p.personId));
  if (person === undefined) return null;
  const recusal = recusalOf(r, person);
  if (recusal !== null) return { requestId: r.id, state: r.state, task: `You are recused (${recusal.replaceAll('_', ' ')}) and cannot vote.`, info: true };
  const hash = currentRevision(r).hash;
  const cast = new Set(r.votes.filter((v) => v.voterId === person.id && v.revisionHash === hash).map((v) => v.subject));
  if (cast.size === VOTE_SUBJECTS.length) return null;
  return { requestId: r.id, state: r.state, task: `Cast your votes: ${cast.size} of ${VOTE_SUBJECTS.length} subjects done.` };
}

const RULES: Partial<Record<Principal['role'], Rule>> = { dcc: DCC, pma_chair: CHAIR, ssc: SSC };

export function awaitingFor(principal: Principal, requests: readonly TransferRequest[], world: ApprovalState): Awaiting[] {
  if (principal.role === 'pma_member') return requests.map((r) => memberTask(r, world, principal)).filter((a): a is Awaiting => a !== null);
  const rule = RULES[principal.role];
  if (rule === undefined) return [];
  return requests.flatMap((r) => {
    const task = rule(r, world, principal);
    return task === null ? [] : [{ requestId: r.id, state: r.state, task }];
  });
}
