// The shared schemas the OpenAPI document names under components/schemas: the cores' objects,
// each under one name. Wherever a route's schema uses one of these objects the document refers
// to it by name, so generated clients get named types and the document stays small.
import type { z } from 'zod';
import * as A from '../../approvals/index.ts';
import { jsonValueSchema, logEntrySchema } from '../../audit/entry.ts';
import { certificateFingerprintSchema, certificateRecordSchema, chainSummarySchema, findingSchema, spkiSha256Schema } from '../../pki/index.ts';
import { problemSchema } from './routes/schemas-common.ts';
import { trustAnchorSchema } from './routes/schemas-world.ts';

const NAMED: Readonly<Record<string, z.ZodType>> = {
  PersonId: A.personIdSchema,
  ProviderId: A.providerIdSchema,
  AppointmentId: A.appointmentIdSchema,
  RequestId: A.requestIdSchema,
  ConditionId: A.conditionIdSchema,
  KeyId: A.keyIdSchema,
  RevisionHash: A.revisionHashSchema,
  DocumentHash: A.documentHashSchema,
  PolicyVersion: A.policyVersionSchema,
  IsoInstant: A.isoInstantSchema,
  CalendarDate: A.calendarDateSchema,
  Actor: A.actorSchema,

  Body: A.bodySchema,
  MemberRole: A.memberRoleSchema,
  Membership: A.membershipSchema,
  Organisation: A.organisationSchema,
  Person: A.personSchema,
  Clearance: A.clearanceSchema,
  ChairAppointment: A.chairAppointmentSchema,

  ProviderKind: A.providerKindSchema,
  ProviderStatus: A.providerStatusSchema,
  ServiceProvider: A.serviceProviderSchema,
  StoredCertificateRecord: A.storedCertificateSchema,
  RegisteredKey: A.registeredKeySchema,

  QuorumRule: A.quorumRuleSchema,
  ThresholdRule: A.thresholdRuleSchema,
  WindowLimits: A.windowLimitsSchema,
  PolicyTerms: A.policyTermsSchema,
  Policy: A.policySchema,

  VoteSubject: A.voteSubjectSchema,
  VoteChoice: A.voteChoiceSchema,
  Recusal: A.recusalSchema,
  SubjectTally: A.subjectTallySchema,
  Tally: A.tallySchema,

  Attachment: A.attachmentSchema,
  ExecutionWindow: A.executionWindowSchema,
  RevisionContent: A.revisionContentSchema,
  Revision: A.revisionSchema,
  AdviceRecord: A.adviceRecordSchema,
  AdviceWaiver: A.adviceWaiverSchema,
  VoteRecord: A.voteRecordSchema,
  ConflictDeclaration: A.conflictDeclarationSchema,
  Participant: A.participantSchema,
  DecisionCondition: A.decisionConditionSchema,
  Dissent: A.dissentSchema,
  AdviceReliance: A.adviceRelianceSchema,
  CastingVotes: A.castingVotesSchema,
  Decision: A.decisionSchema,
  ConditionMet: A.conditionMetSchema,
  Execution: A.executionSchema,
  Closure: A.closureSchema,
  InformationRequest: A.informationRequestSchema,
  TransferRequest: A.transferRequestSchema,

  CertificateFingerprint: certificateFingerprintSchema,
  SpkiSha256: spkiSha256Schema,
  Finding: findingSchema,
  ChainSummary: chainSummarySchema,
  CertificateRecord: certificateRecordSchema,
  TrustAnchor: trustAnchorSchema,

  JsonValue: jsonValueSchema,
  LogEntry: logEntrySchema,
  Problem: problemSchema,
};

/** `request.vote_cast` → `RequestVoteCastEvent`. */
export function eventComponentName(action: string): string {
  return `${pascalCase(action)}Event`;
}

export function pascalCase(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** The named shared schemas; an event's schema is named where an operation answers with it. */
export function componentSchemas(): ReadonlyArray<readonly [string, z.ZodType]> {
  return Object.entries(NAMED);
}
