import { expect } from 'chai';
import { VOTE_SUBJECTS, checkEvent, decide } from '../../approvals/index.ts';
import type { CastingVotes, Command, EventOf, RevisionHash, VoteChoice, VoteSubject } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { POLICY, SECRETARIAT, at, codeOf, condition, dcc, keyOf, member, person, pmaChair, request, revision, sscChair, version } from './fixtures.ts';
import type { Recorder } from './fixtures.ts';
import { closeVoting, toVoting, vote } from './scenarios.ts';

const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });
const ID = request('R-D');
const DAY = '2026-02-02';
const LATER = '2026-02-03T12:00:00Z';

/** Every listed member votes `choice` on every subject, unless a subject is given. */
function votes(rec: Recorder, h: RevisionHash, ballots: [string, VoteChoice][], subjects: readonly VoteSubject[] = VOTE_SUBJECTS): void {
  for (const subject of subjects) for (const [who, choice] of ballots) vote(rec, ID, h, who, subject, choice, '2026-02-03T10:00:00Z');
}

const close = (h: RevisionHash, extra: { castingVotes?: CastingVotes; conditions?: { conditionId: ReturnType<typeof condition>; text: string }[] } = {}): Command => {
  const base = closeVoting(ID, h, extra.conditions ?? []);
  return { ...base, data: { ...base.data, ...(extra.castingVotes === undefined ? {} : { castingVotes: extra.castingVotes }) } };
};

