// Cited documents must be stored, with their size: revisions, advice, condition records and
// execution refuse a citation of a document never stored, and replay fails a log that has one.
import { expect } from 'chai';
import { eventToLogEntry, replayEntries } from '../../approvals/index.ts';
import type { ApprovalEvent, Command, RevisionHash } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { SECRETARIAT, condition, dcc, doc, fixtureAnchors, instant, keyOf, pmaChair, request, revision, sscChair } from './fixtures.ts';
import type { Recorder } from './fixtures.ts';
import { closeVoting, execute, toVoting, vote } from './scenarios.ts';
import { TEST_ORIGIN } from './signers.ts';

const ID = request('R-DOC');
const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });
const create = (attachments = TCOS.attachments): Command => ({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: ID, revision: { ...TCOS, attachments } } });

function approvedWithCondition(): Recorder {
  const rec = recordCast();
  const h: RevisionHash = toVoting(rec, ID, TCOS, '2026-02-02');
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
    for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'approve', '2026-02-03T10:00:00Z');
  }
  rec.run(closeVoting(ID, h, [{ conditionId: condition('c1'), text: 'The HSM logs are reviewed.' }]), '2026-02-03T12:00:00Z');
  return rec;
}

describe('stored documents and citations', () => {
  context('when a revision cites a document', () => {
    it('refuses one never stored, and one cited with another size', () => {
      const rec = recordCast();
      rec.autoStore = false;
      expect(rec.refusal(create([doc('never-uploaded.pdf')]), '2026-02-01T09:00:00Z')).to.equal('document-not-stored');
      rec.run({ action: 'document.stored', actor: dcc(WHO.dan), data: { ...doc('case.pdf'), mediaType: 'application/pdf' } }, '2026-02-01T08:00:00Z');
      expect(rec.refusal(create([doc('case.pdf', 999)]), '2026-02-01T09:00:00Z')).to.equal('document-size-mismatch');
      expect(rec.run(create([doc('case.pdf')]), '2026-02-01T09:00:00Z').action).to.equal('request.created');
    });

    it('stores a document once', () => {
      const rec = recordCast();
      rec.autoStore = false;
      const stored: Command = { action: 'document.stored', actor: dcc(WHO.dan), data: { ...doc('case.pdf'), mediaType: 'application/pdf' } };
      rec.run(stored, '2026-02-01T08:00:00Z');
      expect(rec.refusal(stored, '2026-02-01T08:10:00Z')).to.equal('document-exists');
      expect(rec.refusal({ ...stored, actor: { id: WHO.sam, role: 'pma_member' } } as Command, '2026-02-01T08:10:00Z')).to.equal('actor-role-not-allowed');
    });
  });

  context('when advice, a condition record or the execution cites evidence', () => {
    it('refuses advice citing a document never stored', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, '2026-02-02');
      rec.autoStore = false;
      const advice: Command = { action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: ID, revisionHash: h, position: 'support', text: 'The SSC supports it.', conditions: [], documents: [doc('ssc-minutes.pdf')] } };
      expect(rec.refusal(advice, '2026-02-02T12:00:00Z')).to.equal('document-not-stored');
    });

    it('refuses a condition record and an execution citing a document never stored', () => {
      const rec = approvedWithCondition();
      rec.autoStore = false;
      const met: Command = { action: 'request.condition_met', actor: pmaChair(WHO.clara), data: { requestId: ID, conditionId: condition('c1'), evidence: [doc('hsm-review.pdf')], note: 'The logs were reviewed.' } };
      expect(rec.refusal(met, '2026-03-05T09:00:00Z')).to.equal('document-not-stored');
      rec.autoStore = true;
      rec.run(met, '2026-03-05T09:00:00Z');
      rec.autoStore = false;
      const base = execute(ID, '2026-03-05T10:00:00Z');
      const run: Command = { ...base, data: { ...base.data, evidence: [doc('unseen-minutes.pdf')] } };
      expect(rec.refusal(run, '2026-03-05T11:00:00Z')).to.equal('document-not-stored');
    });
  });

  context('when a hand-made log cites a document with no document.stored entry', () => {
    it('fails replay with document-not-stored', () => {
      const rec = recordCast();
      rec.autoStore = false;
      rec.run({ action: 'document.stored', actor: SECRETARIAT, data: { ...doc('security-case.pdf'), mediaType: 'application/pdf' } }, '2026-02-01T08:00:00Z');
      rec.run(create(), '2026-02-01T09:00:00Z');
      const forged: ApprovalEvent = {
        time: instant('2026-02-01T10:00:00Z'),
        actor: dcc(WHO.dan),
        action: 'request.withdrawn',
        data: { requestId: ID, reason: 'Replaced by a request with other evidence.', signature: null },
      };
      rec.forge(forged);
      const entries = rec.events.map((e) => JSON.parse(JSON.stringify(eventToLogEntry(e))) as { action: string; data: Record<string, unknown> });
      // Drop the document.stored entry: the revision now cites a document the log never stored.
      const without = entries.filter((e) => e.action !== 'document.stored');
      const codes = replayEntries(without, { origin: TEST_ORIGIN, anchors: fixtureAnchors() }).violations.map((v) => `${v.action}: ${v.code}`);
      expect(codes).to.deep.equal(['request.created: document-not-stored']);
      expect(replayEntries(entries, { origin: TEST_ORIGIN, anchors: fixtureAnchors() }).violations).to.deep.equal([]);
    });
  });
});
