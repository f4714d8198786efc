// Transfer requests: revisions, SSC advice, votes, the decision and the execution record.
// Everything here is plain JSON-shaped data (arrays, no maps), so a service may keep a request
// as a snapshot; the state is a fold of its events (state-request.ts).
import type { ConditionId, DocumentHash, KeyId, PersonId, PolicyVersion, ProviderId, RequestId, RevisionHash } from '../ids.ts';
import type { IsoInstant } from '../time.ts';
import type { CertificateRecordJson } from './provider.ts';
import type { Tally } from './tally.ts';

export const REQUEST_STATES = [
  'draft',
  'submitted',
  'ssc_consultation',
  'voting',
  'information_requested',
  'approved',
  'rejected',
  'withdrawn',
  'executed',
  'expired',
  'revoked',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const TERMINAL_STATES: readonly RequestState[] = ['rejected', 'withdrawn', 'executed', 'expired', 'revoked'];

export const PROGRAMMES = ['ecos_migration', 'network_evolution_dsp', 'network_evolution_smki', 'network_evolution_chn', 'other'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const MECHANISM_METHODS = ['hsm_export_under_kek', 'key_ceremony_split_knowledge', 'other'] as const;
export type MechanismMethod = (typeof MECHANISM_METHODS)[number];

/** A document stored by the service (size-limited, scanned for private keys) and referenced here. */
export interface Attachment {
  readonly sha256: DocumentHash;
  readonly size: number;
  readonly name: string;
}

export interface SecureMechanism {
  readonly method: MechanismMethod;
  readonly description: string;
  readonly witnesses: readonly string[];
}

export interface RecipientSecurityCase {
  readonly sectionGStatement: string;
  /** DCC Security Assessment or CIO report references. */
  readonly assessmentReferences: readonly string[];
  readonly prospectiveChangesConsidered: string;
  readonly recipientProspective: boolean;
}

export interface ExecutionWindow {
  readonly from: IsoInstant;
  readonly until: IsoInstant;
}

/** What the DCC asks for; its SHA-256 over RFC 8785 canonical JSON is the revision hash. */
export interface RevisionContent {
  readonly keyId: KeyId;
  readonly sourceProviderId: ProviderId;
  readonly targetProviderId: ProviderId;
  readonly programme: Programme;
  readonly rationale: string;
  readonly mechanism: SecureMechanism;
  readonly recipientSecurity: RecipientSecurityCase;
  readonly executionWindow: ExecutionWindow;
  readonly attachments: readonly Attachment[];
}

export interface Revision {
  /** 1 for the request as created, then one more per amendment. */
  readonly number: number;
  readonly hash: RevisionHash;
  readonly content: RevisionContent;
  readonly at: IsoInstant;
}

export const ADVICE_POSITIONS = ['support', 'support_with_conditions', 'do_not_support', 'no_comment'] as const;
export type AdvicePosition = (typeof ADVICE_POSITIONS)[number];

export interface AdviceRecord {
  readonly revisionHash: RevisionHash;
  readonly position: AdvicePosition;
  readonly text: string;
  readonly conditions: readonly string[];
  readonly documents: readonly Attachment[];
  readonly by: PersonId;
  readonly at: IsoInstant;
}

export interface AdviceWaiver {
  readonly revisionHash: RevisionHash;
  readonly reason: string;
  readonly by: PersonId;
  readonly at: IsoInstant;
}

export const VOTE_SUBJECTS = ['transfer', 'mechanism', 'recipient_security'] as const;
export type VoteSubject = (typeof VOTE_SUBJECTS)[number];

export const VOTE_CHOICES = ['approve', 'reject', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export interface VoteRecord {
  readonly voterId: PersonId;
  readonly revisionHash: RevisionHash;
  readonly subject: VoteSubject;
  readonly choice: VoteChoice;
  readonly reasons: string;
  readonly conditions: readonly string[];
  readonly at: IsoInstant;
}

export interface ConflictDeclaration {
  readonly personId: PersonId;
  readonly reason: string;
  readonly at: IsoInstant;
}

/** The one role a person holds on a request (nobody holds two). */
export type ParticipantRole = 'requester' | 'pma_chair' | 'ssc_chair' | 'pma_member';

export interface Participant {
  readonly personId: PersonId;
  readonly role: ParticipantRole;
}

export interface DecisionCondition {
  readonly conditionId: ConditionId;
  readonly text: string;
}

export interface Dissent {
  readonly personId: PersonId;
  readonly subject: VoteSubject;
  readonly choice: VoteChoice;
  readonly reasons: string;
}

/** The SSC advice a decision relied on: advice on the decided revision, a waiver, or nothing (advice not required). */
export type AdviceReliance =
  | { readonly kind: 'advice'; readonly position: AdvicePosition; readonly by: PersonId; readonly at: IsoInstant }
  | { readonly kind: 'waived'; readonly reason: string }
  | { readonly kind: 'none' };

export type CastingVotes = { readonly [S in VoteSubject]: 'approve' | 'reject' | null };

export interface Decision {
  readonly revisionHash: RevisionHash;
  readonly outcome: 'approved' | 'rejected';
  readonly policyVersion: PolicyVersion;
  readonly tally: Tally;
  readonly castingVotes: CastingVotes;
  readonly dissent: readonly Dissent[];
  readonly conditions: readonly DecisionCondition[];
  readonly advice: AdviceReliance;
  readonly departureReason: string | null;
  readonly by: PersonId;
  readonly at: IsoInstant;
}

export interface ConditionMet {
  readonly conditionId: ConditionId;
  readonly evidence: readonly Attachment[];
  readonly note: string;
  readonly by: PersonId;
  readonly at: IsoInstant;
}

export interface Execution {
  readonly executedAt: IsoInstant;
  readonly evidence: readonly Attachment[];
  readonly recipientCertificate: CertificateRecordJson;
  readonly by: PersonId;
  readonly at: IsoInstant;
}

/** Why the request left the workflow other than by decision or execution. */
export type Closure =
  | { readonly kind: 'withdrawn'; readonly reason: string; readonly at: IsoInstant }
  | { readonly kind: 'revoked'; readonly reason: string; readonly decisionReference: string; readonly at: IsoInstant }
  | { readonly kind: 'expired'; readonly at: IsoInstant };

export interface InformationRequest {
  readonly revisionHash: RevisionHash;
  readonly questions: string;
  readonly at: IsoInstant;
}

export interface TransferRequest {
  readonly id: RequestId;
  readonly state: RequestState;
  /** In order; the last is the current revision. Never empty. */
  readonly revisions: readonly Revision[];
  readonly advice: readonly AdviceRecord[];
  readonly adviceWaivers: readonly AdviceWaiver[];
  /** Every vote cast, in order; the latest per voter, subject and revision counts. */
  readonly votes: readonly VoteRecord[];
  readonly conflicts: readonly ConflictDeclaration[];
  readonly participants: readonly Participant[];
  readonly informationRequests: readonly InformationRequest[];
  readonly decision: Decision | null;
  readonly conditionsMet: readonly ConditionMet[];
  readonly execution: Execution | null;
  readonly closure: Closure | null;
}
