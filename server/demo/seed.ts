// `keygate serve --demo`: seeds an empty data dir with a demo roster, providers, trust anchors,
// keys, a policy, a submitted TCoS-to-ECoS request and an approved DSP request inside its
// execution window, and one login per role, so a newcomer can
// try every role at once. Everything goes through the same services (and the same log) as real
// use. The generated passwords are printed and kept in <data dir>/demo-logins.txt (mode 0600).
// The policy requires signatures: each demo person gets a personal Ed25519 key, kept where
// `keygate signer init --config-dir <data dir>/signers/<person>` would keep it (mode 0600), enrolled
// in the log and signing that person's seeded actions, so the CLI can go on signing as them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_POLICY_TERMS, VOTE_SUBJECTS, calendarDateOf, ed25519CredentialOf, isSignedRequestAction, signStatementEd25519, statementForCommand, toAppointmentId, toInstant, toPersonId, toPolicyVersion, toProviderId, toRequestId } from '../../approvals/index.ts';
import type { Actor, ActorRole, Body, Command, KeyId, MemberRole, Organisation, ProviderKind, ProviderStatus } from '../../approvals/index.ts';
import { writeNewSignerKey } from '../signer-key.ts';
import type { AccountRole } from '../auth/roles.ts';
import type { Keygate } from '../compose.ts';
import { makeDemoPki } from './demo-pki.ts';

export const DEMO_LOGINS_FILE = 'demo-logins.txt';
const SECRETARIAT: Actor = { id: 'admin', role: 'secretariat' };
const SEEDER = { id: 'keygate-demo', role: 'admin' };

interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly account: AccountRole;
  /** The role the person acts in (and enrols their key in). */
  readonly actor: ActorRole;
}

const PEOPLE: readonly DemoPerson[] = [
  { id: 'dcc-dan', name: 'Dan (DCC)', account: 'dcc', actor: 'dcc' },
  { id: 'chair-clara', name: 'Clara (SMKI PMA Chair)', account: 'pma_chair', actor: 'pma_chair' },
  { id: 'ssc-sol', name: 'Sol (SSC Chair)', account: 'ssc', actor: 'ssc_chair' },
  { id: 'spec-sam', name: 'Sam (SMKI Specialist)', account: 'pma_member', actor: 'pma_member' },
  { id: 'sup-una', name: 'Una (Supplier member)', account: 'pma_member', actor: 'pma_member' },
  { id: 'sup-vic', name: 'Vic (Supplier member)', account: 'pma_member', actor: 'pma_member' },
  { id: 'net-nia', name: 'Nia (Network member)', account: 'pma_member', actor: 'pma_member' },
  { id: 'sup-eve', name: 'Eve (Supplier member, ECoS Party)', account: 'pma_member', actor: 'pma_member' },
];

/** Where a demo person's personal signing key is kept: the `--config-dir` of `keygate signer` and the client commands. */
export function demoSignerDir(dataDir: string, personId: string): string {
  return path.join(dataDir, 'signers', personId);
}

/** Runs the seed's commands, each signed by its person's demo key as the CLI signs them. */
class DemoSigners {
  private readonly keys = new Map<string, crypto.KeyObject>();

  constructor(
    private readonly kg: Keygate,
    private readonly now: Date,
  ) {}

  /** Creates each person's key on disk (mode 0600) and enrols it, signed by itself (proof of possession). */
  async enrol(people: readonly DemoPerson[]): Promise<void> {
    for (const p of people) {
      const key = writeNewSignerKey(demoSignerDir(this.kg.config.dataDir, p.id));
      this.keys.set(p.id, key);
      const actor: Actor = { id: p.id, role: p.actor };
      const data = { personId: toPersonId(p.id), credential: ed25519CredentialOf(crypto.createPublicKey(key)) };
      const statement = statementForCommand({ action: 'credential.enrolled', actor, data }, { origin: this.kg.approvals.origin, time: this.now });
      await this.kg.approvals.execute({ action: 'credential.enrolled', actor, data: { ...data, signature: signStatementEd25519(key, statement), approval: null } });
    }
  }

