// Signing on the pages: the statements a form's commands will carry, built by the core's
// statementForCommand from the same parts the form submits (so the person signs exactly what the
// server will check), shown in words before the WebAuthn prompt, and the proofs the page script
// sends back. The server verifies every proof when the operation runs; nothing here trusts them.
import type { Request, Response } from 'express';
import { proofSchema, statementForCommand } from '../../approvals/index.ts';
import type { ApprovalState, CredentialId, Proof, SignedAction } from '../../approvals/index.ts';
import type { Keygate } from '../compose.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import type { FormFields } from './form.ts';
import { pageErrorOf } from './page-errors.ts';
import { principalOf } from './principal.ts';

/** What the page script gets for a form: the statements, and the credentials that may sign each round. */
export interface SigningAnswer {
  readonly statements: readonly { readonly statement: string; readonly summary: readonly (readonly [string, string])[] }[];
  /** One WebAuthn prompt per statement and round, each allowing these credentials. */
  readonly rounds: readonly (readonly string[])[];
  /** Credentials of the rounds that are personal (Ed25519) keys: approved with `keygate signer approve`, not in the browser. */
  readonly personalKeys?: readonly string[];
  /** Hidden fields the script sets before it submits the form. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** The person the signed-in account is; only people sign. */
export function signerOf(req: Request): string {
  const personId = principalOf(req).personId;
  if (personId === null) throw new HttpProblem('form-invalid', 'only a person on the roster signs statements');
  return personId;
}

/** The person's credentials in force now: the ones a signature may use. */
export function activeCredentialsOf(world: ApprovalState, personId: string): CredentialId[] {
  return [...world.credentials.values()].filter((c) => c.personId === personId && c.revokedAt === null).map((c) => c.id);
}

const LABELS: readonly (readonly [string, string])[] = [
  ['action', 'Action'],
  ['requestId', 'Request'],
  ['revisionHash', 'Revision'],
  ['subject', 'Subject'],
  ['choice', 'Choice'],
  ['person', 'Signed by'],
  ['time', 'Signed at'],
  ['origin', 'Log'],
];

/** The statement in words for the person: what they are about to sign. */
export function summaryOf(statement: string, world: ApprovalState): [string, string][] {
  const s = JSON.parse(statement) as Record<string, unknown>;
  const rows: [string, string][] = [];
  for (const [key, label] of LABELS) {
    const value = s[key];
    if (value === null || value === undefined) continue;
    if (key === 'action') rows.push([label, String(value).replace(/^request\./, '').replace('.', ' ').replaceAll('_', ' ')]);
    else if (key === 'person') rows.push([label, `${world.people.get(String(value) as never)?.name ?? ''} (${String(value)})`.trim()]);
    else if (key === 'subject' && s.action === 'credential.enrolled') rows.push(['Credential', String(value)]);
    else rows.push([label, String(value).replaceAll('_', ' ')]);
  }
  const data = (s.data ?? {}) as Record<string, unknown>;
  const hashed = Object.keys(data).filter((k) => k.endsWith('Sha256'));
  if (hashed.length > 0) rows.push(['Texts and documents', `by their SHA-256 (${hashed.map((k) => k.replace(/Sha256$/, '')).join(', ')})`]);
  return rows;
}

/** The statements for `bodies` of one action, signed by the caller now. */
export function statementsFor(kg: Keygate, req: Request, world: ApprovalState, action: SignedAction, datas: readonly Readonly<Record<string, unknown>>[]): SigningAnswer['statements'] {
  const person = signerOf(req);
  const time = kg.clock();
  return datas.map((data) => {
    const statement = statementForCommand({ action, actor: { id: person }, data }, { origin: kg.log.origin, time });
    return { statement, summary: summaryOf(statement, world) };
  });
}

/**
 * The proofs the page script put in the `proofs` field: proofs[statement][round]. Their shape is
 * checked here; whether they verify, the operation decides.
 */
export function proofsOfForm(form: FormFields): Proof[][] | null {
  const text = form.proofs;
  if (text === undefined || text === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpProblem('form-invalid', 'the signatures sent with the form are not JSON; sign again');
  }
  if (!Array.isArray(parsed) || !parsed.every((round) => Array.isArray(round))) throw new HttpProblem('form-invalid', 'the signatures sent with the form are not a list of lists');
  return (parsed as unknown[][]).map((rounds) =>
    rounds.map((p) => {
      const proof = proofSchema.safeParse(p);
      if (!proof.success) throw new HttpProblem('form-invalid', 'a signature sent with the form is not a proof');
      return proof.data;
    }),
  );
}

/** The body with the signature the page script sent for its `i`th statement (first round), if any. */
export function withSignature(body: unknown, proofs: Proof[][] | null, i = 0): unknown {
  const proof = proofs?.[i]?.[0];
  return proof === undefined ? body : { ...(body as Record<string, unknown>), signature: proof };
}

/** The answer for a form that carries one command of `action` with statement data `data`. */
export async function oneStatement(kg: Keygate, req: Request, action: SignedAction, data: Readonly<Record<string, unknown>>): Promise<SigningAnswer> {
  const world = await kg.approvals.world();
  const rounds = signingRounds(world, signerOf(req));
  return { statements: statementsFor(kg, req, world, action, [data]), rounds };
}

/** Where a person without a credential is sent first. */
export const ENROL_PAGE = '/ui/credentials';

/**
 * Answers the page script: the statements to sign, or a refusal as JSON (the script shows it next
 * to the form; `enrol` sends a person without a credential to enrol first). Errors the user cannot
 * fix go on to the app's problem middleware.
 */
export async function answerSigning<T = SigningAnswer>(res: Response, build: () => Promise<T>): Promise<void> {
  res.set('Cache-Control', 'no-store');
  try {
    res.json(await build());
  } catch (err) {
    const known = pageErrorOf(err);
    if (known === null) throw err;
    // Key material in a picked file: not JSON, so the script sends the form as it is, to be
    // refused and shown like any other refusal of key material (the form kept, nothing stored).
    if (known.code === 'private-key-material') {
      res.status(known.status).type('text/plain').send(known.title);
      return;
    }
    res.status(known.status).json({ title: known.title, detail: known.message, code: known.code, ...(isNoCredential(err) ? { enrol: ENROL_PAGE } : {}) });
  }
}

/**
 * The rounds of a person's signature: one, by any of their credentials. A person who holds none is
 * refused (sent to enrol) where the policy requires signatures; where it makes them optional, no
 * rounds: the form goes unsigned.
 */
export function signingRounds(world: ApprovalState, personId: string): string[][] {
  const held = activeCredentialsOf(world, personId);
  if (held.length > 0) return [held];
  if (world.policy?.terms.signatures === 'optional') return [];
  throw new NoCredential();
}

/** A person without a credential: the script sends them to the enrolment page. */
class NoCredential extends HttpProblem {
  constructor() {
    super('form-invalid', 'you have no signing credential yet: enrol a passkey first');
  }
}

export function isNoCredential(err: unknown): boolean {
  return err instanceof NoCredential;
}
