// Signed statements: what a person signs for each decision-bearing action. A statement is an
// RFC 8785 canonical JSON object naming the log origin, the action, the person, the time, the
// request and revision, the subject and choice where there is one, and the SHA-256 of every
// free-text field and attachment the action relies on (the text itself stays in the entry).
// The server, the CLI, the pages and replay all build it with buildStatement, from the command
// (or the event that records it), so each can tell exactly which bytes were signed.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ApprovalError } from '../errors.ts';
import type { EventAction } from '../event-types.ts';
import type { JsonValue } from '../json.ts';
import { toJsonValue } from '../json.ts';
import type { RevisionContent } from '../model/request.ts';
import { computeRevisionHash } from '../revision-hash.ts';
import { NO_CASTING_VOTES } from '../rules/tally.ts';

/** The `type` member of every statement: its format and version. */
export const STATEMENT_TYPE = 'keygate.statement.v1';

/** How far a statement's time may be from the time the server records the action, either way. */
export const STATEMENT_WINDOW_MS = 5 * 60 * 1000;

/** The request actions a person signs (all but expiry, which the system records). */
export const SIGNED_REQUEST_ACTIONS = [
  'request.created',
  'request.amended',
  'request.submitted',
  'request.withdrawn',
  'request.executed',
  'request.consultation_opened',
  'request.voting_opened',
  'request.information_requested',
  'request.advice_waived',
  'request.decided',
  'request.condition_met',
  'request.revoked',
  'request.advice_recorded',
  'request.vote_cast',
  'request.conflict_declared',
  'request.obligation_confirmed',
  'request.closed_no_decision',
  'request.adjourned',
] as const satisfies readonly EventAction[];
export type SignedRequestAction = (typeof SIGNED_REQUEST_ACTIONS)[number];

/** Actions whose statement is signed: the request actions, and enrolment (proof of possession). */
export type SignedAction = SignedRequestAction | 'credential.enrolled';

export function isSignedRequestAction(action: string): action is SignedRequestAction {
  return (SIGNED_REQUEST_ACTIONS as readonly string[]).includes(action);
}

/** The statement object (before canonicalization). */
export interface Statement {
  readonly type: typeof STATEMENT_TYPE;
  readonly origin: string;
  readonly action: SignedAction;
  readonly person: string;
  readonly time: string;
  readonly requestId: string | null;
  readonly revisionHash: string | null;
  /** Vote: the vote subject. Condition met: the condition id. Enrolment: the credential id. */
  readonly subject: string | null;
  /** Vote: the choice. Advice: the position. */
  readonly choice: string | null;
  /** The action's other members; free text and attachments as SHA-256 hex (`<member>Sha256`). */
  readonly data: { readonly [member: string]: JsonValue };
}

export interface StatementInput {
  /** The log origin (the checkpoint's first line). */
  readonly origin: string;
  readonly action: SignedAction;
  /** The acting person's id. */
  readonly person: string;
  /** ISO 8601 UTC instant at which the person signs. */
  readonly time: string;
  /**
   * The command data as given (or the event data that records it): the statement reads what
   * the person decides and ignores what the server derives (tally, outcome) and the signature.
   */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Members that are never part of the statement: the proof itself, and members the core derives
 * (the recipient's certificate is stated by the SHA-256 of its DER, `recipientCertificateSha256`).
 */
const LEFT_OUT = new Set(['signature', 'approval', 'fingerprint', 'recipientCertificateDer', 'requestId', 'revisionHash', 'revision', 'replaces', 'outcome', 'policyVersion', 'tally', 'dissent', 'advice', 'quorumBase', 'quorumRequired']);
/** Members moved to the statement's top level. */
const SUBJECT = new Set(['subject', 'conditionId']);
const CHOICE = new Set(['choice', 'position']);
/** Free text: a string, a list of strings, or decision conditions ({conditionId, text}). */
const FREE_TEXT = new Set(['reasons', 'reason', 'questions', 'text', 'note', 'departureReason', 'conditions']);
/** Attachments (lists of {sha256, size, name}): each becomes its SHA-256. */
const ATTACHMENTS = new Set(['documents', 'evidence']);

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The statement a person signs for an action. Throws `command-invalid` when the data cannot be stated. */
export function buildStatement(input: StatementInput): Statement {
  const { data } = input;
  let subject: string | null = null;
  let choice: string | null = null;
  const members: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined || LEFT_OUT.has(name)) continue;
    if (SUBJECT.has(name)) subject = stringMember(name, value);
    else if (CHOICE.has(name)) choice = stringMember(name, value);
    else if (FREE_TEXT.has(name)) members[`${name}Sha256`] = textDigest(name, value);
    else if (ATTACHMENTS.has(name)) members[`${name}Sha256`] = attachmentDigests(name, value);
    else if (name === 'recipientCertificate') members.recipientCertificateSha256 = certificateDigest(value);
    else if (name === 'executedAt') members[name] = instantMember(name, value);
    else members[name] = toJsonValue(value, `data.${name}`);
  }
  // A decision without casting votes records none: the statement says so either way.
  if (input.action === 'request.decided' && members.castingVotes === undefined) members.castingVotes = toJsonValue(NO_CASTING_VOTES);
  return {
    type: STATEMENT_TYPE,
    origin: input.origin,
    action: input.action,
    person: input.person,
    time: input.time,
    requestId: optionalString(data.requestId, 'requestId'),
    revisionHash: revisionHashOf(data),
    subject,
    choice,
    data: members,
  };
}

