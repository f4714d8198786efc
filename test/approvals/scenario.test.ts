import { expect } from 'chai';
import { encodeEntry, parseEntry } from '../../audit/entry.ts';
import { buildState, decide, eventToLogEntry, parseEvent, replayEntries } from '../../approvals/index.ts';
import { TEST_ORIGIN } from './signers.ts';
import { DSP_KEY, P, PMA_MEMBERS, TCOS_KEY, WHO, recordCast } from './cast.ts';
import type { Recorder } from './fixtures.ts';
import { SYSTEM, at, codeOf, dcc, fixtureAnchors, keyOf, member, person, request, revision } from './fixtures.ts';
import { closeVoting, runDspRejected, runTcosToEcos, toVoting, vote } from './scenarios.ts';

function bothScenarios(): { rec: Recorder; tcos: ReturnType<typeof runTcosToEcos>; dsp: ReturnType<typeof runDspRejected> } {
  const rec = recordCast();
  const tcos = runTcosToEcos(rec);
  const dsp = runDspRejected(rec);
  return { rec, tcos, dsp };
}

describe('approvals workflow (pure core)', () => {
  context('when the TCoS key moves to the ECoS Party', () => {
    const { rec, tcos } = bothScenarios();
    const request = rec.state.requests.get(tcos);

    it('ends completed (the post-execution condition met), with the key held by the ECoS Party under the recipient certificate', () => {
      expect(request?.state).to.equal('completed');
      const key = rec.state.keys.get(keyOf(TCOS_KEY));
      expect(key?.holderId).to.equal(P.ecos);
      expect(key?.certificate.issuer).to.equal('OU=07, CN=OCA-TEST');
    });

    it('records the decision with its tally, the recusals, the dissent, the advice relied on and the policy version', () => {
      const d = request?.decision;
      expect(d?.outcome).to.equal('approved');
      expect(d?.policyVersion).to.equal(1);
      expect(d?.advice).to.include({ kind: 'advice', position: 'support_with_conditions', by: WHO.sol });
      expect(d?.tally.recused).to.deep.equal([
        { personId: WHO.eve, reason: 'affiliated_target' },
        { personId: WHO.wes, reason: 'declared_conflict' },
      ]);
      expect(d?.tally.members).to.deep.equal([WHO.nia, WHO.sam, WHO.una, WHO.vic]);
      expect(d?.tally.subjects.map((s) => [s.subject, s.approve, s.reject, s.abstain, s.outcome])).to.deep.equal([
        ['transfer', 3, 0, 1, 'approved'],
        ['mechanism', 2, 1, 0, 'approved'],
        ['recipient_security', 3, 0, 0, 'approved'],
      ]);
      expect(d?.dissent).to.deep.equal([{ personId: WHO.vic, subject: 'mechanism', choice: 'reject', reasons: 'The mechanism lacks split knowledge at the recipient end.' }]);
      expect(d?.conditions.map((c) => c.conditionId)).to.deep.equal(['C1', 'C2']);
    });

    it('keeps a changed vote and the vote it replaced, and counts the latest', () => {
      const una = request?.votes.filter((v) => v.voterId === WHO.una && v.subject === 'recipient_security').map((v) => v.choice);
      expect(una).to.deep.equal(['abstain', 'approve']);
    });

    it('refuses anything further: completed is final', () => {
      expect(rec.refusal({ action: 'request.expired', actor: SYSTEM, data: { requestId: tcos } }, '2026-04-01T00:00:00Z')).to.equal('state-terminal');
    });
  });

  context('when a Network Evolution DSP transfer is rejected', () => {
    const { rec, dsp } = bothScenarios();
    const request = rec.state.requests.get(dsp);

    it('ends rejected on the amended revision, with the departure from the SSC advice explained', () => {
      expect(request?.state).to.equal('rejected');
      expect(request?.revisions).to.have.length(2);
      expect(request?.decision?.revisionHash).to.equal(request?.revisions[1]?.hash);
      expect(request?.decision?.departureReason).to.match(/Section G assessment/);
      expect(request?.decision?.tally.subjects.every((s) => s.reject === 4 && s.approve === 1 && s.abstain === 1)).to.equal(true);
    });

    it('voids the vote cast on the first revision', () => {
      expect(request?.decision?.tally.subjects[0]?.cast).to.equal(6);
      expect(request?.votes.filter((v) => v.revisionHash === request.revisions[0]?.hash)).to.have.length(1);
    });

    it('lists the approving minority as dissent', () => {
      expect(request?.decision?.dissent.map((d) => [d.personId, d.subject, d.choice])).to.deep.equal([
        [WHO.wes, 'transfer', 'approve'],
        [WHO.wes, 'mechanism', 'approve'],
        [WHO.wes, 'recipient_security', 'approve'],
      ]);
    });

    it('refuses withdrawal after the decision', () => {
      expect(rec.refusal({ action: 'request.withdrawn', actor: dcc(WHO.dora), data: { requestId: dsp, reason: 'Too late.' } }, '2026-03-27T00:00:00Z')).to.equal('state-terminal');
    });
  });

  context('when a service loads only one request with the roster, providers, keys and policy', () => {
    it('decides exactly as with the whole state', () => {
      const rec = recordCast();
      runTcosToEcos(rec);
      const id = request('REQ-LOAD');
      const content = revision({ keyId: keyOf(DSP_KEY), sourceProviderId: P.dsp, targetProviderId: P.dspNext, programme: 'network_evolution_dsp' });
      const h = toVoting(rec, id, { ...content, recipientSecurity: { ...content.recipientSecurity, recipientProspective: true } }, '2026-03-10');
      for (const who of [WHO.sam, WHO.una]) vote(rec, id, h, who, 'transfer', 'approve', '2026-03-11T09:00:00Z');
      rec.enrol(member(WHO.vic), '2026-03-11T09:00:00Z');
      const full = rec.state;
      const partial = buildState({
        people: full.people.values(),
        appointments: full.appointments.values(),
        providers: full.providers.values(),
        keys: full.keys.values(),
        policy: full.policy,
        requests: [full.requests.get(id)!],
        credentials: full.credentials.values(),
      });
      const cast0 = { action: 'request.vote_cast', actor: member(WHO.vic), data: { requestId: id, revisionHash: h, subject: 'transfer', choice: 'reject', reasons: 'No.', conditions: [] } } as const;
      const when = at('2026-03-11T10:00:00Z');
      const cast = rec.signers.sign(cast0, when);
      expect(decide(partial, cast, when, rec.context)).to.deep.equal(decide(full, cast, when, rec.context));
      const close = rec.signers.sign(closeVoting(id, h, []), when);
      expect(codeOf(() => decide(partial, close, when, rec.context))).to.equal(codeOf(() => decide(full, close, when, rec.context))).and.to.equal('quorum-not-met');
    });
  });

  context('when every event is exported as a log entry and replayed', () => {
    const { rec } = bothScenarios();
    const lines = rec.events.map((e) => encodeEntry(eventToLogEntry(e)));

    it('round-trips every event through the canonical entry bytes', () => {
      expect(lines.map((b) => parseEvent(JSON.parse(b.toString('utf8'))))).to.deep.equal(rec.events);
    });

    it('finds no violation and rebuilds the same state', () => {
      const result = replayEntries(lines.map((b) => parseEntry(b)), { origin: TEST_ORIGIN, anchors: fixtureAnchors() });
      expect(result.violations).to.deep.equal([]);
      expect(result.skipped).to.deep.equal([]);
      expect(result.state).to.deep.equal(rec.state);
    });

    it('skips entries of other modules and lists them', () => {
      const foreign = { time: '2026-01-01T00:00:00Z', actor: { id: 'ops', role: 'operator' }, action: 'log.started', subject: { type: 'log', id: 'main' }, data: {} };
      const result = replayEntries([foreign, ...lines.map((b) => parseEntry(b))], { origin: TEST_ORIGIN, anchors: fixtureAnchors() });
      expect(result.skipped).to.deep.equal([0]);
      expect(result.violations).to.deep.equal([]);
    });
  });

  it('has every PMA member of the cast on the roster', () => {
    const rec = recordCast();
    for (const id of PMA_MEMBERS) expect(rec.state.people.get(person(id))?.memberships[0]?.role).to.equal('pma_member');
  });
});
