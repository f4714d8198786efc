// Public surface of the approvals core: types, the event union and its log entry codec, the state
// fold, the rules (decide / checkEvent, the tally, the transition table, chair appointments) and
// the replay checker. No Express, no knex, no clock: every rule takes the time as an argument.

export { ApprovalError, isApprovalError } from './errors.ts';
export type { ApprovalErrorCode, ErrorEvidence } from './errors.ts';

export * from './ids.ts';
export { addMonths, calendarDateOf, calendarDateSchema, isCalendarDate, isIsoInstant, isoInstantSchema, toInstant } from './time.ts';
export type { CalendarDate, IsoInstant } from './time.ts';
export type { JsonObject, JsonValue } from './json.ts';
export { countSchema, nameSchema, referenceSchema, textSchema, textsSchema } from './schema.ts';
export type { Frozen, Infer } from './schema.ts';

export * from './model/roster.ts';
export * from './model/provider.ts';
export * from './model/policy.ts';
export * from './model/request.ts';
export * from './model/tally.ts';

export { ACTOR_ROLES, isRequestEvent } from './event-types.ts';
export type { Actor, ActorRole, ApprovalEvent, EventAction, EventDataMap, EventIn, EventOf, RequestEvent, WorldEvent } from './event-types.ts';
export { EVENT_ACTIONS, EVENT_DATA_SCHEMAS, MAX_LIST, MAX_TEXT, actorSchema, eventSchemaOf, isEventAction } from './event-schemas.ts';
export { commandDataSchemaOf } from './command-schemas.ts';
export type { CommandDataSchema } from './command-schemas.ts';
export { REFUSALS } from './refusals.ts';
export { APPROVAL_ACTION_PREFIXES, EVENT_SUBJECT_TYPES, assertEntryFits, entryBytes, eventSubject, eventToLogEntry, isApprovalAction, parseEvent } from './events.ts';
export type { EventSubject, EventSubjectType } from './events.ts';
export { computeRevisionHash } from './revision-hash.ts';

export { applyEvent, applyEvents, buildState, emptyState } from './state.ts';
export type { ApprovalState, StateParts } from './state.ts';

export { decide } from './decide.ts';
export type { Command, CommandData, DerivedCommandDataMap } from './decide.ts';
export { checkEvent } from './check.ts';
export { replayEntries } from './replay.ts';
export type { ReplayOptions, ReplayResult, ReplayViolation } from './replay.ts';

export { REQUEST_ACTIONS, TRANSITIONS, checkTransition, isTerminal, requestActionOf, transition } from './rules/transitions.ts';
export type { RequestAction, Transition, TransitionRefusal } from './rules/transitions.ts';
export { ACTOR_OF_ACTION } from './rules/request-access.ts';
export type { RequestActorKind } from './rules/request-access.ts';
export { CLEARANCE_MONTHS, VETTING_START_MONTHS, appointmentStatus, chairStatus, clearanceDeadline, requireChair, vettingDeadline } from './rules/appointment.ts';
export type { AppointmentStatus, ChairRefusalCode } from './rules/appointment.ts';
export { NO_CASTING_VOTES, countedVotes, quorumRequired, tally } from './rules/tally.ts';
export type { TallyInput, TallyMember, TallyVote } from './rules/tally.ts';
export { recusalOf, tallyMembers } from './rules/votes.ts';
export { deriveDecision, requireQuorum } from './rules/decision.ts';
export type { DecidedData, DecisionCommandData } from './rules/decision.ts';
export { adviceReliance, latestAdvice, latestWaiver } from './rules/advice.ts';
export { unmetConditions } from './rules/execution.ts';
export { MAX_ATTACHMENT_BYTES, checkRevisionContent, currentRevision } from './rules/request.ts';
export { checkPolicyTerms, requirePolicy } from './rules/policy.ts';
