// The wire formats of C2SP tlog-witness (https://c2sp.org/tlog-witness), "add-checkpoint":
//
//   request body:  "old <size>\n" (decimal, no leading zeroes), zero to 63 base64 consistency proof
//                  lines, an empty line, then the signed checkpoint note;
//   200 response:  one or more note signature lines ("— name base64(...)\n"), the cosignatures;
//   409 response:  "<size>\n" with Content-Type text/x.tlog.size, the witness's latest cosigned size.
//
// Everything here parses bytes an attacker controls; every failure is an AuditError
// 'request-malformed' (answered with 400 by a witness) and never a low-level exception.
import { AuditError } from './errors.ts';
import { HASH_SIZE } from './hash.ts';
import { SIGNATURE_LINE_PREFIX } from './note.ts';

/** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_PROOF_LINES = 63;
/** tlog-witness: the Content-Type of a 409 answer, whose body is the witness's size. */
export const TLOG_SIZE_MEDIA_TYPE = 'text/x.tlog.size';
/** Largest request body a witness reads: 63 proof lines and a checkpoint with a few signatures. */
export const MAX_ADD_CHECKPOINT_BYTES = 64 * 1024;

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  /** An RFC 6962 consistency proof from oldSize to the checkpoint's size. */
  readonly proof: readonly Buffer[];
  /** The signed checkpoint note, as submitted. */
  readonly checkpoint: string;
}

function malformed(message: string): AuditError {
  return new AuditError('request-malformed', message);
}

function parseDecimal(text: string, what: string): number {
  if (!DECIMAL.test(text) || !Number.isSafeInteger(Number(text))) throw malformed(`${what} is not a decimal size without leading zeroes`);
  return Number(text);
}

export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (request.proof.length > MAX_PROOF_LINES) throw malformed(`a consistency proof has at most ${MAX_PROOF_LINES} hashes`);
  const proof = request.proof.map((h) => `${Buffer.from(h).toString('base64')}\n`).join('');
  return `old ${request.oldSize}\n${proof}\n${request.checkpoint}`;
}

/** Parses an add-checkpoint body. The checkpoint note is returned as text, not yet verified. */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  if (Buffer.byteLength(body) > MAX_ADD_CHECKPOINT_BYTES) throw malformed('the request body is too large');
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw malformed('the request has no empty line before the checkpoint');
  const head = body.slice(0, blank).split('\n');
  const oldLine = head[0] ?? '';
  if (!oldLine.startsWith('old ')) throw malformed('the request must start with an "old <size>" line');
  const oldSize = parseDecimal(oldLine.slice(4), 'the old size');
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_PROOF_LINES) throw malformed(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = proofLines.map((line, i) => {
    const hash = Buffer.from(line, 'base64');
    if (hash.length !== HASH_SIZE || hash.toString('base64') !== line) throw malformed(`consistency proof line ${i + 1} is not a base64 SHA-256 hash`);
    return hash;
  });
  const checkpoint = body.slice(blank + 2);
  if (checkpoint === '') throw malformed('the request carries no checkpoint');
  return { oldSize, proof, checkpoint };
}

/** The body of a 409 answer: the witness's latest cosigned size. */
export function formatSizeResponse(size: number): string {
  return `${size}\n`;
}

export function parseSizeResponse(body: string): number {
  if (!body.endsWith('\n')) throw malformed('a size answer must end with a newline');
  return parseDecimal(body.slice(0, -1), 'the size answer');
}

/** The signature lines of a 200 answer (each without its newline); at least one. */
export function parseCosignatureResponse(body: string): string[] {
  if (body.length === 0 || !body.endsWith('\n')) throw malformed('a cosignature answer must be signature lines ending in newlines');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length > 64 || lines.some((l) => !l.startsWith(SIGNATURE_LINE_PREFIX))) {
    throw malformed('a cosignature answer holds only note signature lines');
  }
  return lines;
}
