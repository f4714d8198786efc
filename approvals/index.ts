// Public surface of the approvals core: types, the event union and its log entry codec, the state
// fold, the rules (decide / checkEvent, the tally, the transition table, chair appointments) and
// the replay checker. No Express, no knex, no clock: every rule takes the time as an argument.

export { ApprovalError, isApprovalError } from './errors.ts';
export type { ApprovalErrorCode } from './errors.ts';

export * from './ids.ts';
export { addMonths, calendarDateOf, calendarDateSchema, isoInstantSchema, toInstant } from './time.ts';
export type { CalendarDate, IsoInstant } from './time.ts';
export { countSchema, nameSchema, referenceSchema } from './schema.ts';

export * from './model/roster.ts';
export * from './model/provider.ts';
export * from './model/policy.ts';
export * from './model/request.ts';
export * from './model/tally.ts';
export * from './model/document.ts';

export type { Actor, ActorRole, ApprovalEvent, EventAction, EventOf, RequestEvent } from './event-types.ts';
export { EVENT_ACTIONS, actorSchema, eventSchemaOf } from './event-schemas.ts';
export { commandDataSchemaOf } from './command-schemas.ts';
export { REFUSALS } from './refusals.ts';
export { eventSubject, eventToLogEntry, isApprovalAction, parseEvent } from './events.ts';

export { applyEvent, buildState, emptyState } from './state.ts';
export type { ApprovalState, StateParts } from './state.ts';

export { decide, decideEntry } from './decide.ts';
export type { Command, CommandData } from './decide.ts';
export { checkEvent } from './check.ts';
export { TEXT_MINIMUMS } from './rules/texts.ts';
export { replayEntries } from './replay.ts';
export type { ReplayViolation } from './replay.ts';
export type { AnchorLedger } from './replay-certificates.ts';

export { REQUEST_ACTIONS, TRANSITIONS, checkTransition, isTerminal, requestActionOf, transition } from './rules/transitions.ts';
export type { RequestAction } from './rules/transitions.ts';
export { ACTOR_OF_ACTION } from './rules/request-access.ts';
export type { RequestActorKind } from './rules/request-access.ts';
export { appointmentStatus, chairStatus, clearanceDeadline, vettingDeadline } from './rules/appointment.ts';
export type { AppointmentStatus } from './rules/appointment.ts';
export { NO_CASTING_VOTES, tally } from './rules/tally.ts';
export type { TallyInput, TallyMember, TallyVote } from './rules/tally.ts';
export { recusalOf, tallyMembers } from './rules/votes.ts';
export { deriveDecision } from './rules/decision.ts';
export { latestAdvice, latestWaiver } from './rules/advice.ts';
export { conditionDueAt, unmetConditions } from './rules/execution.ts';
export { currentRevision } from './rules/request.ts';
export { MAX_ATTACHMENT_BYTES } from './rules/documents.ts';
export { checkSteps, stepsOfRole, unlockedBy } from './next-steps.ts';
export type { RequestStep, StepCheck, Unlock } from './next-steps.ts';

// Personal signing credentials and signed statements.
export * from './signing/credential.ts';
export * from './signing/proof.ts';
export { isSignedRequestAction, statementHash } from './signing/statement.ts';
export type { SignedAction } from './signing/statement.ts';
export { verifyProof } from './signing/verify.ts';
export { proofsOf } from './signing/proofs-of.ts';
export { ed25519CredentialOf, signStatementEd25519, statementForCommand } from './signing/sign.ts';
