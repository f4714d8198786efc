// A person's signing credentials: the page that lists them (fingerprints, enrolment and
// revocation entries), enrolling a passkey, and revoking a credential. Enrolment is three steps,
// driven by the page script (static/passkeys.js):
//   1. POST /credentials/passkeys/registration: creation options for navigator.credentials.create;
//   2. POST /credentials/passkeys/statement: the registration verified (@simplewebauthn/server),
//      the enrolment statement built by the core for the new credential, to be signed by the new
//      passkey (proof of possession) and, for a later credential, by one the person already holds;
//   3. POST /credentials: the enrolment operation with the credential and the proofs.
// A person enrols only for themself (the rules refuse anything else); an admin revokes but never enrols.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { credentialFingerprint, statementForCommand } from '../../../approvals/index.ts';
import type { CredentialKey } from '../../../approvals/index.ts';
import { relyingPartyOf } from '../../../approvals/webauthn/assertion.ts';
import type { Keygate } from '../../compose.ts';
import { defaultPublicUrl } from '../../config.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import { PasskeyRegistration } from '../../services/passkey-registration.ts';
import { needs } from '../access.ts';
import { formOf, text } from '../form.ts';
import { submitOperation } from '../form-action.ts';
import { pageErrorOf } from '../page-errors.ts';
import { principalOf } from '../principal.ts';
import { render } from '../render.ts';
import { activeCredentialsOf, answerSigning, proofsOfForm, signerOf, summaryOf } from '../signing.ts';
import type { SigningAnswer } from '../signing.ts';
import { credentialEntriesOf, credentialViews } from '../views/credentials-view.ts';

function parseJsonField(value: string, what: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new HttpProblem('form-invalid', `${what} is not JSON; start again`);
  }
}

async function showCredentials(kg: Keygate, req: Request, res: Response, error: ReturnType<typeof pageErrorOf> = null): Promise<void> {
  const principal = principalOf(req);
  const personId = principal.personId;
  const [world, entries] = personId === null ? [await kg.approvals.world(), []] : await Promise.all([kg.approvals.world(), credentialEntriesOf(kg, personId)]);
  const credentials = personId === null ? [] : credentialViews(world, personId, entries);
  render(req, res, 'credentials.njk', { credentials, error, passkeys: true, active: credentials.filter((c) => c.revokedAt === null).length, canEnrol: personId !== null }, error?.status ?? 200);
}

/** Step 2: the registration verified, and the enrolment statement for the new passkey. */
async function enrolmentStatement(kg: Keygate, registration: PasskeyRegistration, req: Request): Promise<SigningAnswer> {
  const form = formOf(req);
  const personId = signerOf(req);
  const passkey = await registration.finish(personId, parseJsonField(text(form, 'ticket'), 'the registration ticket'), parseJsonField(text(form, 'registration'), 'the registration'));
  const credential = { kind: 'webauthn', credentialId: passkey.credentialId, publicKey: passkey.publicKey, aaguid: passkey.aaguid } as CredentialKey;
  const fingerprint = credentialFingerprint(credential);
  const world = await kg.approvals.world();
  const statement = statementForCommand({ action: 'credential.enrolled', actor: { id: personId }, data: { personId, credential, fingerprint } }, { origin: kg.log.origin, time: kg.clock() });
  const held = activeCredentialsOf(world, personId);
  // A passkey held approves in the browser; a person holding only personal keys approves with the CLI.
  const passkeys = held.filter((id) => world.credentials.get(id)?.key.kind === 'webauthn');
  const approvers = passkeys.length > 0 ? passkeys : held;
  return {
    statements: [{ statement, summary: [...summaryOf(statement, world), ['New passkey', fingerprint]] }],
    // Proof of possession by the new passkey; then, for a later credential, the approval by one already held.
    rounds: held.length === 0 ? [[passkey.credentialId]] : [[passkey.credentialId], approvers],
    personalKeys: passkeys.length > 0 ? [] : held,
    fields: { credential: JSON.stringify(credential) },
  };
}

async function enrol(kg: Keygate, req: Request, res: Response): Promise<void> {
  const form = formOf(req);
  try {
    const proofs = proofsOfForm(form)?.[0] ?? [];
    const body = { credential: parseJsonField(text(form, 'credential'), 'the credential'), signature: proofs[0], approval: proofs[1] ?? null };
    await submitOperation(kg, req, 'enrolCredential', { params: { personId: signerOf(req) }, body });
    res.redirect(303, '/ui/credentials?notice=enrolled');
  } catch (err) {
    const known = pageErrorOf(err);
    if (known === null || known.code === 'forbidden') throw err;
    await showCredentials(kg, req, res, known);
  }
}

async function revoke(kg: Keygate, req: Request, res: Response): Promise<void> {
  const form = formOf(req);
  try {
    await submitOperation(kg, req, 'revokeCredential', { params: { personId: signerOf(req), credentialId: String(req.params.credentialId ?? '') }, body: { reason: text(form, 'reason') } });
    res.redirect(303, '/ui/credentials?notice=revoked');
  } catch (err) {
    const known = pageErrorOf(err);
    if (known === null || known.code === 'forbidden') throw err;
    await showCredentials(kg, req, res, known);
  }
}

export function credentialRoutes(kg: Keygate): Router {
  const registration = new PasskeyRegistration(relyingPartyOf(kg.config.publicUrl ?? defaultPublicUrl(kg.config.port)), kg.clock);
  const router = Router();
  router.get('/credentials', needs('getCurrentPrincipal'), (req, res) => showCredentials(kg, req, res));
  router.post('/credentials/passkeys/registration', needs('getCurrentPrincipal'), (req, res) =>
    answerSigning(res, async () => {
      const personId = signerOf(req);
      const world = await kg.approvals.world();
      return registration.begin({ personId, name: principalOf(req).username, existing: activeCredentialsOf(world, personId) });
    }),
  );
  router.post('/credentials/passkeys/statement', needs('getCurrentPrincipal'), (req, res) => answerSigning(res, () => enrolmentStatement(kg, registration, req)));
  router.post('/credentials', needs('getCurrentPrincipal'), (req, res) => enrol(kg, req, res));
  router.post('/credentials/:credentialId/revocation', needs('getCurrentPrincipal'), (req, res) => revoke(kg, req, res));
  return router;
}
