// Chair appointments (the 2022 SEC Section G consultation, DOMAIN.md "Chair appointments"):
// - the Secretary of State's non-objection, dated, is required before an appointment takes effect;
// - a chair without SC clearance must start vetting within one month of appointment and hold SC
//   within twelve months, or by a later date the Secretary of State approves;
// - a termination (a Secretary of State direction, or resignation or end of term) ends it.
// A deadline date holds until the end of that day (UTC); a month is a calendar month. Vetting
// started after its month does not cure the breach; holding SC clearance does. A recorded
// termination may be brought forward, never pushed back.
import { refuse } from '../errors.ts';
import { assertNever } from '../assert-never.ts';
import type { Actor, EventIn, EventOf } from '../event-types.ts';
import { toPersonId } from '../ids.ts';
import type { PersonId } from '../ids.ts';
import { chairRoleOf } from '../model/roster.ts';
import type { Body, ChairAppointment, Person } from '../model/roster.ts';
import type { ApprovalState } from '../state-types.ts';
import { addMonths, dayEndMs, dayStartMs } from '../time.ts';
import type { CalendarDate } from '../time.ts';
import { requireActorRole, requirePerson } from './actor.ts';

export const VETTING_START_MONTHS = 1;
export const CLEARANCE_MONTHS = 12;

export type ChairRefusalCode =
  | 'chair-not-appointed'
  | 'chair-non-objection-missing'
  | 'chair-appointment-not-started'
  | 'chair-appointment-terminated'
  | 'chair-vetting-not-started'
  | 'chair-clearance-overdue';

export type AppointmentStatus =
  | { readonly inForce: true; readonly appointment: ChairAppointment }
  | { readonly inForce: false; readonly code: ChairRefusalCode; readonly reason: string };

export function vettingDeadline(a: ChairAppointment): CalendarDate {
  return addMonths(a.appointedOn, VETTING_START_MONTHS);
}

export function clearanceDeadline(a: ChairAppointment): CalendarDate {
  return a.clearanceExtension?.until ?? addMonths(a.appointedOn, CLEARANCE_MONTHS);
}

/** Whether the appointment lets its chair act at `atMs`; the first failing rule is the reason. */
export function appointmentStatus(a: ChairAppointment, atMs: number): AppointmentStatus {
  const out = (code: ChairRefusalCode, reason: string): AppointmentStatus => ({ inForce: false, code, reason: `appointment ${a.id}: ${reason}` });
  if (a.nonObjection === null || dayStartMs(a.nonObjection.date) > atMs) return out('chair-non-objection-missing', 'no Secretary of State non-objection yet');
  if (atMs < dayStartMs(a.appointedOn)) return out('chair-appointment-not-started', `runs from ${a.appointedOn}`);
  if (a.termination !== null && dayStartMs(a.termination.on) <= atMs) return out('chair-appointment-terminated', `terminated on ${a.termination.on} (${a.termination.basis})`);
  if (a.clearanceHeldOn !== null && dayStartMs(a.clearanceHeldOn) <= atMs) return { inForce: true, appointment: a };
  const vettingBy = vettingDeadline(a);
  if (atMs < dayEndMs(vettingBy)) return { inForce: true, appointment: a };
  const startedInTime = a.vettingStartedOn !== null && a.vettingStartedOn <= vettingBy && dayStartMs(a.vettingStartedOn) <= atMs;
  if (!startedInTime) return out('chair-vetting-not-started', `SC vetting did not start by ${vettingBy}`);
  const clearBy = clearanceDeadline(a);
  if (atMs >= dayEndMs(clearBy)) return out('chair-clearance-overdue', `SC clearance not held by ${clearBy}`);
  return { inForce: true, appointment: a };
}

