// A log that breaks the rules in four known places among valid entries: what replay must catch.
import { Recorder } from './fixtures.ts';
import { appointment, certificateDer, certificateJson, day, dcc, doc, instant, keyOf, member, pmaChair, request, revision, SECRETARIAT } from './fixtures.ts';
import { DSP_KEY, P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { hashOf, toVoting, vote } from './scenarios.ts';
import { deriveDecision, emptyState, NO_CASTING_VOTES } from '../../approvals/index.ts';
import { Signers, TEST_ORIGIN } from './signers.ts';

const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });
const DSP = { ...TCOS, keyId: keyOf(DSP_KEY), sourceProviderId: P.dsp, targetProviderId: P.dspNext, programme: 'network_evolution_dsp' as const, recipientSecurity: { ...TCOS.recipientSecurity, recipientProspective: true } };

/** A log with four rule-breaking entries among valid ones; returns it with the breaking indices. */
export function handMadeLog(origin: string = TEST_ORIGIN): { rec: Recorder; expected: [number, string, string][] } {
  const rec = recordCast(new Recorder(emptyState(), new Signers(origin)));
  const expected: [number, string, string][] = [];
  const forge = (e: Parameters<Recorder['forge']>[0], code: string): void => {
    rec.enrol(e.actor, e.time);
    rec.storeCited(e.actor, e.data, e.time);
    expected.push([rec.events.length, e.action, code]);
    rec.forge(e);
  };

  const r1 = request('HM-1');
  toVoting(rec, r1, TCOS, '2026-02-02');
  const h1 = hashOf(rec, r1);
  // 1. Eve works for the target provider: recused, yet her vote is in the log.
  forge({ time: instant('2026-02-02T10:00:00Z'), actor: member(WHO.eve), action: 'request.vote_cast', data: { requestId: r1, revisionHash: h1, subject: 'transfer', choice: 'approve', reasons: 'Yes.', conditions: [], signature: null } }, 'voter-recused');
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) vote(rec, r1, h1, WHO.sam, subject, 'approve', '2026-02-02T10:05:00Z');
  // 2. One vote of three needed, yet a decision claiming approval (with a doctored tally).
  const honest = deriveDecision(rec.state, rec.state.requests.get(r1)!, { requestId: r1, revisionHash: h1, conditions: [], castingVotes: NO_CASTING_VOTES, departureReason: null });
  const doctored = { ...honest.tally, quorumMet: true, outcome: 'approved' as const, subjects: honest.tally.subjects.map((s) => ({ ...s, quorumMet: true, outcome: 'approved' as const })) };
  forge({ time: instant('2026-02-02T11:00:00Z'), actor: pmaChair(WHO.clara), action: 'request.decided', data: { ...honest, outcome: 'approved', tally: doctored, signature: null } }, 'quorum-not-met');

  const r2 = request('HM-2');
  toVoting(rec, r2, DSP, '2026-02-03');
  // 3. Executed while still in voting.
  forge({
    time: instant('2026-03-05T12:00:00Z'),
    actor: dcc(WHO.dan),
    action: 'request.executed',
    data: { requestId: r2, executedAt: instant('2026-03-05T10:00:00Z'), evidence: [doc('minutes.pdf')], recipientCertificate: certificateJson(DSP_KEY, { role: 4 }), recipientCertificateDer: certificateDer(DSP_KEY, { role: 4 }), signature: null },
  }, 'request-not-approved');

  rec.run({ action: 'appointment.terminated', actor: SECRETARIAT, data: { appointmentId: appointment('pma-chair-2025'), on: day('2026-04-01'), basis: 'secretary_of_state_direction', reference: 'SoS direction 2026/3' } }, '2026-03-30T09:00:00Z');
  const r3 = request('HM-3');
  rec.run({ action: 'request.created', actor: dcc(WHO.dora), data: { requestId: r3, revision: revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos, executionWindow: { from: instant('2026-05-01T00:00:00Z'), until: instant('2026-05-10T00:00:00Z') } }) } }, '2026-04-02T09:00:00Z');
  const h3 = hashOf(rec, r3);
  rec.run({ action: 'request.submitted', actor: dcc(WHO.dora), data: { requestId: r3, revisionHash: h3 } }, '2026-04-02T09:10:00Z');
  // 4. The chair acts after the Secretary of State's direction ended the appointment.
  forge({ time: instant('2026-04-02T10:00:00Z'), actor: pmaChair(WHO.clara), action: 'request.consultation_opened', data: { requestId: r3, revisionHash: h3, signature: null } }, 'chair-appointment-terminated');
  // A valid entry after the violations is judged normally.
  rec.run({ action: 'request.withdrawn', actor: dcc(WHO.dora), data: { requestId: r3, reason: 'Waiting for the new chair.' } }, '2026-04-03T09:00:00Z');
  return { rec, expected };
}
