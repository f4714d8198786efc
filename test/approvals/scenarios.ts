// The two scenarios of the issue, driven through the pure core, with the refusals a service
// would meet on the way. Each returns its request id; the recorder keeps the events.
import { expect } from 'chai';
import { P, TCOS_KEY, DSP_KEY, WHO } from './cast.ts';
import type { Recorder } from './fixtures.ts';
import { condition, recipientOf, dcc, doc, instant, keyOf, member, pmaChair, request, revision, sscChair } from './fixtures.ts';
import { currentRevision } from '../../approvals/index.ts';
import type { Actor, CommandData, DecisionCondition, RequestId, RevisionContent, RevisionHash, VoteChoice, VoteSubject } from '../../approvals/index.ts';

const REASONS: Record<VoteChoice, string> = {
  approve: 'The case and the mechanism meet Section G.',
  reject: 'The mechanism lacks split knowledge at the recipient end.',
  abstain: 'Not enough information to judge.',
};

export function vote(rec: Recorder, requestId: RequestId, hash: RevisionHash, who: string, subject: VoteSubject, choice: VoteChoice, when: string): void {
  rec.run({ action: 'request.vote_cast', actor: member(who), data: { requestId, revisionHash: hash, subject, choice, reasons: REASONS[choice], conditions: [] } }, when);
}

export function hashOf(rec: Recorder, id: RequestId): RevisionHash {
  const r = rec.state.requests.get(id);
  if (r === undefined) throw new Error(`no request ${id}`);
  return currentRevision(r).hash;
}

/** TCoS key to the ECoS Party: SSC advice with conditions, a recusal, a conflict, approval with conditions, execution. */
export function runTcosToEcos(rec: Recorder): RequestId {
  const id = request('REQ-2026-001');
  rec.run({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: id, revision: revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos }) } }, '2026-02-01T10:00:00Z');
  const h = hashOf(rec, id);
  rec.run({ action: 'request.submitted', actor: dcc(WHO.dan), data: { requestId: id, revisionHash: h } }, '2026-02-01T11:00:00Z');
  rec.run({ action: 'request.consultation_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } }, '2026-02-02T09:00:00Z');
  rec.run({
    action: 'request.advice_recorded',
    actor: sscChair(WHO.sol),
    data: { requestId: id, revisionHash: h, position: 'support_with_conditions', text: 'The SSC supports the transfer.', conditions: ['The CIO reviews the HSM audit logs of the export.'], documents: [doc('ssc-advice.pdf')] },
  }, '2026-02-09T15:00:00Z');
  rec.run({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } }, '2026-02-10T09:00:00Z');

  // Eve works for the ECoS Party: recused automatically, her vote is refused.
  expect(rec.refusal({ action: 'request.vote_cast', actor: member(WHO.eve), data: { requestId: id, revisionHash: h, subject: 'transfer', choice: 'approve', reasons: 'Yes.', conditions: [] } }, '2026-02-10T10:00:00Z')).to.equal('voter-recused');
  // The requester's people never vote, even as PMA chair's stand-in: Dan is not a PMA member at all.
  expect(rec.refusal({ action: 'request.vote_cast', actor: member(WHO.dan), data: { requestId: id, revisionHash: h, subject: 'transfer', choice: 'approve', reasons: 'Yes.', conditions: [] } }, '2026-02-10T10:00:00Z')).to.equal('voter-not-eligible');
  rec.run({ action: 'request.conflict_declared', actor: member(WHO.wes), data: { requestId: id, reason: 'Consultancy for the TCoS host in 2025.' } }, '2026-02-10T10:30:00Z');

  const t = '2026-02-11T';
  for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, id, h, who, 'transfer', 'approve', `${t}10:00:00Z`);
  vote(rec, id, h, WHO.nia, 'transfer', 'abstain', `${t}10:05:00Z`);
  vote(rec, id, h, WHO.sam, 'mechanism', 'approve', `${t}10:10:00Z`);
  vote(rec, id, h, WHO.una, 'mechanism', 'approve', `${t}10:10:00Z`);
  vote(rec, id, h, WHO.vic, 'mechanism', 'reject', `${t}10:10:00Z`);
  // Before recipient security has quorum the chair cannot close.
  expect(rec.refusal(closeVoting(id, h, []), `${t}10:15:00Z`)).to.equal('quorum-not-met');
  vote(rec, id, h, WHO.una, 'recipient_security', 'abstain', `${t}10:20:00Z`);
  vote(rec, id, h, WHO.sam, 'recipient_security', 'approve', `${t}10:20:00Z`);
  vote(rec, id, h, WHO.vic, 'recipient_security', 'approve', `${t}10:20:00Z`);
  vote(rec, id, h, WHO.una, 'recipient_security', 'approve', `${t}10:25:00Z`);
  expect(rec.refusal({ action: 'request.vote_cast', actor: member(WHO.wes), data: { requestId: id, revisionHash: h, subject: 'transfer', choice: 'reject', reasons: 'No.', conditions: [] } }, `${t}10:30:00Z`)).to.equal('voter-recused');

  rec.run(closeVoting(id, h, [
    { conditionId: condition('C1'), text: 'The CIO reviews the HSM audit logs of the export.' },
    { conditionId: condition('C2'), text: 'The TCoS host destroys its copy under witness.', phase: 'after_execution', dueWithinHours: 24 },
  ]), `${t}11:00:00Z`);

  expect(rec.refusal(execute(id, '2026-03-02T10:00:00Z'), '2026-03-02T12:00:00Z')).to.equal('conditions-not-met');
  rec.run({ action: 'request.condition_met', actor: pmaChair(WHO.clara), data: { requestId: id, conditionId: condition('C1'), evidence: [doc('evidence-C1.pdf')], note: 'Seen by the PMA.' } }, '2026-02-27T09:00:00Z');
  expect(rec.refusal(execute(id, '2026-02-28T10:00:00Z'), '2026-02-28T12:00:00Z')).to.equal('execution-outside-window');
  rec.run(execute(id, '2026-03-02T10:00:00Z'), '2026-03-02T12:00:00Z');
  // After the transfer: the DCC records the source's confirmation that its copy is destroyed.
  rec.run({
    action: 'request.obligation_confirmed',
    actor: dcc(WHO.dan),
    data: { requestId: id, conditionId: condition('C2'), evidence: [doc('destruction-certificate.pdf')], note: 'The TCoS host confirms destruction of its copy under witness.' },
  }, '2026-03-02T18:00:00Z');
  return id;
}

