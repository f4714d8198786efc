// The error table: for every code of every module, its HTTP status and title. The API's problem
// middleware, the pages and the CLI all read statuses and titles from here and nowhere else.
// Each module's rows are typed by its code union, so a code added without a row (or a row left for
// a removed code) does not compile. A code shared by two modules means one thing to a caller: the
// table test checks that such codes agree on their status wherever a caller is told them.
import type { AuditErrorCode } from '../../audit/errors.ts';
import type { MerkleErrorCode } from '../../audit/merkle-error.ts';
import type { PkiErrorCode } from '../../pki/index.ts';
import type { AuthErrorCode } from '../auth/errors.ts';
import type { ConfigErrorCode } from '../config.ts';
import type { LogKeyErrorCode } from '../log-key.ts';
import type { ServiceErrorCode } from '../services/errors.ts';
import type { WitnessErrorCode } from '../../audit/witness.ts';
import type { WitnessKeyErrorCode } from '../witness/witness-key.ts';
import type { StorageErrorCode } from '../storage/errors.ts';
import type { HttpProblemCode } from './http-problem.ts';
import type { ErrorRow } from './row.ts';
import type { NotificationErrorCode } from '../../approvals/notifications/index.ts';
import { APPROVAL_ROWS } from './table-approvals.ts';

type Rows<C extends string> = { readonly [K in C]: ErrorRow };

const PKI_ROWS: Rows<PkiErrorCode> = {
  'input-empty': { status: 400, title: 'Certificate input empty' },
  'input-too-large': { status: 413, title: 'Certificate input too large' },
  'input-too-complex': { status: 400, title: 'Certificate input too complex' },
  'not-a-certificate': { status: 400, title: 'Not a certificate' },
  'pem-malformed': { status: 400, title: 'PEM malformed' },
  'certificate-malformed': { status: 400, title: 'Certificate malformed' },
  'too-many-certificates': { status: 400, title: 'Too many certificates' },
  'anchor-malformed': { status: 400, title: 'Trust anchor malformed' },
  'invalid-time': { status: 400, title: 'Validation time invalid' },
  'private-key-material': { status: 422, title: 'Private key material refused' },
  'encoded-text': { status: 422, title: 'Encoded data in a text field' },
  'document-bomb': { status: 422, title: 'Document expands too far to scan' },
  'document-unscannable': { status: 422, title: 'Document cannot be scanned for private keys' },
  'policy-invalid': { status: 500, title: 'Certificate policy configuration invalid' },
  'anchor-not-ca': { status: 422, title: 'Not a CA certificate' },
  'anchor-invalid': { status: 422, title: 'CA certificate fails the SMKI profile' },
  'anchor-exists': { status: 409, title: 'Trust anchor already registered' },
  'anchor-not-found': { status: 404, title: 'No such trust anchor' },
};

const AUDIT_ROWS: Rows<AuditErrorCode> = {
  'entry-invalid': { status: 400, title: 'Log entry invalid' },
  'entry-too-large': { status: 413, title: 'Log entry too large' },
  'note-malformed': { status: 400, title: 'Signed note malformed' },
  'key-malformed': { status: 400, title: 'Verifier key malformed' },
  'checkpoint-malformed': { status: 400, title: 'Checkpoint malformed' },
  'range-invalid': { status: 400, title: 'Range outside the log' },
  'request-malformed': { status: 400, title: 'Witness request malformed' },
  'signature-missing': { status: 422, title: 'Signature missing' },
  'signature-invalid': { status: 422, title: 'Signature invalid' },
  'key-mismatch': { status: 409, title: 'Log key does not match' },
  'origin-mismatch': { status: 422, title: 'Log origin does not match' },
  'size-mismatch': { status: 422, title: 'Tree size does not match' },
  'root-mismatch': { status: 422, title: 'Root hash does not match' },
  'not-consistent': { status: 422, title: 'Checkpoints not consistent' },
  'export-malformed': { status: 422, title: 'Log export malformed' },
  'quorum-not-met': { status: 422, title: 'Cosignature quorum not met' },
  'log-inconsistent': { status: 500, title: 'Stored log inconsistent' },
  'log-halted': { status: 503, title: 'The log is read-only' },
};

// The Merkle core checks its callers' arguments; one escaping it is a bug or damaged storage.
const MERKLE_ROWS: Rows<MerkleErrorCode> = {
  'index-out-of-range': { status: 500, title: 'Merkle index out of range' },
  'size-out-of-range': { status: 500, title: 'Merkle tree size out of range' },
  'wrong-proof-length': { status: 500, title: 'Merkle proof of the wrong length' },
  'root-mismatch': { status: 500, title: 'Merkle root does not match' },
  'old-root-mismatch': { status: 500, title: 'Earlier Merkle root does not match' },
  'empty-proof-expected': { status: 500, title: 'Merkle proof should be empty' },
  'bad-hash-length': { status: 500, title: 'Hash of the wrong length' },
  'bad-frontier': { status: 500, title: 'Merkle frontier invalid' },
};

