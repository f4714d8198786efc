// Errors of the approvals core. Codes are the contract (the server's error table maps them to HTTP
// statuses, replay reports them per entry); messages are for people. Evidence names ids and counts, never secrets.

export type ApprovalErrorCode =
  // Input that cannot be used at all.
  | 'command-invalid'
  | 'event-malformed'
  | 'revision-hash-mismatch'
  | 'decision-mismatch'
  | 'text-too-short'
  // Entities missing or already present.
  | 'person-unknown'
  | 'person-exists'
  | 'provider-unknown'
  | 'provider-exists'
  | 'key-unknown'
  | 'key-exists'
  | 'appointment-unknown'
  | 'appointment-exists'
  | 'request-unknown'
  | 'request-exists'
  | 'policy-missing'
  | 'policy-version-invalid'
  | 'policy-invalid'
  // Roster.
  | 'membership-exists'
  | 'membership-unknown'
  | 'membership-invalid'
  | 'affiliation-exists'
  | 'affiliation-unknown'
  // Chair appointments: why a chair cannot act, and refused appointment records.
  | 'chair-not-appointed'
  | 'chair-non-objection-missing'
  | 'chair-appointment-not-started'
  | 'chair-appointment-terminated'
  | 'chair-vetting-not-started'
  | 'chair-clearance-overdue'
  | 'chair-already-appointed'
  | 'appointment-terminated'
  | 'appointment-already-recorded'
  | 'appointment-date-invalid'
  // Who may act.
  | 'actor-role-not-allowed'
  | 'actor-not-dcc'
  | 'role-conflict'
  // Keys and providers.
  | 'key-not-transferable'
  | 'key-not-held-by-source'
  | 'key-certificate-invalid'
  | 'provider-not-current'
  // Request content.
  | 'request-same-provider'
  | 'recipient-prospective-mismatch'
  | 'window-invalid'
  | 'window-too-long'
  | 'window-too-far'
  | 'window-passed'
  | 'attachment-too-large'
  | 'attachment-duplicate'
  // Stored documents and citations of them.
  | 'document-exists'
  | 'document-not-stored'
  | 'document-size-mismatch'
  | 'revision-unchanged'
  | 'revision-stale'
  // The state machine.
  | 'state-terminal'
  | 'transition-refused'
  | 'request-not-approved'
  | 'request-already-decided'
  // SSC advice.
  | 'advice-missing'
  | 'advice-already-recorded'
  | 'advice-departure-reason-missing'
  // Votes and recusal.
  | 'voter-not-eligible'
  | 'voter-recused'
  | 'voter-requester-affiliated'
  | 'conflict-already-declared'
  // Decision.
  | 'quorum-not-met'
  | 'quorum-reachable'
  | 'casting-vote-not-allowed'
  | 'casting-vote-required'
  | 'condition-invalid'
  // Execution and expiry.
  | 'execution-outside-window'
  | 'execution-in-future'
  | 'conditions-not-met'
  | 'condition-unknown'
  | 'condition-already-met'
  | 'condition-phase-mismatch'
  | 'condition-deadline-mismatch'
  | 'condition-not-overdue'
  | 'condition-already-overdue'
  | 'evidence-missing'
  | 'recipient-key-mismatch'
  | 'recipient-certificate-invalid'
  | 'recipient-role-mismatch'
  | 'recipient-subject-mismatch'
  | 'window-not-passed'
  // Signed statements and the credentials that sign them.
  | 'signature-missing'
  | 'signature-invalid'
  | 'signature-foreign'
  | 'signature-mismatch'
  | 'signature-stale'
  | 'signature-replayed'
  | 'credential-unknown'
  | 'credential-exists'
  | 'credential-invalid'
  | 'credential-revoked'
  | 'credential-not-own'
  | 'credential-approval-missing'
  // Replay only: what the log claims of a certificate, against what its DER gives.
  | 'certificate-record-mismatch'
  | 'trust-anchor-invalid';

export type ErrorEvidence = Readonly<Record<string, string | number | boolean | null>>;

export class ApprovalError extends Error {
  readonly code: ApprovalErrorCode;
  readonly evidence: ErrorEvidence | undefined;

  constructor(code: ApprovalErrorCode, message: string, options: { cause?: unknown; evidence?: ErrorEvidence } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApprovalError';
    this.code = code;
    this.evidence = options.evidence;
  }
}

export function isApprovalError(err: unknown): err is ApprovalError {
  return err instanceof ApprovalError;
}

/** Throws an ApprovalError; lets a check read as one line per rule. */
export function refuse(code: ApprovalErrorCode, message: string, evidence?: ErrorEvidence): never {
  throw new ApprovalError(code, message, evidence === undefined ? {} : { evidence });
}