  /** Executes the command with its person's signature. */
  async execute(command: Command): Promise<void> {
    const key = this.keys.get(command.actor.id);
    if (!isSignedRequestAction(command.action) || key === undefined) {
      await this.kg.approvals.execute(command);
      return;
    }
    const statement = statementForCommand({ action: command.action, actor: command.actor, data: command.data as Record<string, unknown> }, { origin: this.kg.approvals.origin, time: this.now });
    await this.kg.approvals.execute({ ...command, data: { ...command.data, signature: signStatementEd25519(key, statement) } } as Command);
  }
}

const PROVIDERS: readonly [string, string, ProviderKind, ProviderStatus][] = [
  ['tcos-host', 'TCoS host', 'tcos_host', 'current'],
  ['ecos-party', 'ECoS Party', 'ecos_party', 'current'],
  ['dsp', 'Data Services Provider', 'dsp', 'current'],
  ['dsp-next', 'Data Services Provider (Network Evolution)', 'dsp', 'prospective'],
];

export interface DemoLogin {
  readonly username: string;
  readonly role: AccountRole;
  readonly password: string;
}

async function seedWorld(kg: Keygate, now: Date): Promise<{ tcosKey: KeyId; acbKey: KeyId }> {
  const run = kg.approvals.execute.bind(kg.approvals);
  for (const [id, name, kind, status] of PROVIDERS) {
    await run({ action: 'provider.registered', actor: SECRETARIAT, data: { providerId: toProviderId(id), name, kind, status } });
  }
  for (const p of PEOPLE) await run({ action: 'roster.person_added', actor: SECRETARIAT, data: { personId: toPersonId(p.id), name: p.name } });
  const join = (id: string, body: Body, role: MemberRole, specialist = false) =>
    run({ action: 'roster.membership_started', actor: SECRETARIAT, data: { personId: toPersonId(id), body, role, specialist } });
  const affiliate = (id: string, organisation: Organisation) => run({ action: 'roster.affiliation_added', actor: SECRETARIAT, data: { personId: toPersonId(id), organisation } });
  for (const p of PEOPLE.filter((x) => x.account === 'pma_member')) await join(p.id, 'smki_pma', 'pma_member', p.id === 'spec-sam');
  await join('ssc-sol', 'ssc', 'ssc_member');
  await affiliate('dcc-dan', { type: 'dcc' });
  await affiliate('sup-eve', { type: 'provider', providerId: toProviderId('ecos-party') });
  const appointedOn = calendarDateOf(now.getTime() - 60 * 86400_000);
  for (const [appointmentId, personId, body] of [['pma-chair', 'chair-clara', 'smki_pma'], ['ssc-chair', 'ssc-sol', 'ssc']] as const) {
    const id = toAppointmentId(appointmentId);
    await run({ action: 'appointment.made', actor: SECRETARIAT, data: { appointmentId: id, personId: toPersonId(personId), body, appointedOn, clearance: { status: 'held', heldOn: appointedOn } } });
    await run({ action: 'appointment.non_objection_recorded', actor: SECRETARIAT, data: { appointmentId: id, date: appointedOn, reference: `SoS/${body}/demo` } });
  }
  await run({ action: 'policy.set', actor: SECRETARIAT, data: { version: toPolicyVersion(1), terms: DEFAULT_POLICY_TERMS } });

  const pki = makeDemoPki(now);
  await kg.trustAnchors.add(SEEDER, pki.root);
  await kg.trustAnchors.add(SEEDER, pki.organisationCa);
  const tcos = await kg.approvals.registerKey(SECRETARIAT, toProviderId('tcos-host'), pki.organisationCertificate(5, '90B3D51F30000501', 'tcos'));
  const acb = await kg.approvals.registerKey(SECRETARIAT, toProviderId('dsp'), pki.organisationCertificate(4, '90B3D51F30000401', 'acb'));
  // The recipients' certificates for the same keys, for recording execution in the demo.
  fs.writeFileSync(recipientCertificatePath(kg.config.dataDir, 'REQ-DEMO-1'), toPem(pki.organisationCertificate(5, '90B3D51F3000EC01', 'tcos')));
  fs.writeFileSync(recipientCertificatePath(kg.config.dataDir, 'REQ-DEMO-2'), toPem(pki.organisationCertificate(4, '90B3D51F3000D501', 'acb')));
  return { tcosKey: (tcos.data as { keyId: KeyId }).keyId, acbKey: (acb.data as { keyId: KeyId }).keyId };
}

