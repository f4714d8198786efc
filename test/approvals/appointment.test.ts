import { expect } from 'chai';
import { addMonths, appointmentStatus, chairStatus, clearanceDeadline, emptyState, vettingDeadline } from '../../approvals/index.ts';
import type { AppointmentStatus, ChairAppointment } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { SECRETARIAT, appointment, day, dcc, keyOf, person, pmaChair, request, revision } from './fixtures.ts';

/** Appointed 31 January 2025 without clearance: vetting by 28 Feb 2025, clearance by 31 Jan 2026. */
const BASE: ChairAppointment = {
  id: appointment('a1'),
  personId: person('chair'),
  body: 'smki_pma',
  appointedOn: day('2025-01-31'),
  nonObjection: { date: day('2025-01-20'), reference: 'SoS/2025/1' },
  vettingStartedOn: null,
  clearanceHeldOn: null,
  clearanceExtension: null,
  termination: null,
};

const statusAt = (a: ChairAppointment, iso: string): AppointmentStatus => appointmentStatus(a, Date.parse(iso));
const codeAt = (a: ChairAppointment, iso: string): string => {
  const s = statusAt(a, iso);
  return s.inForce ? 'in-force' : s.code;
};

describe('chair appointments', () => {
  it('counts deadlines in calendar months, clamped to the month end', () => {
    expect(vettingDeadline(BASE)).to.equal('2025-02-28');
    expect(clearanceDeadline(BASE)).to.equal('2026-01-31');
    expect(addMonths(day('2024-01-31'), 1)).to.equal('2024-02-29');
    expect(addMonths(day('2025-12-15'), 1)).to.equal('2026-01-15');
  });

  context('when the Secretary of State non-objection is missing', () => {
    it('is not in force, and says so', () => {
      const s = statusAt({ ...BASE, nonObjection: null }, '2025-02-01T00:00:00Z');
      expect(s).to.deep.include({ inForce: false, code: 'chair-non-objection-missing' });
      expect(s.inForce ? '' : s.reason).to.match(/non-objection/);
    });

    it('takes effect on the day the non-objection is dated, not before', () => {
      const late = { ...BASE, nonObjection: { date: day('2025-02-10'), reference: 'SoS/2025/2' } };
      expect(codeAt(late, '2025-02-09T23:59:59.999Z')).to.equal('chair-non-objection-missing');
      expect(codeAt(late, '2025-02-10T00:00:00Z')).to.equal('in-force');
    });
  });

  context('when the appointment has not started', () => {
    it('is not in force before the appointment date', () => {
      expect(codeAt(BASE, '2025-01-30T23:59:59Z')).to.equal('chair-appointment-not-started');
      expect(codeAt(BASE, '2025-01-31T00:00:00Z')).to.equal('in-force');
    });
  });

  context('when vetting has not started within one month', () => {
    it('is in force until the end of the deadline day, then not', () => {
      expect(codeAt(BASE, '2025-02-28T23:59:59.999Z')).to.equal('in-force');
      expect(codeAt(BASE, '2025-03-01T00:00:00Z')).to.equal('chair-vetting-not-started');
    });

    it('accepts vetting started on the deadline day and refuses vetting started the day after', () => {
      expect(codeAt({ ...BASE, vettingStartedOn: day('2025-02-28') }, '2025-06-01T00:00:00Z')).to.equal('in-force');
      expect(codeAt({ ...BASE, vettingStartedOn: day('2025-03-01') }, '2025-06-01T00:00:00Z')).to.equal('chair-vetting-not-started');
    });
  });

  context('when clearance is not held within twelve months', () => {
    const vetted = { ...BASE, vettingStartedOn: day('2025-02-10') };

    it('is in force until the end of the deadline day, then overdue', () => {
      expect(codeAt(vetted, '2026-01-31T23:59:59Z')).to.equal('in-force');
      expect(codeAt(vetted, '2026-02-01T00:00:00Z')).to.equal('chair-clearance-overdue');
    });

    it('is in force again once clearance is held', () => {
      expect(codeAt({ ...vetted, clearanceHeldOn: day('2026-03-01') }, '2026-03-01T00:00:00Z')).to.equal('in-force');
      expect(codeAt({ ...BASE, clearanceHeldOn: day('2025-01-01') }, '2027-01-01T00:00:00Z')).to.equal('in-force');
    });

    it('moves the deadline to an approved later date', () => {
      const extended = { ...vetted, clearanceExtension: { until: day('2026-06-30'), reference: 'SoS/ext/1' } };
      expect(codeAt(extended, '2026-06-30T12:00:00Z')).to.equal('in-force');
      expect(codeAt(extended, '2026-07-01T00:00:00Z')).to.equal('chair-clearance-overdue');
    });
  });

  context('when a termination direction ends the appointment', () => {
    it('is in force until the termination date, then not', () => {
      const ended = { ...BASE, clearanceHeldOn: day('2024-01-01'), termination: { on: day('2025-06-01'), basis: 'secretary_of_state_direction' as const, reference: 'SoS/dir/1' } };
      expect(codeAt(ended, '2025-05-31T23:59:59Z')).to.equal('in-force');
      expect(codeAt(ended, '2025-06-01T00:00:00Z')).to.equal('chair-appointment-terminated');
    });
  });

  context('when the person has no appointment', () => {
    it('refuses with chair-not-appointed', () => {
      expect(chairStatus(emptyState(), person('nobody'), 'ssc', 0)).to.deep.include({ inForce: false, code: 'chair-not-appointed' });
    });
  });

  context('when a chair acts through the rules', () => {
    const setup = () => {
      const rec = recordCast();
      const id = request('R-A');
      rec.run({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: id, revision: revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos }) } }, '2026-02-01T09:00:00Z');
      const h = rec.state.requests.get(id)!.revisions[0]!.hash;
      rec.run({ action: 'request.submitted', actor: dcc(WHO.dan), data: { requestId: id, revisionHash: h } }, '2026-02-01T09:10:00Z');
      return { rec, open: { action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } } as const };
    };

    it('refuses a chair whose appointment a direction terminated, with the reason', () => {
      const { rec, open } = setup();
      rec.run({ action: 'appointment.terminated', actor: SECRETARIAT, data: { appointmentId: appointment('pma-chair-2025'), on: day('2026-02-02'), basis: 'secretary_of_state_direction', reference: 'SoS/dir/2026/1' } }, '2026-02-01T12:00:00Z');
      expect(rec.refusal(open, '2026-02-02T00:00:00Z')).to.equal('chair-appointment-terminated');
      rec.run(open, '2026-02-01T23:00:00Z');
    });

    it('refuses someone acting as chair with no appointment', () => {
      const { rec, open } = setup();
      expect(rec.refusal({ ...open, actor: pmaChair(WHO.sam) }, '2026-02-02T00:00:00Z')).to.equal('chair-not-appointed');
    });

    it('refuses a second chair of the same body while the first appointment runs', () => {
      const { rec } = setup();
      const made = { action: 'appointment.made', actor: SECRETARIAT, data: { appointmentId: appointment('pma-chair-2026'), personId: person(WHO.sam), body: 'smki_pma', appointedOn: day('2026-03-01'), clearance: { status: 'not_held' } } } as const;
      expect(rec.refusal(made, '2026-02-02T00:00:00Z')).to.equal('chair-already-appointed');
      rec.run({ action: 'appointment.terminated', actor: SECRETARIAT, data: { appointmentId: appointment('pma-chair-2025'), on: day('2026-03-01'), basis: 'end_of_term', reference: 'Panel minute 12' } }, '2026-02-02T00:00:00Z');
      rec.run(made, '2026-02-02T00:00:00Z');
    });

    it('lets a termination be brought forward, never pushed back', () => {
      const { rec } = setup();
      const end = (on: string) => ({ action: 'appointment.terminated', actor: SECRETARIAT, data: { appointmentId: appointment('pma-chair-2025'), on: day(on), basis: 'end_of_term', reference: 'Panel minute' } }) as const;
      rec.run(end('2026-06-01'), '2026-02-02T00:00:00Z');
      expect(rec.refusal(end('2026-09-01'), '2026-02-02T00:00:00Z')).to.equal('appointment-date-invalid');
      rec.run({ ...end('2026-03-01'), data: { ...end('2026-03-01').data, basis: 'secretary_of_state_direction' } }, '2026-02-02T00:00:00Z');
      expect(rec.state.appointments.get(appointment('pma-chair-2025'))?.termination?.on).to.equal('2026-03-01');
    });

    it('refuses an extension that is not later than the deadline, and facts dated in the future', () => {
      const { rec } = setup();
      const ssc = appointment('ssc-chair-2025');
      expect(rec.refusal({ action: 'appointment.clearance_deadline_extended', actor: SECRETARIAT, data: { appointmentId: ssc, until: day('2026-12-01'), reference: 'x' } }, '2026-02-02T00:00:00Z')).to.equal('appointment-date-invalid');
      expect(rec.refusal({ action: 'appointment.clearance_granted', actor: SECRETARIAT, data: { appointmentId: ssc, heldOn: day('2026-02-03') } }, '2026-02-02T00:00:00Z')).to.equal('appointment-date-invalid');
      expect(rec.refusal({ action: 'appointment.vetting_started', actor: SECRETARIAT, data: { appointmentId: ssc, startedOn: day('2026-01-01') } }, '2026-02-02T00:00:00Z')).to.equal('appointment-already-recorded');
    });
  });
});