describe('votes and decisions', () => {
  context('when a casting vote is offered', () => {
    it('refuses it without a tie', () => {
      const rec = recordCast();
      rec.run({ action: 'policy.set', actor: SECRETARIAT, data: { version: version(2), terms: { ...POLICY, castingVote: true } } }, '2026-02-01T00:00:00Z');
      const h = toVoting(rec, ID, TCOS, DAY);
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'approve'], [WHO.vic, 'approve']]);
      expect(rec.refusal(close(h, { castingVotes: { transfer: 'approve', mechanism: null, recipient_security: null } }), LATER)).to.equal('casting-vote-not-allowed');
    });

    it('refuses it on a tie when the policy does not allow one, and the tie does not carry', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, DAY);
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'reject'], [WHO.vic, 'abstain']]);
      expect(rec.refusal(close(h, { castingVotes: { transfer: 'approve', mechanism: null, recipient_security: null } }), LATER)).to.equal('casting-vote-not-allowed');
      const reasoned = { ...close(h), data: { ...close(h).data, departureReason: 'No majority for the transfer.' } } as Command;
      expect((rec.run(reasoned, LATER) as EventOf<'request.decided'>).data.outcome).to.equal('rejected');
    });

    it('requires it on a tie when the policy allows it, and records it in the tally', () => {
      const rec = recordCast();
      rec.run({ action: 'policy.set', actor: SECRETARIAT, data: { version: version(2), terms: { ...POLICY, castingVote: true } } }, '2026-02-01T00:00:00Z');
      const h = toVoting(rec, ID, TCOS, DAY);
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'reject'], [WHO.vic, 'abstain']], ['transfer']);
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'approve'], [WHO.vic, 'approve']], ['mechanism', 'recipient_security']);
      expect(rec.refusal(close(h), LATER)).to.equal('casting-vote-required');
      const event = rec.run(close(h, { castingVotes: { transfer: 'approve', mechanism: null, recipient_security: null } }), LATER) as EventOf<'request.decided'>;
      expect(event.data.outcome).to.equal('approved');
      expect(event.data.policyVersion).to.equal(2);
      expect(event.data.tally.subjects[0]).to.include({ tie: true, castingVote: 'approve', outcome: 'approved' });
    });
  });

  context('when voters are not eligible', () => {
    it('refuses the requester\'s people', () => {
      const rec = recordCast();
      rec.run({ action: 'roster.affiliation_added', actor: SECRETARIAT, data: { personId: person(WHO.una), organisation: { type: 'dcc' } } }, '2026-02-01T00:00:00Z');
      const h = toVoting(rec, ID, TCOS, DAY);
      expect(rec.refusal({ action: 'request.vote_cast', actor: member(WHO.una), data: { requestId: ID, revisionHash: h, subject: 'transfer', choice: 'approve', reasons: 'Yes.', conditions: [] } }, LATER)).to.equal('voter-requester-affiliated');
    });

    it('refuses a vote by the SSC chair who advised on the request, and leaves them out of the quorum base', () => {
      const rec = recordCast();
      rec.run({ action: 'roster.membership_started', actor: SECRETARIAT, data: { personId: person(WHO.sol), body: 'smki_pma', role: 'pma_member', specialist: false } }, '2026-02-01T00:00:00Z');
      const h = toVoting(rec, ID, TCOS, DAY);
      expect(rec.refusal({ action: 'request.vote_cast', actor: member(WHO.sol), data: { requestId: ID, revisionHash: h, subject: 'transfer', choice: 'approve', reasons: 'Yes.', conditions: [] } }, LATER)).to.equal('role-conflict');
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'approve'], [WHO.vic, 'approve']]);
      const event = rec.run(close(h), LATER) as EventOf<'request.decided'>;
      expect(event.data.tally.recused).to.deep.include({ personId: WHO.sol, reason: 'holds_other_role' });
    });

    it('refuses a second conflict declaration by the same member', () => {
      const rec = recordCast();
      toVoting(rec, ID, TCOS, DAY);
      const declare = { action: 'request.conflict_declared', actor: member(WHO.nia), data: { requestId: ID, reason: 'Shares.' } } as const;
      rec.run(declare, LATER);
      expect(rec.refusal(declare, LATER)).to.equal('conflict-already-declared');
    });
  });

  context('when the decision is a rejection', () => {
    it('refuses conditions on it', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, DAY);
      votes(rec, h, [[WHO.sam, 'reject'], [WHO.una, 'reject'], [WHO.vic, 'reject']]);
      expect(rec.refusal(close(h, { conditions: [{ conditionId: condition('C1'), text: 'x' }] }), LATER)).to.equal('condition-invalid');
      expect(rec.run({ ...close(h), data: { ...close(h).data, departureReason: 'Mechanism unproven.' } } as Command, LATER).action).to.equal('request.decided');
    });
  });

  context('when the PMA records why SSC advice was not sought', () => {
    it('lets voting close on the waiver, and records it as the advice relied on', () => {
      const rec = recordCast();
      rec.run({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: ID, revision: TCOS } }, `${DAY}T09:00:00Z`);
      const h = rec.state.requests.get(ID)!.revisions[0]!.hash;
      rec.run({ action: 'request.submitted', actor: dcc(WHO.dan), data: { requestId: ID, revisionHash: h } }, `${DAY}T09:10:00Z`);
      rec.run({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: ID, revisionHash: h } }, `${DAY}T09:20:00Z`);
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'approve'], [WHO.vic, 'approve']]);
      expect(rec.refusal(close(h), LATER)).to.equal('advice-missing');
      rec.run({ action: 'request.advice_waived', actor: pmaChair(WHO.clara), data: { requestId: ID, revisionHash: h, reason: 'Same mechanism as REQ-2026-001, advised on in February.' } }, LATER);
      const event = rec.run(close(h), LATER) as EventOf<'request.decided'>;
      expect(event.data.advice).to.deep.equal({ kind: 'waived', reason: 'Same mechanism as REQ-2026-001, advised on in February.' });
    });

    it('refuses a waiver once the SSC has advised on the revision', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, DAY);
      expect(rec.refusal({ action: 'request.advice_waived', actor: pmaChair(WHO.clara), data: { requestId: ID, revisionHash: h, reason: 'x' } }, LATER)).to.equal('advice-already-recorded');
    });

    it('refuses advice with conditions that states none', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, DAY);
      expect(rec.refusal({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: ID, revisionHash: h, position: 'support_with_conditions', text: 'x', conditions: [], documents: [] } }, LATER)).to.equal('condition-invalid');
    });
  });

  context('when a recorded decision does not match the votes', () => {
    it('refuses it with decision-mismatch', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, DAY);
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'approve'], [WHO.vic, 'reject']]);
      const event = decide(rec.state, rec.signers.sign(close(h), at(LATER)), at(LATER), rec.context) as EventOf<'request.decided'>;
      expect(() => checkEvent(rec.state, event, rec.context)).to.not.throw();
      expect(codeOf(() => checkEvent(rec.state, { ...event, data: { ...event.data, dissent: [] } }, rec.context))).to.equal('decision-mismatch');
      expect(codeOf(() => checkEvent(rec.state, { ...event, data: { ...event.data, outcome: 'rejected' } }, rec.context))).to.equal('decision-mismatch');
    });
  });

  context('when an approval is revoked before execution', () => {
    it('ends the request; nothing can follow', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, DAY);
      votes(rec, h, [[WHO.sam, 'approve'], [WHO.una, 'approve'], [WHO.vic, 'approve']]);
      rec.run(close(h), LATER);
      rec.run({ action: 'request.revoked', actor: pmaChair(WHO.clara), data: { requestId: ID, reason: 'Recipient assessment withdrawn.', decisionReference: 'PMA minute 2026/14' } }, '2026-02-20T09:00:00Z');
      expect(rec.state.requests.get(ID)?.state).to.equal('revoked');
      expect(rec.refusal({ action: 'request.withdrawn', actor: dcc(WHO.dan), data: { requestId: ID, reason: 'x' } }, '2026-02-21T09:00:00Z')).to.equal('state-terminal');
    });
  });
});