function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

async function seedRequest(kg: Keygate, signers: DemoSigners, now: Date, tcosKey: KeyId): Promise<void> {
  const dan: Actor = { id: 'dcc-dan', role: 'dcc' };
  const caseDoc = await kg.approvals.storeDocument({ id: dan.id, role: 'dcc' }, {
    content: Buffer.from('Recipient security case (demo): the ECoS Party systems meet SEC Section G; DCC Security Assessment DSA-DEMO-1.\n'),
    name: 'security-case.txt',
    mediaType: 'text/plain',
  });
  const from = toInstant(new Date(now.getTime() + 7 * 86400_000));
  const until = toInstant(new Date(now.getTime() + 21 * 86400_000));
  const requestId = toRequestId('REQ-DEMO-1');
  await signers.execute({
    action: 'request.created',
    actor: dan,
    data: {
      requestId,
      revision: {
        keyId: tcosKey,
        sourceProviderId: toProviderId('tcos-host'),
        targetProviderId: toProviderId('ecos-party'),
        programme: 'ecos_migration',
        rationale: 'Shut down the TCoS service: Change-of-Supplier signing moves to the ECoS Party.',
        mechanism: { method: 'hsm_export_under_kek', description: 'HSM-to-HSM export under a key-encryption key, dual control.', witnesses: ['CIO observer'] },
        recipientSecurity: {
          sectionGStatement: 'The ECoS Party systems comply with SEC Section G.',
          assessmentReferences: ['DSA-DEMO-1'],
          prospectiveChangesConsidered: 'Section G changes under consultation.',
          recipientProspective: false,
        },
        executionWindow: { from, until },
        attachments: [caseDoc],
      },
    },
  });
  const request = await kg.approvals.getRequest(requestId);
  await signers.execute({ action: 'request.submitted', actor: dan, data: { requestId, revisionHash: request.revisions.at(-1)!.hash } });
}

/**
 * REQ-DEMO-2: the DSP's ACB key to the Network Evolution DSP, taken through the whole process
 * (SSC advice, three members' votes, approval without conditions) with a window that is open now,
 * so the DCC can record its execution at once with the certificate printed at start.
 */
async function seedApprovedRequest(kg: Keygate, signers: DemoSigners, now: Date, acbKey: KeyId): Promise<void> {
  const dan: Actor = { id: 'dcc-dan', role: 'dcc' };
  const clara: Actor = { id: 'chair-clara', role: 'pma_chair' };
  const requestId = toRequestId('REQ-DEMO-2');
  const from = toInstant(new Date(now.getTime() - 3600_000));
  const until = toInstant(new Date(now.getTime() + 14 * 86400_000));
  await signers.execute({
    action: 'request.created',
    actor: dan,
    data: {
      requestId,
      revision: {
        keyId: acbKey,
        sourceProviderId: toProviderId('dsp'),
        targetProviderId: toProviderId('dsp-next'),
        programme: 'network_evolution_dsp',
        rationale: 'Network Evolution: the ACB signing key moves to the new Data Services Provider.',
        mechanism: { method: 'key_ceremony_split_knowledge', description: 'Key ceremony with split knowledge between three custodians.', witnesses: ['CIO observer'] },
        recipientSecurity: {
          sectionGStatement: 'The new DSP systems comply with SEC Section G.',
          assessmentReferences: ['DSA-DEMO-2'],
          prospectiveChangesConsidered: 'The new DSP becomes a current provider at go-live.',
          recipientProspective: true,
        },
        executionWindow: { from, until },
        attachments: [],
      },
    },
  });
  const revisionHash = (await kg.approvals.getRequest(requestId)).revisions.at(-1)!.hash;
  await signers.execute({ action: 'request.submitted', actor: dan, data: { requestId, revisionHash } });
  await signers.execute({ action: 'request.consultation_opened', actor: clara, data: { requestId, revisionHash } });
  await signers.execute({
    action: 'request.advice_recorded',
    actor: { id: 'ssc-sol', role: 'ssc_chair' },
    data: { requestId, revisionHash, position: 'support', text: 'The SSC supports the move of the ACB key.', conditions: [], documents: [] },
  });
  await signers.execute({ action: 'request.voting_opened', actor: clara, data: { requestId, revisionHash } });
  for (const voter of ['spec-sam', 'sup-una', 'sup-vic']) {
    for (const subject of VOTE_SUBJECTS) {
      await signers.execute({ action: 'request.vote_cast', actor: { id: voter, role: 'pma_member' }, data: { requestId, revisionHash, subject, choice: 'approve', reasons: 'The case meets Section G.', conditions: [] } });
    }
  }
  await signers.execute({ action: 'request.decided', actor: clara, data: { requestId, revisionHash, conditions: [], departureReason: null } });
}

