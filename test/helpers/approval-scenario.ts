// The TCoS-to-ECoS transfer and a rejected Network Evolution DSP transfer, driven through the
// services (storage, audit log, pki) with generated certificates and a controllable clock.
import { expect } from 'chai';
import { currentRevision, toConditionId, toRequestId } from '../../approvals/index.ts';
import type { Attachment, Command, KeyId, RequestId, RevisionHash, VoteChoice, VoteSubject } from '../../approvals/index.ts';
import type { Keygate } from '../../server/compose.ts';
import { Recorder, SECRETARIAT, dcc, instant, member, pmaChair, revision, sscChair } from '../approvals/fixtures.ts';
import { P, WHO, recordCast } from '../approvals/cast.ts';
import { orgCert, testPki } from '../pki/fixtures.ts';
import { signCommands } from './signing.ts';

export interface Clock {
  now: Date;
}

const ADMIN = { id: 'admin', role: 'admin' };

/** The code of a refusal; fails the test when the call succeeds. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const e = err as { reason?: string; code?: string };
    return e.reason ?? e.code ?? 'no code';
  }
  expect.fail('expected a refusal');
}

/** A recorder that runs nothing: it keeps the commands of the shared cast, in order. */
class CommandList extends Recorder {
  readonly commands: Command[] = [];
  override run(command: Command, when: string) {
    this.commands.push(command);
    return super.run(command, when);
  }
}

/** The cast, providers, policy and keys; from here on the people sign their commands (signCommands). */
export async function setUpWorld(kg: Keygate, clock: Clock): Promise<{ tcosKey: KeyId; acbKey: KeyId }> {
  signCommands(kg, () => clock.now);
  clock.now = new Date('2026-01-05T09:00:00Z');
  await kg.trustAnchors.add(ADMIN, testPki().root.der);
  await kg.trustAnchors.add(ADMIN, testPki().oca.der);
  const cast = recordCast(new CommandList()) as CommandList;
  for (const command of cast.commands.filter((c) => c.action !== 'key.registered')) await kg.approvals.execute(command);
  const tcos = await kg.approvals.registerKey(SECRETARIAT, P.tcos, orgCert(5));
  const acb = await kg.approvals.registerKey(SECRETARIAT, P.dsp, orgCert(4));
  return { tcosKey: (tcos.data as { keyId: KeyId }).keyId, acbKey: (acb.data as { keyId: KeyId }).keyId };
}

async function at(clock: Clock, iso: string): Promise<void> {
  clock.now = new Date(iso);
}

async function hashOf(kg: Keygate, id: RequestId): Promise<RevisionHash> {
  return currentRevision(await kg.approvals.getRequest(id)).hash;
}

async function vote(kg: Keygate, id: RequestId, h: RevisionHash, who: string, subject: VoteSubject, choice: VoteChoice): Promise<void> {
  await kg.approvals.execute({ action: 'request.vote_cast', actor: member(who), data: { requestId: id, revisionHash: h, subject, choice, reasons: `${who}: ${choice}`, conditions: [] } });
}

async function document(kg: Keygate, name: string): Promise<Attachment> {
  return kg.approvals.storeDocument({ id: WHO.dan, role: 'dcc' }, { content: Buffer.from(`${name}: evidence text`), name, mediaType: 'text/plain' });
}