/** Network Evolution DSP replacement: information requested, an amendment voiding the votes, then rejection. */
export function runDspRejected(rec: Recorder): RequestId {
  const id = request('REQ-2026-002');
  const first = revision({
    keyId: keyOf(DSP_KEY),
    sourceProviderId: P.dsp,
    targetProviderId: P.dspNext,
    programme: 'network_evolution_dsp',
    rationale: 'Replace the DSP under Network Evolution.',
    recipientSecurity: { sectionGStatement: 'Built to the Section G requirements in development.', assessmentReferences: ['CIO-2026-11'], prospectiveChangesConsidered: 'All open Section G modifications.', recipientProspective: true },
    executionWindow: { from: instant('2026-05-01T00:00:00Z'), until: instant('2026-05-15T00:00:00Z') },
  });
  rec.run({ action: 'request.created', actor: dcc(WHO.dora), data: { requestId: id, revision: first } }, '2026-03-03T09:00:00Z');
  const h1 = hashOf(rec, id);
  rec.run({ action: 'request.submitted', actor: dcc(WHO.dora), data: { requestId: id, revisionHash: h1 } }, '2026-03-03T09:30:00Z');
  rec.run({ action: 'request.consultation_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h1 } }, '2026-03-04T09:00:00Z');
  rec.run({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: id, revisionHash: h1, position: 'do_not_support', text: 'The recipient has no DCC Security Assessment yet.', conditions: [], documents: [] } }, '2026-03-10T09:00:00Z');
  rec.run({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h1 } }, '2026-03-11T09:00:00Z');
  vote(rec, id, h1, WHO.eve, 'transfer', 'approve', '2026-03-11T10:00:00Z');
  rec.run({ action: 'request.information_requested', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h1, questions: 'Provide the CIO report on the recipient systems.' } }, '2026-03-12T09:00:00Z');
  rec.run({
    action: 'request.amended',
    actor: dcc(WHO.dora),
    data: { requestId: id, revision: { ...first, recipientSecurity: { ...first.recipientSecurity, assessmentReferences: ['CIO-2026-11', 'CIO-2026-19'] }, attachments: [...first.attachments, doc('cio-report.pdf')] } },
  }, '2026-03-20T09:00:00Z');
  const h2 = hashOf(rec, id);
  expect(h2).to.not.equal(h1);
  rec.run({ action: 'request.consultation_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h2 } }, '2026-03-21T09:00:00Z');
  rec.run({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h2 } }, '2026-03-21T09:05:00Z');
  // Votes and advice bind to a revision: both on revision 1 are void now.
  expect(rec.refusal(closeVoting(id, h2, []), '2026-03-21T09:10:00Z')).to.equal('advice-missing');
  expect(rec.refusal({ action: 'request.vote_cast', actor: member(WHO.sam), data: { requestId: id, revisionHash: h1, subject: 'transfer', choice: 'reject', reasons: 'No.', conditions: [] } }, '2026-03-21T10:00:00Z')).to.equal('revision-stale');
  rec.run({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: id, revisionHash: h2, position: 'support', text: 'The CIO report answers the SSC.', conditions: [], documents: [doc('ssc-advice-2.pdf')] } }, '2026-03-24T09:00:00Z');
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
    for (const who of [WHO.sam, WHO.una, WHO.vic, WHO.nia]) vote(rec, id, h2, who, subject, 'reject', '2026-03-25T10:00:00Z');
    vote(rec, id, h2, WHO.wes, subject, 'approve', '2026-03-25T10:00:00Z');
    vote(rec, id, h2, WHO.eve, subject, 'abstain', '2026-03-25T10:00:00Z');
  }
  // Rejecting against the SSC's support needs a reason.
  expect(rec.refusal(closeVoting(id, h2, []), '2026-03-26T09:00:00Z')).to.equal('advice-departure-reason-missing');
  rec.run({ ...closeVoting(id, h2, []), data: { ...closeVoting(id, h2, []).data, departureReason: 'The recipient has not completed its Section G assessment.' } }, '2026-03-26T09:00:00Z');
  return id;
}