/** Where the demo keeps the recipient's certificate of a demo request, for recording its execution. */
export function recipientCertificatePath(dataDir: string, requestId: 'REQ-DEMO-1' | 'REQ-DEMO-2'): string {
  return path.join(dataDir, requestId === 'REQ-DEMO-1' ? 'demo-ecos-certificate.pem' : 'demo-dsp-next-certificate.pem');
}

/** The demo's signing, for the banner printed at start: what the policy requires and where the people's keys are. */
export function describeDemoSigning(dataDir: string): string {
  return [
    'signatures: required (policy version 1); every request action is a statement its person signs',
    `  personal keys: each demo person's Ed25519 key is enrolled and kept in ${demoSignerDir(dataDir, '<person>')}/`,
    `    sign on the command line with it: keygate vote … --config-dir ${demoSignerDir(dataDir, 'sup-una')}`,
    '  passkeys: on the pages, "My credentials" creates a passkey; as each person already holds a personal key,',
    `    the page asks for its approval: keygate signer approve --config-dir ${demoSignerDir(dataDir, '<person>')}`,
    '',
  ].join('\n');
}

/** The demo requests and what to do with them, for the banner printed at start. */
export function describeDemoRequests(dataDir: string): string {
  return [
    'demo requests:',
    '  REQ-DEMO-1  submitted; its execution window opens in a week',
    `              recipient certificate: ${recipientCertificatePath(dataDir, 'REQ-DEMO-1')}`,
    '  REQ-DEMO-2  approved, window open now: sign in as dcc-dan and record the execution',
    `              recipient certificate: ${recipientCertificatePath(dataDir, 'REQ-DEMO-2')}`,
    '',
  ].join('\n');
}

async function seedLogins(kg: Keygate): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  const add = async (username: string, role: AccountRole, personId: string | null) => {
    const password = crypto.randomBytes(12).toString('base64url');
    await kg.accounts.createAccount(SEEDER, { username, role, personId, password });
    logins.push({ username, role, password });
  };
  for (const p of PEOPLE) await add(p.id, p.account, p.id);
  await add('auditor', 'auditor', null);
  return logins;
}

/** Seeds an empty data dir; null when it already holds the demo. Refuses a data dir with other data. */
export async function seedDemo(kg: Keygate): Promise<DemoLogin[] | null> {
  const world = await kg.approvals.world();
  if (world.providers.has(toProviderId('tcos-host')) && fs.existsSync(demoLoginsPath(kg.config.dataDir))) return null;
  if (world.providers.size > 0 || world.people.size > 0) {
    throw new Error(`--demo needs an empty data dir; ${kg.config.dataDir} already holds a roster or providers`);
  }
  const now = kg.clock();
  const { tcosKey, acbKey } = await seedWorld(kg, now);
  const signers = new DemoSigners(kg, now);
  await signers.enrol(PEOPLE);
  await seedRequest(kg, signers, now, tcosKey);
  await seedApprovedRequest(kg, signers, now, acbKey);
  const logins = await seedLogins(kg);
  fs.writeFileSync(demoLoginsPath(kg.config.dataDir), describeDemoLogins(logins), { mode: 0o600 });
  return logins;
}

export function demoLoginsPath(dataDir: string): string {
  return path.join(dataDir, DEMO_LOGINS_FILE);
}

/**
 * One line per demo login. `keptIn` names the file that also holds them, for the banner printed
 * at start; the file itself is written without it (it would name itself).
 */
export function describeDemoLogins(logins: readonly DemoLogin[], keptIn?: string): string {
  return [
    keptIn === undefined ? 'demo logins:' : `demo logins (also kept in ${keptIn}):`,
    ...logins.map((l) => `  ${l.role.padEnd(11)} ${l.username.padEnd(12)} ${l.password}`),
    '',
  ].join('\n');
}
