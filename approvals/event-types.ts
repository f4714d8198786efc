// The domain events: every state change is one event, and one event is one log entry
// (events.ts converts both ways). Data members are never optional: absent values are null, so an
// event survives the JSON round trip unchanged.
import type { AppointmentId, ConditionId, KeyId, PersonId, PolicyVersion, ProviderId, RequestId, RevisionHash } from './ids.ts';
import type { PolicyTerms } from './model/policy.ts';
import type { CertificateRecordJson, ProviderKind, ProviderStatus } from './model/provider.ts';
import type {
  AdvicePosition,
  AdviceReliance,
  Attachment,
  CastingVotes,
  DecisionCondition,
  Dissent,
  RevisionContent,
  VoteChoice,
  VoteSubject,
} from './model/request.ts';
import type { Body, ClearanceAtAppointment, MemberRole, Organisation, TerminationBasis } from './model/roster.ts';
import type { Tally } from './model/tally.ts';
import type { CalendarDate, IsoInstant } from './time.ts';

/**
 * Who acted. Person roles carry a PersonId as `id`; the secretariat (roster, providers, keys,
 * policy) and the system (expiry) carry an operator or service name.
 */
export const ACTOR_ROLES = ['secretariat', 'dcc', 'pma_chair', 'pma_member', 'ssc_chair', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export interface Actor {
  readonly id: string;
  readonly role: ActorRole;
}

type OnRequest<T = object> = { readonly requestId: RequestId } & T;
type OnRevision<T = object> = OnRequest<{ readonly revisionHash: RevisionHash } & T>;

export interface EventDataMap {
  'roster.person_added': { readonly personId: PersonId; readonly name: string };
  'roster.membership_started': { readonly personId: PersonId; readonly body: Body; readonly role: MemberRole; readonly specialist: boolean };
  'roster.membership_ended': { readonly personId: PersonId; readonly body: Body; readonly role: MemberRole };
  'roster.affiliation_added': { readonly personId: PersonId; readonly organisation: Organisation };
  'roster.affiliation_ended': { readonly personId: PersonId; readonly organisation: Organisation };

  'appointment.made': {
    readonly appointmentId: AppointmentId;
    readonly personId: PersonId;
    readonly body: Body;
    readonly appointedOn: CalendarDate;
    readonly clearance: ClearanceAtAppointment;
  };
  'appointment.non_objection_recorded': { readonly appointmentId: AppointmentId; readonly date: CalendarDate; readonly reference: string };
  'appointment.vetting_started': { readonly appointmentId: AppointmentId; readonly startedOn: CalendarDate };
  'appointment.clearance_granted': { readonly appointmentId: AppointmentId; readonly heldOn: CalendarDate };
  'appointment.clearance_deadline_extended': { readonly appointmentId: AppointmentId; readonly until: CalendarDate; readonly reference: string };
  'appointment.terminated': { readonly appointmentId: AppointmentId; readonly on: CalendarDate; readonly basis: TerminationBasis; readonly reference: string };

  'provider.registered': { readonly providerId: ProviderId; readonly name: string; readonly kind: ProviderKind; readonly status: ProviderStatus };
  'provider.status_changed': { readonly providerId: ProviderId; readonly status: ProviderStatus };

  /** `keyId` is the certificate's spkiSha256. */
  'key.registered': { readonly keyId: KeyId; readonly holderId: ProviderId; readonly certificate: CertificateRecordJson };

  'policy.set': { readonly version: PolicyVersion; readonly terms: PolicyTerms };

  'request.created': OnRevision<{ readonly revision: RevisionContent }>;
  /** `replaces` is the revision current before the amendment; its votes become void. */
  'request.amended': OnRevision<{ readonly revision: RevisionContent; readonly replaces: RevisionHash }>;
  'request.submitted': OnRevision;
  'request.consultation_opened': OnRevision;
  'request.advice_recorded': OnRevision<{
    readonly position: AdvicePosition;
    readonly text: string;
    readonly conditions: readonly string[];
    readonly documents: readonly Attachment[];
  }>;
  'request.advice_waived': OnRevision<{ readonly reason: string }>;
  'request.voting_opened': OnRevision;
  /** The declaring member is the actor. */
  'request.conflict_declared': OnRequest<{ readonly reason: string }>;
  /** The voter is the actor. */
  'request.vote_cast': OnRevision<{
    readonly subject: VoteSubject;
    readonly choice: VoteChoice;
    readonly reasons: string;
    readonly conditions: readonly string[];
  }>;
  'request.information_requested': OnRevision<{ readonly questions: string }>;
  'request.withdrawn': OnRequest<{ readonly reason: string }>;
  /** Closing the vote. Everything but conditions, castingVotes and departureReason is derived from the state, and replay recomputes it. */
  'request.decided': OnRevision<{
    readonly outcome: 'approved' | 'rejected';
    readonly policyVersion: PolicyVersion;
    readonly tally: Tally;
    readonly castingVotes: CastingVotes;
    readonly dissent: readonly Dissent[];
    readonly conditions: readonly DecisionCondition[];
    readonly advice: AdviceReliance;
    readonly departureReason: string | null;
  }>;
  'request.condition_met': OnRequest<{ readonly conditionId: ConditionId; readonly evidence: readonly Attachment[]; readonly note: string }>;
  'request.executed': OnRequest<{ readonly executedAt: IsoInstant; readonly evidence: readonly Attachment[]; readonly recipientCertificate: CertificateRecordJson }>;
  'request.expired': OnRequest;
  'request.revoked': OnRequest<{ readonly reason: string; readonly decisionReference: string }>;
}

export type EventAction = keyof EventDataMap;

export type EventOf<A extends EventAction> = {
  readonly time: IsoInstant;
  readonly actor: Actor;
  readonly action: A;
  readonly data: EventDataMap[A];
};

/** The event union, discriminated by `action`. */
export type ApprovalEvent = { [A in EventAction]: EventOf<A> }[EventAction];

/** The events whose action starts with `prefix.`. */
export type EventIn<Prefix extends string> = Extract<ApprovalEvent, { action: `${Prefix}.${string}` }>;
export type RequestEvent = EventIn<'request'>;
export type WorldEvent = Exclude<ApprovalEvent, RequestEvent>;

export function isRequestEvent(event: ApprovalEvent): event is RequestEvent {
  return event.action.startsWith('request.');
}