const AUTH_ROWS: Rows<AuthErrorCode> = {
  unauthenticated: { status: 401, title: 'Sign-in needed' },
  'login-failed': { status: 401, title: 'Sign-in failed' },
  forbidden: { status: 403, title: 'Not allowed for your role' },
  'csrf-invalid': { status: 403, title: 'Form expired' },
  'rate-limited': { status: 429, title: 'Too many attempts' },
  'account-not-found': { status: 404, title: 'No such account' },
  'token-not-found': { status: 404, title: 'No such token' },
  'username-taken': { status: 409, title: 'Username taken' },
  'fingerprint-taken': { status: 409, title: 'Certificate already bound to an account' },
  'account-invalid': { status: 422, title: 'Account change invalid' },
  'account-disabled': { status: 409, title: 'Account disabled' },
};

const SERVICE_ROWS: Rows<ServiceErrorCode> = {
  'document-empty': { status: 422, title: 'Document empty' },
  'document-too-large': { status: 422, title: 'Document too large' },
  'document-not-found': { status: 404, title: 'No such document' },
  'document-purged': { status: 410, title: 'Document purged' },
  'request-not-found': { status: 404, title: 'No such transfer request' },
  'passkey-registration-invalid': { status: 422, title: 'Passkey registration invalid' },
};

const STORAGE_ROWS: Rows<StorageErrorCode> = {
  'stored-row-invalid': { status: 500, title: 'Stored data damaged' },
  'migration-unknown': { status: 500, title: 'Database migrated by a newer build' },
  'migration-irreversible': { status: 500, title: 'Migration cannot be undone' },
  'head-moved': { status: 500, title: 'Witness head moved during the update' },
};

const HTTP_ROWS: Rows<HttpProblemCode> = {
  'body-malformed': { status: 400, title: 'Body malformed' },
  'body-too-large': { status: 413, title: 'Body too large' },
  'body-incomplete': { status: 400, title: 'Body incomplete' },
  'body-encoding-unsupported': { status: 415, title: 'Content-Encoding unsupported' },
  'body-charset-unsupported': { status: 415, title: 'Charset unsupported' },
  'media-type-unsupported': { status: 415, title: 'Media type unsupported' },
  'media-type-invalid': { status: 400, title: 'Media type invalid' },
  'body-invalid': { status: 400, title: 'Body invalid' },
  'query-invalid': { status: 400, title: 'Query invalid' },
  'path-invalid': { status: 400, title: 'Path invalid' },
  'form-invalid': { status: 400, title: 'Form invalid' },
  'range-invalid': { status: 400, title: 'Range outside the log' },
  'not-found': { status: 404, title: 'Not found' },
  'request-not-found': { status: 404, title: 'No such transfer request' },
  'checkpoint-not-found': { status: 404, title: 'No checkpoint at that size' },
  'tile-not-found': { status: 404, title: 'No such tile' },
  'checkpoint-not-witnessed': { status: 503, title: 'No witnessed checkpoint yet' },
  internal: { status: 500, title: 'Internal error' },
};

// The witness's refusals of an add-checkpoint submission: statuses as C2SP tlog-witness gives them.
const WITNESS_ROWS: Rows<WitnessErrorCode> = {
  'request-malformed': { status: 400, title: 'Witness request malformed' },
  'signature-untrusted': { status: 403, title: 'No trusted log signature' },
  'unknown-origin': { status: 404, title: 'Log origin unknown to the witness' },
  'size-conflict': { status: 409, title: 'Old size is not the witness’s size' },
  'not-consistent': { status: 422, title: 'Checkpoints not consistent' },
};

// Startup: a process that cannot start is the operator's to fix, never a caller's.
const STARTUP_ROWS: Rows<ConfigErrorCode | LogKeyErrorCode | WitnessKeyErrorCode> = {
  'config-invalid': { status: 500, title: 'Configuration invalid' },
  'log-key-invalid': { status: 500, title: 'Log key unusable' },
  'witness-key-invalid': { status: 500, title: 'Witness key unusable' },
};

const NOTIFICATION_ROWS: Rows<NotificationErrorCode> = {
  'preference-refused': { status: 422, title: 'Security notices cannot be turned off' },
  'webhook-invalid': { status: 400, title: 'Webhook endpoint invalid' },
  'notification-not-found': { status: 404, title: 'No such notification or endpoint' },
};

export const ERROR_TABLE = {
  approvals: APPROVAL_ROWS,
  notifications: NOTIFICATION_ROWS,
  pki: PKI_ROWS,
  audit: AUDIT_ROWS,
  merkle: MERKLE_ROWS,
  auth: AUTH_ROWS,
  services: SERVICE_ROWS,
  storage: STORAGE_ROWS,
  http: HTTP_ROWS,
  witness: WITNESS_ROWS,
  startup: STARTUP_ROWS,
} as const;

export type ErrorModule = keyof typeof ERROR_TABLE;
/** The codes of one module. */
export type ErrorCodeOf<M extends ErrorModule> = keyof (typeof ERROR_TABLE)[M] & string;
