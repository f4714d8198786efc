// The world state's shape (state.ts builds and folds it).
import type { AppointmentId, DocumentHash, KeyId, PersonId, ProviderId, RequestId } from './ids.ts';
import type { StoredDocumentFacts } from './model/document.ts';
import type { Policy } from './model/policy.ts';
import type { RegisteredKey, ServiceProvider } from './model/provider.ts';
import type { TransferRequest } from './model/request.ts';
import type { ChairAppointment, Person } from './model/roster.ts';
import type { CredentialId, EnrolledCredential } from './signing/credential.ts';

export interface ApprovalState {
  readonly people: ReadonlyMap<PersonId, Person>;
  readonly appointments: ReadonlyMap<AppointmentId, ChairAppointment>;
  readonly providers: ReadonlyMap<ProviderId, ServiceProvider>;
  readonly keys: ReadonlyMap<KeyId, RegisteredKey>;
  /** The policy in force: the latest version set. */
  readonly policy: Policy | null;
  readonly requests: ReadonlyMap<RequestId, TransferRequest>;
  /** Every credential ever enrolled, revoked ones included (replay checks old statements). */
  readonly credentials: ReadonlyMap<CredentialId, EnrolledCredential>;
  /** Stored documents citations may name (a service loads the ones a command cites). */
  readonly documents: ReadonlyMap<DocumentHash, StoredDocumentFacts>;
}