/** The person's standing as chair of `body`: an appointment in force, else why the latest is not. */
export function chairStatus(state: ApprovalState, personId: PersonId, body: Body, atMs: number): AppointmentStatus {
  const mine = [...state.appointments.values()].filter((a) => a.personId === personId && a.body === body);
  const statuses = mine.sort((x, y) => (x.appointedOn < y.appointedOn ? -1 : 1)).map((a) => appointmentStatus(a, atMs));
  const inForce = statuses.find((s) => s.inForce);
  if (inForce !== undefined) return inForce;
  return statuses.at(-1) ?? { inForce: false, code: 'chair-not-appointed', reason: `${personId} has no appointment as chair of ${body}` };
}

export function requireChair(state: ApprovalState, personId: PersonId, body: Body, atMs: number): ChairAppointment {
  const status = chairStatus(state, personId, body, atMs);
  if (status.inForce) return status.appointment;
  return refuse(status.code, `${personId} cannot act as chair of ${body}: ${status.reason}`, { personId, body });
}

/** A chair acts only through an appointment in force at `atMs`; the refusal gives the reason. */
export function requireChairActor(state: ApprovalState, actor: Actor, body: Body, atMs: number, action: string): Person {
  requireActorRole(actor, [chairRoleOf(body)], action);
  const person = requirePerson(state, toPersonId(actor.id));
  requireChair(state, person.id, body, atMs);
  return person;
}

/** The rules for recording appointment facts; the secretariat records them. */
export function checkAppointmentEvent(state: ApprovalState, event: EventIn<'appointment'>): void {
  requireActorRole(event.actor, ['secretariat'], event.action);
  const atMs = Date.parse(event.time);
  if (event.action === 'appointment.made') return checkMade(state, event, atMs);
  const a = state.appointments.get(event.data.appointmentId) ?? refuse('appointment-unknown', `no appointment "${event.data.appointmentId}"`);
  if (a.termination !== null && dayStartMs(a.termination.on) <= atMs) refuse('appointment-terminated', `appointment ${a.id} ended on ${a.termination.on}`);
  switch (event.action) {
    case 'appointment.non_objection_recorded':
      if (a.nonObjection !== null) refuse('appointment-already-recorded', `appointment ${a.id} already has a non-objection`);
      return notAfter(event.data.date, atMs, 'the non-objection');
    case 'appointment.vetting_started':
      if (a.vettingStartedOn !== null) refuse('appointment-already-recorded', `appointment ${a.id} already records vetting`);
      return notAfter(event.data.startedOn, atMs, 'the vetting start');
    case 'appointment.clearance_granted':
      if (a.clearanceHeldOn !== null) refuse('appointment-already-recorded', `appointment ${a.id} already records clearance`);
      return notAfter(event.data.heldOn, atMs, 'the clearance');
    case 'appointment.clearance_deadline_extended':
      if (event.data.until <= clearanceDeadline(a)) refuse('appointment-date-invalid', `an extension must be later than the deadline ${clearanceDeadline(a)}`);
      return;
    case 'appointment.terminated':
      if (a.termination !== null && event.data.on >= a.termination.on) refuse('appointment-date-invalid', `appointment ${a.id} already ends on ${a.termination.on}`);
      return;
    default:
      return assertNever(event);
  }
}

function checkMade(state: ApprovalState, event: EventOf<'appointment.made'>, atMs: number): void {
  const { appointmentId, personId, body, appointedOn, clearance } = event.data;
  if (state.appointments.has(appointmentId)) refuse('appointment-exists', `appointment "${appointmentId}" exists`);
  requirePerson(state, personId);
  const open = [...state.appointments.values()].find((a) => a.body === body && (a.termination === null || a.termination.on > appointedOn));
  if (open !== undefined) refuse('chair-already-appointed', `appointment ${open.id} to chair ${body} has not ended by ${appointedOn}`, { appointmentId: open.id });
  if (clearance.status === 'held') notAfter(clearance.heldOn, atMs, 'the clearance');
}

function notAfter(date: CalendarDate, atMs: number, what: string): void {
  if (dayStartMs(date) > atMs) refuse('appointment-date-invalid', `${what} is dated ${date}, after the time it is recorded`);
}
