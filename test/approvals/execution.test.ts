import { expect } from 'chai';
import type { Command, RevisionHash } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { SECRETARIAT, SYSTEM, certificate, certificateDer, condition, day, dcc, doc, instant, keyOf, member, pmaChair, recipientOf, request, revision } from './fixtures.ts';
import type { Recorder } from './fixtures.ts';
import { closeVoting, execute, toVoting, vote } from './scenarios.ts';

const ID = request('R-E');
const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });

function approved(content = TCOS, conditions: string[] = []): Recorder {
  const rec = recordCast();
  const h: RevisionHash = toVoting(rec, ID, content, '2026-02-02');
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
    for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'approve', '2026-02-03T10:00:00Z');
  }
  rec.run(closeVoting(ID, h, conditions.map((c) => ({ conditionId: condition(c), text: `Condition ${c}.` }))), '2026-02-03T12:00:00Z');
  return rec;
}

const run = (executedAt: string, patch: Partial<ReturnType<typeof execute>['data']> = {}): Command => {
  const base = execute(ID, executedAt);
  return { ...base, data: { ...base.data, requestId: ID, ...patch } };
};

describe('execution and expiry', () => {
  context('when every rule holds', () => {
    it('records the execution and moves the key', () => {
      const rec = approved();
      rec.run(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z');
      expect(rec.state.requests.get(ID)?.state).to.equal('completed');
      expect(rec.state.keys.get(keyOf(TCOS_KEY))?.holderId).to.equal(P.ecos);
    });
  });

  context('when a rule fails', () => {
    const rec = approved();
    it('refuses a recipient certificate for another key', () => {
      expect(rec.refusal(run('2026-03-05T10:00:00Z', recipientOf('spki:other')), '2026-03-05T11:00:00Z')).to.equal('recipient-key-mismatch');
    });
    it('refuses an execution recorded before it happened', () => {
      expect(rec.refusal(run('2026-03-05T10:00:00Z'), '2026-03-05T09:00:00Z')).to.equal('execution-in-future');
    });
    it('refuses an execution outside the window, at either end', () => {
      expect(rec.refusal(run('2026-02-28T23:59:59Z'), '2026-03-05T09:00:00Z')).to.equal('execution-outside-window');
      expect(rec.refusal(run('2026-03-20T00:00:01Z'), '2026-03-21T09:00:00Z')).to.equal('execution-outside-window');
      expect(approved().run(run('2026-03-20T00:00:00Z'), '2026-03-21T09:00:00Z').action).to.equal('request.executed');
    });
    it('refuses an execution without evidence', () => {
      expect(rec.refusal(run('2026-03-05T10:00:00Z', { evidence: [] }), '2026-03-05T11:00:00Z')).to.equal('evidence-missing');
    });
    it('refuses an execution by someone outside the DCC', () => {
      expect(rec.refusal({ ...run('2026-03-05T10:00:00Z'), actor: { id: WHO.sam, role: 'dcc' } }, '2026-03-05T11:00:00Z')).to.equal('actor-not-dcc');
    });
  });

  context('when the recipient certificate is not what the approval needs', () => {
    const rec = approved({ ...TCOS, recipientCertificate: { role: 5, eui: '90B3D51F3000EC01' } });
    const recipient = (overrides: Parameters<typeof certificate>[1] = {}) => recipientOf(TCOS_KEY, { eui: '90B3D51F3000EC01', ...overrides });
    const refused = (overrides: Parameters<typeof certificate>[1]): string => rec.refusal(run('2026-03-05T10:00:00Z', recipient(overrides)), '2026-03-05T11:00:00Z');
    it('refuses one that failed validation (an unregistered issuer) with recipient-certificate-invalid', () => {
      expect(refused({ valid: false, chain: { verified: false, path: [] } })).to.equal('recipient-certificate-invalid');
    });
    it('refuses one outside its validity period at the execution time', () => {
      expect(refused({ validity: { notBefore: '2026-03-06T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z' } })).to.equal('recipient-certificate-invalid');
    });
    it('refuses one whose role is not transferable', () => {
      expect(refused({ transferable: false, role: 2 })).to.equal('recipient-certificate-invalid');
    });
    it('refuses another role than the approved request names, with recipient-role-mismatch', () => {
      expect(refused({ role: 4, roleName: 'accessControlBroker' })).to.equal('recipient-role-mismatch');
    });
    it('refuses a certificate naming another party than the approved request, with recipient-subject-mismatch', () => {
      expect(refused({ eui: '90B3D51F30000501' })).to.equal('recipient-subject-mismatch');
    });
    it('accepts the named role and party, and the key changes holder', () => {
      rec.run(run('2026-03-05T10:00:00Z', recipient()), '2026-03-05T11:00:00Z');
      expect(rec.state.keys.get(keyOf(TCOS_KEY))?.holderId).to.equal(P.ecos);
    });
    it("holds a request that names no role to the key's current role", () => {
      const plain = approved();
      expect(plain.refusal(run('2026-03-05T10:00:00Z', recipientOf(TCOS_KEY, { role: 4 })), '2026-03-05T11:00:00Z')).to.equal('recipient-role-mismatch');
    });
  });

  context("when the key's certificate is no longer valid at execution", () => {
    it('refuses with key-certificate-invalid', () => {
      const rec = recordCast();
      const cert = certificate('spki:short-lived', { validity: { notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2026-03-04T00:00:00.000Z' } });
      rec.run({ action: 'key.registered', actor: SECRETARIAT, data: { holderId: P.tcos, certificate: cert, certificateDer: certificateDer('spki:short-lived') } }, '2026-01-06T00:00:00Z');
      const content = { ...TCOS, keyId: keyOf('spki:short-lived') };
      const h = toVoting(rec, ID, content, '2026-02-02');
      for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'approve', '2026-02-03T10:00:00Z');
      rec.run(closeVoting(ID, h, []), '2026-02-03T12:00:00Z');
      const exec = (at: string): Command => ({ ...run(at, recipientOf('spki:short-lived')) });
      expect(rec.refusal(exec('2026-03-04T00:00:01Z'), '2026-03-05T00:00:00Z')).to.equal('key-certificate-invalid');
      rec.run(exec('2026-03-03T23:00:00Z'), '2026-03-05T00:00:00Z');
    });
  });

  context('when the decision has conditions', () => {
    it('needs every condition met with evidence, once, before execution', () => {
      const rec = approved(TCOS, ['C1', 'C2']);
      const met = (c: string, evidence = [doc(`${c}.pdf`)]): Command => ({ action: 'request.condition_met', actor: pmaChair(WHO.clara), data: { requestId: ID, conditionId: condition(c), evidence, note: 'Checked.' } });
      rec.run(met('C1'), '2026-02-20T09:00:00Z');
      expect(rec.refusal(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z')).to.equal('conditions-not-met');
      expect(rec.refusal(met('C1'), '2026-02-20T09:00:00Z')).to.equal('condition-already-met');
      expect(rec.refusal(met('C3'), '2026-02-20T09:00:00Z')).to.equal('condition-unknown');
      expect(rec.refusal(met('C2', []), '2026-02-20T09:00:00Z')).to.equal('evidence-missing');
      rec.run(met('C2'), '2026-02-20T09:00:00Z');
      rec.run(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z');
    });
  });

  context('when the decision has conditions due after execution', () => {
    const after = (c: string, hours: number) => ({ conditionId: condition(c), text: `Condition ${c}.`, phase: 'after_execution' as const, dueWithinHours: hours });
    function approvedWith(conditions: Parameters<typeof closeVoting>[2]): Recorder {
      const rec = recordCast();
      const h: RevisionHash = toVoting(rec, ID, TCOS, '2026-02-02');
      for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'approve', '2026-02-03T10:00:00Z');
      rec.run(closeVoting(ID, h, conditions), '2026-02-03T12:00:00Z');
      return rec;
    }
    const confirm = (c: string, evidence = [doc(`${c}-destruction.pdf`)]): Command => ({
      action: 'request.obligation_confirmed',
      actor: dcc(WHO.dan),
      data: { requestId: ID, conditionId: condition(c), evidence, note: 'The TCoS host confirms destruction of its copy under witness.' },
    });
    const overdue = (c: string, dueAt: string): Command => ({ action: 'request.obligation_overdue', actor: SYSTEM, data: { requestId: ID, conditionId: condition(c), dueAt: instant(dueAt) } });

    it('lets execution happen, keeps the request open as executed, and completes it when the DCC records the confirmation', () => {
      const rec = approvedWith([after('C1', 24)]);
      expect(rec.refusal(confirm('C1'), '2026-03-01T09:00:00Z')).to.equal('transition-refused');
      rec.run(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z');
      expect(rec.state.requests.get(ID)?.state).to.equal('executed');
      expect(rec.refusal(confirm('C1', []), '2026-03-05T12:00:00Z')).to.equal('evidence-missing');
      expect(rec.refusal({ ...confirm('C1'), actor: pmaChair(WHO.clara) }, '2026-03-05T12:00:00Z')).to.equal('actor-role-not-allowed');
      rec.run(confirm('C1'), '2026-03-05T20:00:00Z');
      expect(rec.state.requests.get(ID)?.state).to.equal('completed');
      expect(rec.state.requests.get(ID)?.conditionsMet.map((m) => m.by)).to.deep.equal([WHO.dan]);
    });

    it('keeps post-execution conditions apart: the chair cannot mark them met before, the DCC cannot confirm a pre-execution one', () => {
      const rec = approvedWith([{ conditionId: condition('C1'), text: 'Before.', phase: 'before_execution' }, after('C2', 24)]);
      const met = (c: string): Command => ({ action: 'request.condition_met', actor: pmaChair(WHO.clara), data: { requestId: ID, conditionId: condition(c), evidence: [doc(`${c}.pdf`)], note: 'Checked.' } });
      expect(rec.refusal(met('C2'), '2026-02-20T09:00:00Z')).to.equal('condition-phase-mismatch');
      expect(rec.refusal(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z')).to.equal('conditions-not-met');
      rec.run(met('C1'), '2026-02-20T09:00:00Z');
      rec.run(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z');
      expect(rec.refusal(confirm('C3'), '2026-03-05T12:00:00Z')).to.equal('condition-unknown');
      expect(rec.refusal(confirm('C1'), '2026-03-05T12:00:00Z')).to.equal('condition-already-met');
      expect(rec.refusal(met('C2'), '2026-03-05T12:00:00Z')).to.equal('transition-refused');
    });

    it('flags an unmet condition overdue after its deadline, once, and the request stays open until it is met', () => {
      const rec = approvedWith([after('C1', 24), after('C2', 48)]);
      rec.run(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z');
      expect(rec.refusal(overdue('C1', '2026-03-06T10:00:00Z'), '2026-03-06T10:00:00Z')).to.equal('condition-not-overdue');
      expect(rec.refusal(overdue('C1', '2026-03-06T11:00:00Z'), '2026-03-06T12:00:00Z')).to.equal('condition-deadline-mismatch');
      expect(rec.refusal({ ...overdue('C1', '2026-03-06T10:00:00Z'), actor: dcc(WHO.dan) }, '2026-03-06T12:00:00Z')).to.equal('actor-role-not-allowed');
      rec.run(overdue('C1', '2026-03-06T10:00:00Z'), '2026-03-06T10:00:01Z');
      expect(rec.refusal(overdue('C1', '2026-03-06T10:00:00Z'), '2026-03-06T12:00:00Z')).to.equal('condition-already-overdue');
      expect(rec.state.requests.get(ID)?.overdue).to.deep.equal([{ conditionId: condition('C1'), dueAt: instant('2026-03-06T10:00:00Z'), at: instant('2026-03-06T10:00:01Z') }]);
      rec.run(confirm('C2'), '2026-03-06T12:00:00Z');
      expect(rec.state.requests.get(ID)?.state).to.equal('executed');
      rec.run(confirm('C1'), '2026-03-07T09:00:00Z');
      expect(rec.state.requests.get(ID)?.state).to.equal('completed');
      expect(rec.refusal(confirm('C1'), '2026-03-07T09:00:00Z')).to.equal('state-terminal');
    });

    it('refuses a decision whose post-execution condition has no deadline, or whose pre-execution condition has one', () => {
      const rec = recordCast();
      const h: RevisionHash = toVoting(rec, ID, TCOS, '2026-02-02');
      for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, ID, h, who, subject, 'approve', '2026-02-03T10:00:00Z');
      expect(rec.refusal(closeVoting(ID, h, [{ conditionId: condition('C1'), text: 'After.', phase: 'after_execution' }]), '2026-02-03T12:00:00Z')).to.equal('condition-invalid');
      expect(rec.refusal(closeVoting(ID, h, [{ conditionId: condition('C1'), text: 'Before.', dueWithinHours: 24 }]), '2026-02-03T12:00:00Z')).to.equal('condition-invalid');
    });
  });

  context('when recusals leave too few members for quorum (item 9)', () => {
    it('lets the chair close without a decision only then, records the counts, and lets the DCC amend and resubmit', () => {
      const rec = recordCast();
      const h: RevisionHash = toVoting(rec, ID, TCOS, '2026-02-02');
      const close: Command = { action: 'request.closed_no_decision', actor: pmaChair(WHO.clara), data: { requestId: ID, revisionHash: h, reason: 'Too many members are recused.' } };
      expect(rec.refusal(close, '2026-02-02T11:00:00Z')).to.equal('quorum-reachable');
      for (const who of [WHO.sam, WHO.una, WHO.vic, WHO.nia]) rec.run({ action: 'request.conflict_declared', actor: member(who), data: { requestId: ID, reason: 'A conflict.' } }, '2026-02-02T10:00:00Z');
      rec.run({ action: 'request.adjourned', actor: pmaChair(WHO.clara), data: { requestId: ID, revisionHash: h, meeting: { name: 'PMA 2026-03', date: day('2026-03-01') }, reason: 'Awaiting new members.' } }, '2026-02-02T10:30:00Z');
      const event = rec.run(close, '2026-02-02T11:00:00Z');
      expect(event.action === 'request.closed_no_decision' && [event.data.quorumBase, event.data.quorumRequired]).to.deep.equal([1, 3]);
      expect(rec.state.requests.get(ID)?.state).to.equal('no_decision');
      rec.run({ action: 'request.amended', actor: dcc(WHO.dan), data: { requestId: ID, revision: { ...TCOS, rationale: 'Resubmitted for the new PMA.' } } }, '2026-02-03T09:00:00Z');
      expect(rec.state.requests.get(ID)?.state).to.equal('submitted');
    });
  });

  context('when the window passes', () => {
    it('expires the approval after the window and not before; execution is then refused', () => {
      const rec = approved();
      const expire: Command = { action: 'request.expired', actor: SYSTEM, data: { requestId: ID } };
      expect(rec.refusal(expire, '2026-03-20T00:00:00Z')).to.equal('window-not-passed');
      expect(rec.refusal({ ...expire, actor: pmaChair(WHO.clara) }, '2026-03-21T00:00:00Z')).to.equal('actor-role-not-allowed');
      rec.run(expire, '2026-03-20T00:00:00.001Z');
      expect(rec.state.requests.get(ID)?.closure).to.deep.equal({ kind: 'expired', at: instant('2026-03-20T00:00:00.001Z') });
      expect(rec.refusal(run('2026-03-10T10:00:00Z'), '2026-03-21T00:00:00Z')).to.equal('state-terminal');
    });
  });

  context('when the request is not approved', () => {
    it('refuses execution with request-not-approved', () => {
      const rec = recordCast();
      toVoting(rec, ID, TCOS, '2026-02-02');
      expect(rec.refusal(run('2026-03-05T10:00:00Z'), '2026-03-05T11:00:00Z')).to.equal('request-not-approved');
    });
  });
});
