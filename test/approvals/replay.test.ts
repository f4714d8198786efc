import { expect } from 'chai';
import { dcc, fixtureAnchors, keyOf, request, revision } from './fixtures.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { handMadeLog } from './hand-made-log.ts';
import { eventToLogEntry, replayEntries } from '../../approvals/index.ts';
import { TEST_ORIGIN } from './signers.ts';

describe('replayEntries', () => {
  context('when a hand-made log breaks the rules', () => {
    const { rec, expected } = handMadeLog();
    const entries = rec.events.map((e) => JSON.parse(JSON.stringify(eventToLogEntry(e))) as unknown);
    const result = replayEntries(entries, { origin: TEST_ORIGIN, anchors: fixtureAnchors() });

    it('reports every rule-breaking entry with its index and code, and nothing else', () => {
      expect(result.violations.map((v) => [v.index, v.action, v.code])).to.deep.equal(expected);
      expect(expected.map(([, , code]) => code)).to.deep.equal(['voter-recused', 'quorum-not-met', 'request-not-approved', 'chair-appointment-terminated']);
    });

    it('explains each violation in its message', () => {
      expect(result.violations[1]?.message).to.match(/no quorum/);
      expect(result.violations[3]?.message).to.match(/terminated on 2026-04-01/);
    });

    it('applies what the log records and carries on', () => {
      expect(result.state.requests.get(request('HM-1'))?.state).to.equal('approved');
      expect(result.state.requests.get(request('HM-2'))?.state).to.equal('voting');
      expect(result.state.requests.get(request('HM-3'))?.state).to.equal('withdrawn');
    });
  });

  context('when an entry is malformed or tampered with', () => {
    const rec = recordCast();
    const id = request('T-1');
    rec.run({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: id, revision: revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos }) } }, '2026-02-01T09:00:00Z');
    const entries = rec.events.map((e) => JSON.parse(JSON.stringify(eventToLogEntry(e))) as Record<string, unknown> & { data: Record<string, unknown> });

    it('reports a changed revision as revision-hash-mismatch', () => {
      const last = entries.at(-1)!;
      const tampered = { ...last, data: { ...last.data, revision: { ...(last.data.revision as object), rationale: 'Something else.' } } };
      const result = replayEntries([...entries.slice(0, -1), tampered], { origin: TEST_ORIGIN, anchors: fixtureAnchors() });
      expect(result.violations.map((v) => v.code)).to.deep.equal(['revision-hash-mismatch']);
    });

    it('reports an entry that is not an event as event-malformed, and does not apply it', () => {
      const bad = { ...entries.at(-1)!, data: { requestId: 'T-1' } };
      const result = replayEntries([...entries.slice(0, -1), bad, { nonsense: true }], { origin: TEST_ORIGIN, anchors: fixtureAnchors() });
      expect(result.violations.map((v) => [v.index, v.code])).to.deep.equal([[entries.length - 1, 'event-malformed'], [entries.length, 'event-malformed']]);
      expect(result.state.requests.size).to.equal(0);
    });

    it('reports a subject that does not match the data', () => {
      const last = entries.at(-1)!;
      const result = replayEntries([...entries.slice(0, -1), { ...last, subject: { type: 'request', id: 'T-2' } }], { origin: TEST_ORIGIN, anchors: fixtureAnchors() });
      expect(result.violations.map((v) => v.code)).to.deep.equal(['event-malformed']);
    });
  });
});
