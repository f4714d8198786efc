// applyEvent for everything but requests: roster, appointments, providers, keys, policy.
import { assertNever } from './assert-never.ts';
import type { EventOf, WorldEvent } from './event-types.ts';
import type { AppointmentId, PersonId } from './ids.ts';
import { withEntry } from './maps.ts';
import type { ChairAppointment, Person } from './model/roster.ts';
import { sameOrganisation } from './model/roster.ts';
import type { ApprovalState } from './state-types.ts';

export function applyWorldEvent(state: ApprovalState, e: WorldEvent): ApprovalState {
  switch (e.action) {
    case 'roster.person_added':
      return state.people.has(e.data.personId) ? state : { ...state, people: withEntry(state.people, e.data.personId, { id: e.data.personId, name: e.data.name, memberships: [], affiliations: [] }) };
    case 'roster.membership_started':
      return updatePerson(state, e.data.personId, (p) => ({ ...p, memberships: [...p.memberships, { body: e.data.body, role: e.data.role, specialist: e.data.specialist }] }));
    case 'roster.membership_ended':
      return updatePerson(state, e.data.personId, (p) => ({ ...p, memberships: p.memberships.filter((m) => m.body !== e.data.body || m.role !== e.data.role) }));
    case 'roster.affiliation_added':
      return updatePerson(state, e.data.personId, (p) => ({ ...p, affiliations: [...p.affiliations, e.data.organisation] }));
    case 'roster.affiliation_ended':
      return updatePerson(state, e.data.personId, (p) => ({ ...p, affiliations: p.affiliations.filter((o) => !sameOrganisation(o, e.data.organisation)) }));
    case 'appointment.made':
      return state.appointments.has(e.data.appointmentId) ? state : { ...state, appointments: withEntry(state.appointments, e.data.appointmentId, newAppointment(e)) };
    case 'appointment.non_objection_recorded':
      return updateAppointment(state, e.data.appointmentId, (a) => ({ ...a, nonObjection: { date: e.data.date, reference: e.data.reference } }));
    case 'appointment.vetting_started':
      return updateAppointment(state, e.data.appointmentId, (a) => ({ ...a, vettingStartedOn: e.data.startedOn }));
    case 'appointment.clearance_granted':
      return updateAppointment(state, e.data.appointmentId, (a) => ({ ...a, clearanceHeldOn: e.data.heldOn }));
    case 'appointment.clearance_deadline_extended':
      return updateAppointment(state, e.data.appointmentId, (a) => ({ ...a, clearanceExtension: { until: e.data.until, reference: e.data.reference } }));
    case 'appointment.terminated':
      return updateAppointment(state, e.data.appointmentId, (a) => ({ ...a, termination: { on: e.data.on, basis: e.data.basis, reference: e.data.reference } }));
    case 'provider.registered':
      return state.providers.has(e.data.providerId) ? state : { ...state, providers: withEntry(state.providers, e.data.providerId, { id: e.data.providerId, name: e.data.name, kind: e.data.kind, status: e.data.status }) };
    case 'provider.status_changed': {
      const provider = state.providers.get(e.data.providerId);
      return provider === undefined ? state : { ...state, providers: withEntry(state.providers, provider.id, { ...provider, status: e.data.status }) };
    }
    case 'key.registered':
      return state.keys.has(e.data.keyId) ? state : { ...state, keys: withEntry(state.keys, e.data.keyId, { id: e.data.keyId, holderId: e.data.holderId, certificate: e.data.certificate }) };
    case 'policy.set':
      return { ...state, policy: { version: e.data.version, terms: e.data.terms, setAt: e.time } };
    case 'document.stored': {
      const { sha256, size, name, mediaType } = e.data;
      return state.documents.has(sha256) ? state : { ...state, documents: withEntry(state.documents, sha256, { id: sha256, size, name, mediaType }) };
    }
    case 'credential.enrolled': {
      const { personId, credential, fingerprint } = e.data;
      if (state.credentials.has(credential.credentialId)) return state;
      const enrolled = { id: credential.credentialId, personId, key: credential, fingerprint, enrolledAt: e.time, revokedAt: null };
      return { ...state, credentials: withEntry(state.credentials, credential.credentialId, enrolled) };
    }
    case 'credential.revoked': {
      const credential = state.credentials.get(e.data.credentialId);
      if (credential === undefined || credential.revokedAt !== null) return state;
      return { ...state, credentials: withEntry(state.credentials, credential.id, { ...credential, revokedAt: e.time }) };
    }
    default:
      return assertNever(e);
  }
}

function newAppointment(e: EventOf<'appointment.made'>): ChairAppointment {
  return {
    id: e.data.appointmentId,
    personId: e.data.personId,
    body: e.data.body,
    appointedOn: e.data.appointedOn,
    nonObjection: null,
    vettingStartedOn: null,
    clearanceHeldOn: e.data.clearance.status === 'held' ? e.data.clearance.heldOn : null,
    clearanceExtension: null,
    termination: null,
  };
}

function updatePerson(state: ApprovalState, id: PersonId, change: (p: Person) => Person): ApprovalState {
  const person = state.people.get(id);
  return person === undefined ? state : { ...state, people: withEntry(state.people, id, change(person)) };
}

function updateAppointment(state: ApprovalState, id: AppointmentId, change: (a: ChairAppointment) => ChairAppointment): ApprovalState {
  const appointment = state.appointments.get(id);
  return appointment === undefined ? state : { ...state, appointments: withEntry(state.appointments, id, change(appointment)) };
}