async function toVoting(kg: Keygate, clock: Clock, id: RequestId, content: Parameters<typeof revision>[0], day: string): Promise<RevisionHash> {
  await at(clock, `${day}T09:00:00Z`);
  const attachments = [await document(kg, `${id}-security-case.txt`)];
  await kg.approvals.execute({ action: 'request.created', actor: dcc(WHO.dan), data: { requestId: id, revision: revision({ ...content, attachments }) } });
  const h = await hashOf(kg, id);
  await kg.approvals.execute({ action: 'request.submitted', actor: dcc(WHO.dan), data: { requestId: id, revisionHash: h } });
  await kg.approvals.execute({ action: 'request.consultation_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } });
  return h;
}

/** The TCoS-to-ECoS request up to its approval with one condition. */
export async function approveTcosToEcos(kg: Keygate, clock: Clock, tcosKey: KeyId): Promise<RequestId> {
  const id = toRequestId('REQ-2026-001');
  const h = await toVoting(kg, clock, id, { keyId: tcosKey, sourceProviderId: P.tcos, targetProviderId: P.ecos }, '2026-02-01');
  await at(clock, '2026-02-09T15:00:00Z');
  await kg.approvals.execute({
    action: 'request.advice_recorded',
    actor: sscChair(WHO.sol),
    data: { requestId: id, revisionHash: h, position: 'support_with_conditions', text: 'The SSC supports the transfer.', conditions: ['The CIO reviews the HSM audit logs of the export.'], documents: [] },
  });
  await kg.approvals.execute({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } });
  await at(clock, '2026-02-10T10:00:00Z');
  // Eve is affiliated with the ECoS Party: recused automatically.
  expect(await refusal(vote(kg, id, h, WHO.eve, 'transfer', 'approve'))).to.equal('voter-recused');
  await kg.approvals.execute({ action: 'request.conflict_declared', actor: member(WHO.wes), data: { requestId: id, reason: 'Consultancy for the TCoS host in 2025.' } });
  expect(await refusal(vote(kg, id, h, WHO.wes, 'transfer', 'approve'))).to.equal('voter-recused');
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
    for (const who of [WHO.sam, WHO.una, WHO.vic]) await vote(kg, id, h, who, subject, 'approve');
  }
  // A member may change a vote until voting closes; both stay in the log.
  await vote(kg, id, h, WHO.vic, 'mechanism', 'reject');
  await vote(kg, id, h, WHO.vic, 'mechanism', 'approve');
  await at(clock, '2026-02-11T16:00:00Z');
  await kg.approvals.execute({
    action: 'request.decided',
    actor: pmaChair(WHO.clara),
    data: { requestId: id, revisionHash: h, conditions: [{ conditionId: toConditionId('c1'), text: 'The CIO reviews the HSM audit logs of the export.' }], departureReason: null },
  });
  return id;
}

/** The whole TCoS-to-ECoS transfer: approval, the condition met, execution. */
export async function runTcosToEcos(kg: Keygate, clock: Clock, tcosKey: KeyId): Promise<RequestId> {
  const id = await approveTcosToEcos(kg, clock, tcosKey);
  // Executing before the condition is met is refused.
  await at(clock, '2026-03-05T12:00:00Z');
  const minutes = await document(kg, 'ceremony-minutes.txt');
  const recipient = orgCert(5, { eui: '90B3D51F3000EC01' });
  expect(await refusal(kg.approvals.recordExecution(dcc(WHO.dan), { requestId: id, executedAt: new Date('2026-03-05T10:00:00Z'), evidence: [minutes], recipientCertificate: recipient }))).to.equal('conditions-not-met');
  await kg.approvals.execute({ action: 'request.condition_met', actor: pmaChair(WHO.clara), data: { requestId: id, conditionId: toConditionId('c1'), evidence: [await document(kg, 'cio-review.txt')], note: 'Reviewed.' } });
  // The recipient's certificate must be for the same key.
  expect(await refusal(kg.approvals.recordExecution(dcc(WHO.dan), { requestId: id, executedAt: new Date('2026-03-05T10:00:00Z'), evidence: [minutes], recipientCertificate: orgCert(4) }))).to.equal('recipient-key-mismatch');
  await kg.approvals.recordExecution(dcc(WHO.dan), { requestId: id, executedAt: new Date('2026-03-05T10:00:00Z'), evidence: [minutes], recipientCertificate: recipient });
  return id;
}

export async function runDspRejected(kg: Keygate, clock: Clock, acbKey: KeyId): Promise<RequestId> {
  const id = toRequestId('REQ-2026-002');
  const h = await toVoting(kg, clock, id, {
    keyId: acbKey,
    sourceProviderId: P.dsp,
    targetProviderId: P.dspNext,
    programme: 'network_evolution_dsp',
    executionWindow: { from: instant('2026-04-01T00:00:00Z'), until: instant('2026-04-15T00:00:00Z') },
    recipientSecurity: { sectionGStatement: 'Prospective DSP systems.', assessmentReferences: ['CIO-2026-011'], prospectiveChangesConsidered: 'Yes.', recipientProspective: true },
  }, '2026-03-02');
  await kg.approvals.execute({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: id, revisionHash: h, position: 'do_not_support', text: 'Recipient assurance incomplete.', conditions: [], documents: [] } });
  await kg.approvals.execute({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h } });
  for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) {
    for (const who of [WHO.sam, WHO.una, WHO.vic, WHO.nia]) await vote(kg, id, h, who, subject, subject === 'recipient_security' ? 'reject' : 'approve');
  }
  await kg.approvals.execute({ action: 'request.decided', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: h, conditions: [], departureReason: null } });
  return id;
}