/** Creates, submits, consults the SSC (advice: support) and opens voting, all through the rules. */
export function toVoting(rec: Recorder, id: RequestId, content: RevisionContent, day0: string, requester: string = WHO.dan): RevisionHash {
  rec.run({ action: 'request.created', actor: dcc(requester), data: { requestId: id, revision: content } }, `${day0}T09:00:00Z`);
  const h = hashOf(rec, id);
  rec.run({ action: 'request.submitted', actor: dcc(requester), data: { requestId: id, revisionHash: h } }, `${day0}T09:10:00Z`);
  rec.run({ action: 'request.consultation_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } }, `${day0}T09:20:00Z`);
  rec.run({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: id, revisionHash: h, position: 'support', text: 'Supported.', conditions: [], documents: [] } }, `${day0}T09:30:00Z`);
  rec.run({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } }, `${day0}T09:40:00Z`);
  return h;
}

export function closeVoting(requestId: RequestId, revisionHash: RevisionHash, conditions: DecisionCondition[]) {
  return { action: 'request.decided', actor: pmaChair(WHO.clara), data: { requestId, revisionHash, conditions, departureReason: null } } as const;
}

export function execute(requestId: RequestId, executedAt: string): { action: 'request.executed'; actor: Actor; data: CommandData<'request.executed'> } {
  return {
    action: 'request.executed',
    actor: dcc(WHO.dan),
    data: { requestId, executedAt: instant(executedAt), evidence: [doc('ceremony-minutes.pdf')], ...recipientOf(TCOS_KEY) },
  };
}

