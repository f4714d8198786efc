// decide: a command becomes the one event that records it, or an ApprovalError. The event is
// built (derived members computed from the state), encoded once as its log entry, read back from
// that entry exactly as replay will read it, and checked by the same rules replay runs. The
// service appends the encoded entry (decideEntry) and folds the event into its state.
import type { EncodedEntry } from '../audit/entry.ts';
import { assertProseValue } from '../pki/index.ts';
import type { CertificateDer } from '../pki/index.ts';
import type { Actor, ApprovalEvent, EventAction, EventDataMap } from './event-types.ts';
import { encodeEvent } from './events.ts';
import { checkEvent } from './check.ts';
import type { CheckContext } from './check.ts';
import { toKeyId } from './ids.ts';
import type { PersonId, ProviderId, RequestId } from './ids.ts';
import { credentialFingerprint } from './signing/credential.ts';
import type { CredentialKey } from './signing/credential.ts';
import type { Proof } from './signing/proof.ts';
import { isSignedRequestAction } from './signing/statement.ts';
import { toJsonObject } from './json.ts';
import type { CertificateFacts, CertificateRecordJson } from './model/provider.ts';
import type { Attachment, RevisionContent } from './model/request.ts';
import { computeRevisionHash } from './revision-hash.ts';
import { deriveDecision, quorumShortfall } from './rules/decision.ts';
import type { DecisionCommandData } from './rules/decision.ts';
import { currentRevision, requireRequest } from './rules/request.ts';
import type { ApprovalState } from './state-types.ts';
import { toInstant } from './time.ts';
import type { IsoInstant } from './time.ts';

/** A signed command may come without its signature (null in the event) where the policy allows. */
type Signature = { readonly signature?: Proof | null };

/** Command data that differs from the event's: the rest of the event data is given as is. */
export interface DerivedCommandDataMap {
  'request.created': { readonly requestId: RequestId; readonly revision: RevisionContent } & Signature;
  'request.amended': { readonly requestId: RequestId; readonly revision: RevisionContent } & Signature;
  /** pki's CertificateRecord of `certificateDer` fits; the whole record is kept. */
  'key.registered': { readonly holderId: ProviderId; readonly certificate: CertificateFacts; readonly certificateDer: CertificateDer };
  'request.decided': DecisionCommandData & Signature;
  /** The quorum counts are derived from the roster and the policy. */
  'request.closed_no_decision': Omit<EventDataMap['request.closed_no_decision'], 'quorumBase' | 'quorumRequired' | 'signature'> & Signature;
  /** The fingerprint is computed from the key; the approval is needed only for a later credential. */
  'credential.enrolled': { readonly personId: PersonId; readonly credential: CredentialKey; readonly signature: Proof; readonly approval?: Proof | null };
  'request.executed': {
    readonly requestId: RequestId;
    readonly executedAt: IsoInstant;
    readonly evidence: readonly Attachment[];
    /** The recipient's certificate for the key: pki's CertificateRecord of `recipientCertificateDer` fits. */
    readonly recipientCertificate: CertificateFacts;
    readonly recipientCertificateDer: CertificateDer;
  } & Signature;
}

type Unsigned<T> = T extends { readonly signature: Proof | null } ? Omit<T, 'signature'> & Signature : T;

export type CommandData<A extends EventAction> = A extends keyof DerivedCommandDataMap ? DerivedCommandDataMap[A] : Unsigned<EventDataMap[A]>;

export type Command = { [A in EventAction]: { readonly action: A; readonly actor: Actor; readonly data: CommandData<A> } }[EventAction];

/** The event for `command` at `at`, checked against `state`; throws ApprovalError when a rule refuses it. */
export function decide(state: ApprovalState, command: Command, at: Date, context: CheckContext = {}): ApprovalEvent {
  return decideEntry(state, command, at, context).event;
}

/**
 * As decide, with the event's log entry, checked and canonicalized once: what the service
 * appends. The event is the entry read back as replay will read it.
 */
export function decideEntry(state: ApprovalState, command: Command, at: Date, context: CheckContext = {}): { readonly event: ApprovalEvent; readonly entry: EncodedEntry } {
  const decided = encodeEvent(buildEvent(state, command, toInstant(at)));
  // After the shape check: free text of a new command keeps to the prose rule (replay does not
  // judge old entries by it).
  assertProseValue(decided.event.data, { skip: STRUCTURED_MEMBERS });
  checkEvent(state, decided.event, context);
  return decided;
}

/** Event data members that hold certificate records built by pki, not text anyone wrote. */
const STRUCTURED_MEMBERS = ['certificate', 'certificateDer', 'recipientCertificate', 'recipientCertificateDer', 'signature', 'approval', 'credential'];

function buildEvent(state: ApprovalState, command: Command, time: IsoInstant): ApprovalEvent {
  const { actor } = command;
  // An absent signature is null in the event (events have no optional members).
  const signature = (command.data as { readonly signature?: Proof | null }).signature ?? null;
  switch (command.action) {
    case 'request.created': {
      const { requestId, revision } = command.data;
      return { time, actor, action: command.action, data: { requestId, revisionHash: computeRevisionHash(revision), revision, signature } };
    }
    case 'request.amended': {
      const { requestId, revision } = command.data;
      const replaces = currentRevision(requireRequest(state, requestId)).hash;
      return { time, actor, action: command.action, data: { requestId, revisionHash: computeRevisionHash(revision), revision, replaces, signature } };
    }
    case 'key.registered': {
      // Certificate records are unchecked here; readBack parses them with the event schema.
      const certificate = toJsonObject(command.data.certificate, 'certificate') as CertificateRecordJson;
      return { time, actor, action: command.action, data: { keyId: toKeyId(command.data.certificate.spkiSha256), holderId: command.data.holderId, certificate, certificateDer: command.data.certificateDer } };
    }
    case 'request.executed': {
      const recipientCertificate = toJsonObject(command.data.recipientCertificate, 'recipientCertificate') as CertificateRecordJson;
      return { time, actor, action: command.action, data: { ...command.data, recipientCertificate, signature } };
    }
    case 'request.closed_no_decision': {
      const request = requireRequest(state, command.data.requestId);
      return { time, actor, action: command.action, data: { ...command.data, ...quorumShortfall(state, request, command.data.revisionHash), signature } };
    }
    case 'request.decided': {
      const request = requireRequest(state, command.data.requestId);
      return { time, actor, action: command.action, data: { ...deriveDecision(state, request, command.data), signature } };
    }
    case 'credential.enrolled': {
      const { personId, credential, signature } = command.data;
      return { time, actor, action: command.action, data: { personId, credential, fingerprint: credentialFingerprint(credential), signature, approval: command.data.approval ?? null } };
    }
    default:
      // The command data is the event data; a signed action's data gets its signature or null.
      return (isSignedRequestAction(command.action) ? { ...command, data: { ...command.data, signature }, time } : { ...command, time }) as ApprovalEvent;
  }
}
