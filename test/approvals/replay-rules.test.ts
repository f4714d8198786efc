// Replay names each workflow rule a hand-made log breaks: the auditor's `keygate log replay` runs
// replayEntries over the export, so a log that lets through what the service refuses fails there.
import { expect } from 'chai';
import { eventToLogEntry, replayEntries } from '../../approvals/index.ts';
import type { ApprovalEvent, RequestId } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { SYSTEM, certificateDer, certificateJson, condition, dcc, fixtureAnchors, doc, instant, keyOf, pmaChair, request, revision } from './fixtures.ts';
import type { Recorder } from './fixtures.ts';
import { TEST_ORIGIN } from './signers.ts';
import { closeVoting, execute, toVoting, vote } from './scenarios.ts';

const ID = request('R-REPLAY');
const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });

function approved(rec: Recorder, id: RequestId = ID, content = TCOS, day = '2026-02-02'): void {
  const h = toVoting(rec, id, content, day);
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
    for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, id, h, who, subject, 'approve', `${day}T10:00:00Z`);
  }
  rec.run(closeVoting(id, h, []), `${day}T12:00:00Z`);
}

/** The codes replay reports, entry by entry, for the recorder's events. */
function violations(events: readonly ApprovalEvent[]): string[] {
  const entries = events.map((e) => JSON.parse(JSON.stringify(eventToLogEntry(e))) as unknown);
  return replayEntries(entries, { origin: TEST_ORIGIN, anchors: fixtureAnchors() }).violations.map((v) => `${v.action}: ${v.code}`);
}

function forgedExecution(requestId: RequestId, recipient: ReturnType<typeof certificateJson>): ApprovalEvent {
  return {
    time: instant('2026-03-05T11:00:00Z'),
    actor: dcc(WHO.dan),
    action: 'request.executed',
    data: { requestId, executedAt: instant('2026-03-05T10:00:00Z'), evidence: [doc('ceremony-minutes.pdf')], recipientCertificate: recipient, recipientCertificateDer: certificateDer(TCOS_KEY), signature: null },
  };
}

describe('replay of logs that break the workflow rules', () => {
  context('when an execution records a recipient certificate that failed validation', () => {
    it('fails with recipient-certificate-invalid', () => {
      const rec = recordCast();
      approved(rec);
      rec.forge(forgedExecution(ID, certificateJson(TCOS_KEY, { valid: false, chain: { verified: false, path: [] } })));
      expect(violations(rec.events)).to.deep.equal(['request.executed: recipient-certificate-invalid']);
    });
  });

  context('when an execution records a recipient certificate of another role', () => {
    it('fails with recipient-role-mismatch', () => {
      const rec = recordCast();
      approved(rec);
      rec.forge(forgedExecution(ID, certificateJson(TCOS_KEY, { role: 4 })));
      expect(violations(rec.events)).to.deep.equal(['request.executed: recipient-role-mismatch']);
    });
  });


  context('when a post-execution condition is marked met before the transfer, or flagged overdue early', () => {
    it('fails with condition-phase-mismatch and condition-not-overdue', () => {
      const rec = recordCast();
      const h = toVoting(rec, ID, TCOS, '2026-02-02');
      for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
        for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'approve', '2026-02-02T10:00:00Z');
      }
      const after = (c: string) => ({ conditionId: condition(c), text: `${c}: the source destroys its copy under witness.`, phase: 'after_execution' as const, dueWithinHours: 24 });
      rec.run(closeVoting(ID, h, [after('C1'), after('C2')]), '2026-02-02T12:00:00Z');
      rec.forge({ time: instant('2026-02-03T09:00:00Z'), actor: pmaChair(WHO.clara), action: 'request.condition_met', data: { requestId: ID, conditionId: condition('C1'), evidence: [doc('x.pdf')], note: 'Done early.', signature: null } });
      rec.run(execute(ID, '2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z');
      rec.forge({ time: instant('2026-03-05T12:00:00Z'), actor: SYSTEM, action: 'request.obligation_overdue', data: { requestId: ID, conditionId: condition('C2'), dueAt: instant('2026-03-06T10:00:00Z') } });
      expect(violations(rec.events)).to.deep.equal(['request.condition_met: condition-phase-mismatch', 'request.obligation_overdue: condition-not-overdue']);
    });
  });
});
