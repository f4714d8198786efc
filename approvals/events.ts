// Events to log entries and back. Every approvals entry has `subject` derived from its data, so a
// reader can find all entries about one request; parseEvent refuses an entry whose subject, actor
// role, time or data does not match (untrusted input: everything is checked, nothing is coerced).
import { encodeLogEntry, logEntrySchema, MAX_ENTRY_BYTES } from '../audit/entry.ts';
import type { EncodedEntry, LogEntry } from '../audit/entry.ts';
import { AuditError } from '../audit/errors.ts';
import { assertNever } from './assert-never.ts';
import { ApprovalError, isApprovalError } from './errors.ts';
import { EVENT_DATA_SCHEMAS, isEventAction } from './event-schemas.ts';
import { ACTOR_ROLES } from './event-types.ts';
import type { ActorRole, ApprovalEvent } from './event-types.ts';
import { toJsonObject } from './json.ts';
import { isIsoInstant } from './time.ts';

export const EVENT_SUBJECT_TYPES = ['person', 'appointment', 'provider', 'key', 'policy', 'document', 'request'] as const;
export type EventSubjectType = (typeof EVENT_SUBJECT_TYPES)[number];

export interface EventSubject {
  readonly type: EventSubjectType;
  readonly id: string;
}

/** Entries whose action starts with one of these belong to approvals; replay skips the rest. */
export const APPROVAL_ACTION_PREFIXES = ['roster.', 'appointment.', 'provider.', 'key.', 'policy.', 'credential.', 'request.'] as const;

/** Approvals actions outside those prefixes (`document.purged` is the document service's own). */
const APPROVAL_ACTIONS_ELSEWHERE = ['document.stored'];

export function isApprovalAction(action: string): boolean {
  return APPROVAL_ACTION_PREFIXES.some((p) => action.startsWith(p)) || APPROVAL_ACTIONS_ELSEWHERE.includes(action);
}

/** The entity an event changes (`request.executed` also moves its key to the target provider). */
export function eventSubject(event: ApprovalEvent): EventSubject {
  switch (event.action) {
    case 'roster.person_added':
    case 'roster.membership_started':
    case 'roster.membership_ended':
    case 'roster.affiliation_added':
    case 'roster.affiliation_ended':
    case 'credential.enrolled':
    case 'credential.revoked':
      return { type: 'person', id: event.data.personId };
    case 'appointment.made':
    case 'appointment.non_objection_recorded':
    case 'appointment.vetting_started':
    case 'appointment.clearance_granted':
    case 'appointment.clearance_deadline_extended':
    case 'appointment.terminated':
      return { type: 'appointment', id: event.data.appointmentId };
    case 'provider.registered':
    case 'provider.status_changed':
      return { type: 'provider', id: event.data.providerId };
    case 'key.registered':
      return { type: 'key', id: event.data.keyId };
    case 'policy.set':
      return { type: 'policy', id: String(event.data.version) };
    case 'document.stored':
      return { type: 'document', id: event.data.sha256 };
    case 'request.created':
    case 'request.amended':
    case 'request.submitted':
    case 'request.consultation_opened':
    case 'request.advice_recorded':
    case 'request.advice_waived':
    case 'request.voting_opened':
    case 'request.conflict_declared':
    case 'request.vote_cast':
    case 'request.information_requested':
    case 'request.withdrawn':
    case 'request.decided':
    case 'request.condition_met':
    case 'request.executed':
    case 'request.expired':
    case 'request.revoked':
    case 'request.obligation_confirmed':
    case 'request.obligation_overdue':
    case 'request.closed_no_decision':
    case 'request.adjourned':
      return { type: 'request', id: event.data.requestId };
    default:
      return assertNever(event);
  }
}

/** The log entry for an event (the audit NewLogEntry shape, with `time` always set). */
export function eventToLogEntry(event: ApprovalEvent): LogEntry {
  return {
    time: event.time,
    actor: { id: event.actor.id, role: event.actor.role },
    action: event.action,
    subject: { ...eventSubject(event) },
    data: toJsonObject(event.data),
  };
}

/**
 * The event's log entry, checked and canonicalized once, and the event read back from that entry
 * exactly as replay will read it. Any problem is the command's: `command-invalid`.
 */
export function encodeEvent(event: ApprovalEvent): { readonly event: ApprovalEvent; readonly entry: EncodedEntry } {
  let entry: EncodedEntry;
  try {
    entry = encodeLogEntry(eventToLogEntry(event));
  } catch (err) {
    if (!(err instanceof AuditError)) throw err;
    if (err.code === 'entry-too-large') {
      throw new ApprovalError('command-invalid', `the log entry would be ${err.evidence?.bytes} bytes; the limit is ${MAX_ENTRY_BYTES}: reference large text as an attachment`, {
        evidence: { bytes: Number(err.evidence?.bytes), limit: MAX_ENTRY_BYTES },
      });
    }
    throw new ApprovalError('command-invalid', err.message, { cause: err });
  }
  try {
    // encodeLogEntry checked the entry's shape; only the event's own rules remain.
    return { event: eventOfEntry(entry.entry), entry };
  } catch (err) {
    if (isApprovalError(err) && err.code === 'event-malformed') throw new ApprovalError('command-invalid', err.message, { cause: err });
    throw err;
  }
}

/** Parses an untrusted log entry into an event; throws `event-malformed` naming the first problem. */
export function parseEvent(entry: unknown): ApprovalEvent {
  const parsed = logEntrySchema.safeParse(entry);
  if (!parsed.success) throw malformed('the entry does not have the log entry shape');
  return eventOfEntry(parsed.data);
}

/** The event of an entry whose log entry shape is already checked. */
function eventOfEntry(entry: LogEntry): ApprovalEvent {
  const { time, actor, action, subject, data } = entry;
  if (!isEventAction(action)) throw malformed(`unknown action "${action}"`);
  if (!isIsoInstant(time)) throw malformed(`time "${time}" is not a valid UTC instant`);
  if (!isActorRole(actor.role)) throw malformed(`actor role "${actor.role}" is not one of ${ACTOR_ROLES.join(', ')}`);
  const body = EVENT_DATA_SCHEMAS[action].safeParse(data);
  if (!body.success) throw malformed(`${action} data is invalid: ${body.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ')}`);
  // The schema for `action` produced `body.data`; TypeScript cannot correlate the two.
  const event = { time, actor: { id: actor.id, role: actor.role }, action, data: body.data } as ApprovalEvent;
  const expected = eventSubject(event);
  if (subject.type !== expected.type || subject.id !== expected.id) {
    throw malformed(`subject ${subject.type}/${subject.id} does not match the data (${expected.type}/${expected.id})`);
  }
  return event;
}

function isActorRole(role: string): role is ActorRole {
  return (ACTOR_ROLES as readonly string[]).includes(role);
}

function malformed(message: string): ApprovalError {
  return new ApprovalError('event-malformed', message);
}