/** The exact text signed: RFC 8785 canonical JSON of the statement. */
export function canonicalStatement(statement: Statement): string {
  const text = canonicalize(statement);
  if (text === undefined) throw new ApprovalError('command-invalid', 'the statement cannot be canonicalized');
  return text;
}

/** The bytes signed (Ed25519) or hashed into the WebAuthn challenge: the statement's UTF-8. */
export function statementBytes(statement: string): Buffer {
  return Buffer.from(statement, 'utf8');
}

/** The SHA-256 hex of a statement's bytes: the key of the replay check. */
export function statementHash(statement: string): string {
  return sha256Hex(statementBytes(statement));
}

function revisionHashOf(data: Readonly<Record<string, unknown>>): string | null {
  if (typeof data.revisionHash === 'string') return data.revisionHash;
  // A new revision is signed by its hash, which covers the whole content and its attachments.
  if (data.revision !== undefined && data.revision !== null) return computeRevisionHash(data.revision as RevisionContent);
  return null;
}

function stringMember(name: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

/** Instants are stated as the event records them: toISOString's form. */
function instantMember(name: string, value: unknown): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalid(`${name} must be an ISO 8601 instant`);
  return new Date(ms).toISOString();
}

function optionalString(value: unknown, name: string): string | null {
  return value === undefined || value === null ? null : stringMember(name, value);
}

function textDigest(name: string, value: unknown): JsonValue {
  if (value === null) return null;
  if (typeof value === 'string') return sha256Hex(value);
  if (!Array.isArray(value)) throw invalid(`${name} must be text or a list`);
  return value.map((item: unknown) => {
    if (typeof item === 'string') return sha256Hex(item);
    const condition = item as { conditionId?: unknown; text?: unknown; phase?: unknown; dueWithinHours?: unknown };
    if (typeof condition?.conditionId === 'string' && typeof condition.text === 'string') return conditionDigest(condition as { conditionId: string; text: string; phase?: unknown; dueWithinHours?: unknown });
    throw invalid(`${name} holds an item that is neither text nor a condition`);
  });
}

/** A decision condition: its id, text hash and, where given, its phase and deadline (signed as they are). */
function conditionDigest(c: { conditionId: string; text: string; phase?: unknown; dueWithinHours?: unknown }): JsonValue {
  const stated: Record<string, JsonValue> = { conditionId: c.conditionId, textSha256: sha256Hex(c.text) };
  if (c.phase !== undefined) stated.phase = toJsonValue(c.phase, 'phase');
  if (c.dueWithinHours !== undefined) stated.dueWithinHours = toJsonValue(c.dueWithinHours, 'dueWithinHours');
  return stated;
}

function attachmentDigests(name: string, value: unknown): JsonValue {
  if (!Array.isArray(value)) throw invalid(`${name} must be a list of attachments`);
  return value.map((item: unknown) => {
    const sha = (item as { sha256?: unknown })?.sha256;
    if (typeof sha !== 'string') throw invalid(`${name} holds an attachment without sha256`);
    return sha;
  });
}

/**
 * A certificate is stated by the SHA-256 of its DER (pki's `fingerprint`): from a record, or
 * from the certificate text (PEM or base64 DER) a client sends.
 */
function certificateDigest(value: unknown): string {
  if (typeof value === 'object' && value !== null && typeof (value as { fingerprint?: unknown }).fingerprint === 'string') return (value as { fingerprint: string }).fingerprint;
  if (value instanceof Uint8Array) return sha256Hex(value);
  if (typeof value === 'string') return sha256Hex(certificateDer(value));
  throw invalid('recipientCertificate must be a certificate record or its text');
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/** The DER of a certificate given as PEM text or standard base64. */
function certificateDer(text: string): Buffer {
  const pem = PEM_BLOCK.exec(text);
  const body = pem === null ? text : (pem[1] ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw invalid('the certificate is neither PEM nor base64 DER');
  return Buffer.from(body, 'base64');
}

function invalid(message: string): ApprovalError {
  return new ApprovalError('command-invalid', `statement: ${message}`);
}
