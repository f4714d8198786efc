// decide: a command becomes the one event that records it, or an ApprovalError. The event is
// built (derived members computed from the state), encoded once as its log entry, read back from
// that entry exactly as replay will read it, and checked by the same rules replay runs. The
// service appends the encoded entry (decideEntry) and folds the event into its state.
import type { EncodedEntry } from '../audit/entry.ts';
import { assertProseValue } from '../pki/index.ts';
import type { Actor, ApprovalEvent, EventAction, EventDataMap } from './event-types.ts';
import { encodeEvent } from './events.ts';
import { checkEvent } from './check.ts';
import { toKeyId } from './ids.ts';
import type { ProviderId, RequestId } from './ids.ts';
import { toJsonObject } from './json.ts';
import type { CertificateFacts, CertificateRecordJson } from './model/provider.ts';
import type { Attachment, RevisionContent } from './model/request.ts';
import { computeRevisionHash } from './revision-hash.ts';
import { deriveDecision } from './rules/decision.ts';
import type { DecisionCommandData } from './rules/decision.ts';
import { currentRevision, requireRequest } from './rules/request.ts';
import type { ApprovalState } from './state-types.ts';
import { toInstant } from './time.ts';
import type { IsoInstant } from './time.ts';

/** Command data that differs from the event's: the rest of the event data is given as is. */
export interface DerivedCommandDataMap {
  'request.created': { readonly requestId: RequestId; readonly revision: RevisionContent };
  'request.amended': { readonly requestId: RequestId; readonly revision: RevisionContent };
  /** pki's CertificateRecord fits; the whole record is kept. */
  'key.registered': { readonly holderId: ProviderId; readonly certificate: CertificateFacts };
  'request.decided': DecisionCommandData;
  'request.executed': {
    readonly requestId: RequestId;
    readonly executedAt: IsoInstant;
    readonly evidence: readonly Attachment[];
    /** The recipient's certificate for the key: pki's CertificateRecord fits. */
    readonly recipientCertificate: CertificateFacts;
  };
}

export type CommandData<A extends EventAction> = A extends keyof DerivedCommandDataMap ? DerivedCommandDataMap[A] : EventDataMap[A];

export type Command = { [A in EventAction]: { readonly action: A; readonly actor: Actor; readonly data: CommandData<A> } }[EventAction];

/** The event for `command` at `at`, checked against `state`; throws ApprovalError when a rule refuses it. */
export function decide(state: ApprovalState, command: Command, at: Date): ApprovalEvent {
  return decideEntry(state, command, at).event;
}

/**
 * As decide, with the event's log entry, checked and canonicalized once: what the service
 * appends. The event is the entry read back as replay will read it.
 */
export function decideEntry(state: ApprovalState, command: Command, at: Date): { readonly event: ApprovalEvent; readonly entry: EncodedEntry } {
  const decided = encodeEvent(buildEvent(state, command, toInstant(at)));
  // After the shape check: free text of a new command keeps to the prose rule (replay does not
  // judge old entries by it).
  assertProseValue(decided.event.data, { skip: STRUCTURED_MEMBERS });
  checkEvent(state, decided.event);
  return decided;
}

/** Event data members that hold certificate records built by pki, not text anyone wrote. */
const STRUCTURED_MEMBERS = ['certificate', 'recipientCertificate'];

function buildEvent(state: ApprovalState, command: Command, time: IsoInstant): ApprovalEvent {
  const { actor } = command;
  switch (command.action) {
    case 'request.created': {
      const { requestId, revision } = command.data;
      return { time, actor, action: command.action, data: { requestId, revisionHash: computeRevisionHash(revision), revision } };
    }
    case 'request.amended': {
      const { requestId, revision } = command.data;
      const replaces = currentRevision(requireRequest(state, requestId)).hash;
      return { time, actor, action: command.action, data: { requestId, revisionHash: computeRevisionHash(revision), revision, replaces } };
    }
    case 'key.registered': {
      // Certificate records are unchecked here; readBack parses them with the event schema.
      const certificate = toJsonObject(command.data.certificate, 'certificate') as CertificateRecordJson;
      return { time, actor, action: command.action, data: { keyId: toKeyId(command.data.certificate.spkiSha256), holderId: command.data.holderId, certificate } };
    }
    case 'request.executed': {
      const recipientCertificate = toJsonObject(command.data.recipientCertificate, 'recipientCertificate') as CertificateRecordJson;
      return { time, actor, action: command.action, data: { ...command.data, recipientCertificate } };
    }
    case 'request.decided': {
      const request = requireRequest(state, command.data.requestId);
      return { time, actor, action: command.action, data: deriveDecision(state, request, command.data) };
    }
    default:
      return { ...command, time };
  }
}
