import { expect } from 'chai';
import { checkSteps, currentRevision, unlockedBy } from '../../approvals/index.ts';
import type { Actor, RequestStep, RevisionHash, TransferRequest } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { at, condition, dcc, doc, keyOf, member, pmaChair, request, revision, sscChair } from './fixtures.ts';
import type { Recorder } from './fixtures.ts';
import { closeVoting, execute, toVoting, vote } from './scenarios.ts';

const ID = request('R-N');
const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });

const requestOf = (rec: Recorder): TransferRequest => rec.state.requests.get(ID)!;
const stepsOf = (rec: Recorder, actor: Actor, when: string) => checkSteps(rec.state, requestOf(rec), actor, at(when));
const open = (rec: Recorder, actor: Actor, when: string): RequestStep[] => Object.values(stepsOf(rec, actor, when)).filter((s) => s.open).map((s) => s.step);
const refusal = (rec: Recorder, actor: Actor, step: RequestStep, when: string) => {
  const s = stepsOf(rec, actor, when)[step];
  return s.open ? 'open' : s.code;
};

function submitted(): Recorder {
  const rec = recordCast();
  rec.run({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: ID, revision: TCOS } }, '2026-02-02T09:00:00Z');
  rec.run({ action: 'request.submitted', actor: dcc(WHO.dan), data: { requestId: ID, revisionHash: currentRevision(requestOf(rec)).hash } }, '2026-02-02T09:10:00Z');
  return rec;
}

function approvedWithCondition(): Recorder {
  const rec = recordCast();
  const h: RevisionHash = toVoting(rec, ID, TCOS, '2026-02-02');
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
    for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'approve', '2026-02-03T10:00:00Z');
  }
  rec.run(closeVoting(ID, h, [{ conditionId: condition('c1'), text: 'The CIO reviews the HSM logs.' }]), '2026-02-03T12:00:00Z');
  return rec;
}

describe('next steps (what the rules would accept now)', () => {
  context('when a request is submitted', () => {
    const rec = submitted();
    it('offers the chair consultation, voting, questions and a waiver, and the DCC withdrawal only', () => {
      expect(open(rec, pmaChair(WHO.clara), '2026-02-02T10:00:00Z')).to.have.members(['open_consultation', 'open_voting', 'request_information', 'waive_advice']);
      expect(open(rec, dcc(WHO.dan), '2026-02-02T10:00:00Z')).to.deep.equal(['withdraw']);
    });
    it('tells the SSC chair that advice waits for the PMA chair to open consultation or voting', () => {
      expect(refusal(rec, sscChair(WHO.sol), 'record_advice', '2026-02-02T10:00:00Z')).to.equal('transition-refused');
      expect(unlockedBy(requestOf(rec), 'record_advice')).to.deep.equal([{ action: 'open_consultation', by: 'pma_chair' }, { action: 'open_voting', by: 'pma_chair' }]);
    });
    it('never offers a person a step of another role', () => {
      expect(refusal(rec, member(WHO.sam), 'open_voting', '2026-02-02T10:00:00Z')).to.equal('actor-role-not-allowed');
    });
  });

  context('when the SSC has advised on the current revision', () => {
    const rec = submitted();
    const h = currentRevision(requestOf(rec)).hash;
    rec.run({ action: 'request.consultation_opened', actor: pmaChair(WHO.clara), data: { requestId: ID, revisionHash: h } }, '2026-02-02T11:00:00Z');
    rec.run({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: ID, revisionHash: h, position: 'support', text: 'Supported.', conditions: [], documents: [doc('advice.pdf')] } }, '2026-02-02T12:00:00Z');
    it('no longer offers the chair to record why advice is not sought', () => {
      expect(refusal(rec, pmaChair(WHO.clara), 'waive_advice', '2026-02-02T13:00:00Z')).to.equal('advice-already-recorded');
      expect(open(rec, pmaChair(WHO.clara), '2026-02-02T13:00:00Z')).to.include('open_voting');
    });
  });

  context('when voting is open without quorum', () => {
    const rec = recordCast();
    toVoting(rec, ID, TCOS, '2026-02-02');
    it('keeps closing the vote shut with the rules’ own reason, and lets members vote', () => {
      const s = stepsOf(rec, pmaChair(WHO.clara), '2026-02-03T09:00:00Z').decide;
      expect(s.open ? 'open' : [s.code, s.reason]).to.deep.equal(['quorum-not-met', 'no quorum: votes cast transfer 0 of 3, mechanism 0 of 3, recipient_security 0 of 3 needed (quorum base 5, 1 recused)']);
      expect(open(rec, member(WHO.sam), '2026-02-03T09:00:00Z')).to.have.members(['cast_vote', 'declare_conflict']);
      expect(refusal(rec, member(WHO.eve), 'cast_vote', '2026-02-03T09:00:00Z')).to.equal('voter-recused');
    });
  });

  context('when a request is approved with a condition', () => {
    it('does not offer execution before the window opens, nor while the condition is open', () => {
      const rec = approvedWithCondition();
      expect(refusal(rec, dcc(WHO.dan), 'execute', '2026-02-20T09:00:00Z')).to.equal('execution-outside-window');
      expect(refusal(rec, dcc(WHO.dan), 'execute', '2026-03-05T09:00:00Z')).to.equal('conditions-not-met');
      expect(refusal(rec, pmaChair(WHO.clara), 'mark_condition_met', '2026-03-05T09:00:00Z')).to.equal('open');
    });
    it('offers execution once the condition is met inside the window, and no empty condition form', () => {
      const rec = approvedWithCondition();
      rec.run({ action: 'request.condition_met', actor: pmaChair(WHO.clara), data: { requestId: ID, conditionId: condition('c1'), evidence: [doc('review.txt')], note: 'Reviewed.' } }, '2026-03-05T09:00:00Z');
      expect(refusal(rec, pmaChair(WHO.clara), 'mark_condition_met', '2026-03-05T10:00:00Z')).to.equal('condition-already-met');
      expect(open(rec, dcc(WHO.dan), '2026-03-05T10:00:00Z')).to.deep.equal(['execute']);
      // After the window the execution can still be recorded as done inside it, until the request expires.
      expect(refusal(rec, dcc(WHO.dan), 'execute', '2026-03-25T10:00:00Z')).to.equal('open');
      rec.run(execute(ID, '2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z');
      expect(open(rec, dcc(WHO.dan), '2026-03-05T12:00:00Z')).to.deep.equal([]);
    });
  });
});
