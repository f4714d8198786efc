// Required texts must say something: blank or near-blank texts (measured trimmed) are refused
// with text-too-short against the field's minimum in TEXT_MINIMUMS, and replay names the rule.
import { expect } from 'chai';
import { TEXT_MINIMUMS, eventToLogEntry, replayEntries } from '../../approvals/index.ts';
import type { Command } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { dcc, fixtureAnchors, keyOf, member, pmaChair, request, revision } from './fixtures.ts';
import { toVoting, vote } from './scenarios.ts';
import { TEST_ORIGIN } from './signers.ts';

const ID = request('R-TXT');
const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });

describe('required texts (TEXT_MINIMUMS)', () => {
  context('when a text is blank once trimmed', () => {
    it('refuses a departure reason of one space, and a vote reason of white space', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, '2026-02-02');
      const ballot: Command = { action: 'request.vote_cast', actor: member(WHO.sam), data: { requestId: ID, revisionHash: h, subject: 'transfer', choice: 'approve', reasons: ' \n\t ', conditions: [] } };
      expect(rec.refusal(ballot, '2026-02-02T10:00:00Z')).to.equal('text-too-short');
      for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
        for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'reject', '2026-02-02T10:00:00Z');
      }
      // The SSC supported it; rejecting departs from its advice and must say why.
      const decide = (departureReason: string): Command => ({ action: 'request.decided', actor: pmaChair(WHO.clara), data: { requestId: ID, revisionHash: h, conditions: [], departureReason } });
      expect(rec.refusal(decide(' '), '2026-02-02T12:00:00Z')).to.equal('text-too-short');
      expect(rec.refusal(decide('   no.     '), '2026-02-02T12:00:00Z')).to.equal('text-too-short');
      expect(rec.run(decide('The recipient assessment is out of date.'), '2026-02-02T12:00:00Z').action).to.equal('request.decided');
    });

    it('refuses a revision whose rationale is shorter than its minimum, trimmed', () => {
      const rec = recordCast();
      const rationale = `  ${'x'.repeat(TEXT_MINIMUMS.rationale - 1)}  `;
      expect(rec.refusal({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: ID, revision: { ...TCOS, rationale } } }, '2026-02-01T09:00:00Z')).to.equal('text-too-short');
    });
  });

  context('when a hand-made log holds a blank withdrawal reason', () => {
    it('fails replay with text-too-short', () => {
      const rec = recordCast();
      rec.run({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: ID, revision: TCOS } }, '2026-02-01T09:00:00Z');
      rec.forge({ time: '2026-02-01T10:00:00.000Z' as never, actor: dcc(WHO.dan), action: 'request.withdrawn', data: { requestId: ID, reason: '  .  ', signature: null } });
      const entries = rec.events.map((e) => JSON.parse(JSON.stringify(eventToLogEntry(e))) as unknown);
      expect(replayEntries(entries, { origin: TEST_ORIGIN, anchors: fixtureAnchors() }).violations.map((v) => `${v.action}: ${v.code}`)).to.deep.equal(['request.withdrawn: text-too-short']);
    });
  });
});
