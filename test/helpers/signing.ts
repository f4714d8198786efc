// The test world's people sign their commands as clients do: each person gets a personal Ed25519
// key, enrolled through credential.enrolled the first time they act, and every signed command
// without a `signature` member is signed at the service clock's time under the log's origin. A
// command given `signature: null` goes unsigned (to test refusals).
import { isSignedRequestAction } from '../../approvals/index.ts';
import type { Actor, Command, Proof } from '../../approvals/index.ts';
import type { Keygate } from '../../server/compose.ts';
import { Signers, isPersonActor } from '../approvals/signers.ts';

/** Makes `kg.approvals.execute` sign like a client; returns the people's keys. */
export function signCommands(kg: Keygate, now: () => Date): Signers {
  const signers = new Signers(kg.approvals.origin);
  const execute = kg.approvals.execute.bind(kg.approvals);
  const enrolled = new Set<string>();
  // A test clock stands still between commands; a person signs a second, equal action (a vote
  // changed back) a moment later, as in life, so the two statements differ.
  let seq = 0;
  const signingTime = () => new Date(now().getTime() + (seq++ % 60_000));
  const enrol = async (actor: Actor): Promise<void> => {
    const { credentialId } = signers.keyOf(actor.id).credential;
    if (enrolled.has(credentialId)) return;
    const existing = await kg.approvals.credentials(actor.id);
    if (!existing.some((c) => c.id === credentialId)) await execute(signers.enrolment(actor, now()));
    enrolled.add(credentialId);
  };
  kg.approvals.execute = async (command: Command) => {
    if (!isSignedRequestAction(command.action) || !isPersonActor(command.actor) || 'signature' in command.data) return execute(command);
    await enrol(command.actor);
    return execute(signers.sign(command, signingTime()));
  };
  // Execution is built under the log lock (its certificate record is derived there), so it does not
  // pass through `execute`: its statement is signed here, from what the DCC sends.
  const recordExecution = kg.approvals.recordExecution.bind(kg.approvals);
  kg.approvals.recordExecution = async (actor, input) => {
    if (!isPersonActor(actor) || 'signature' in input) return recordExecution(actor, input);
    await enrol(actor);
    const data = { requestId: input.requestId, executedAt: input.executedAt.toISOString(), evidence: input.evidence, recipientCertificate: input.recipientCertificate };
    const signed = signers.sign({ action: 'request.executed', actor, data } as unknown as Command, signingTime());
    return recordExecution(actor, { ...input, signature: (signed.data as { signature: Proof }).signature });
  };
  return signers;
}
