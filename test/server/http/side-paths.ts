// The workflow's paths the TCoS-to-ECoS scenario does not take, over HTTP on SQLite: roster,
// provider and appointment changes, an amended request answered after questions and approved on
// waived advice, then revoked; a withdrawn request; one executed with an obligation then completed; a vote
// closed without a decision after recusals; account management and a session login.
import crypto from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { toKeyId } from '../../../approvals/index.ts';
import type { Keygate } from '../../../server/compose.ts';
import { openKeygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { P, WHO } from '../../approvals/cast.ts';
import { Signers } from '../../approvals/signers.ts';
import { revision } from '../../approvals/fixtures.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { orgCert, testPki } from '../../pki/fixtures.ts';
import { ANONYMOUS, Api } from './api-client.ts';
import { b64, castAccounts, setUpWorldOverHttp } from './http-cast.ts';
import type { Cast } from './http-cast.ts';

type Event = { data: { revisionHash: string } };

async function worldChanges(api: Api, cast: Cast): Promise<void> {
  const { admin, auditor } = cast;
  const record = await api.ok<{ valid: boolean; transferable: boolean }>('inspectCertificate', cast.dan, { body: { certificate: b64(orgCert(5)) } });
  expect(record).to.include({ valid: true, transferable: true });
  await api.ok('changeProviderStatus', admin, { params: { providerId: P.dspNext }, body: { status: 'current' } });
  await api.ok('endAffiliation', admin, { params: { personId: WHO.dora }, body: { organisation: { type: 'dcc' } } });
  await api.ok('endMembership', admin, { params: { personId: WHO.nia }, body: { body: 'smki_pma', role: 'pma_member' } });
  const ssc = { params: { appointmentId: 'ssc-chair-2025' } };
  await api.ok('extendClearanceDeadline', admin, { ...ssc, body: { until: '2027-06-01', reference: 'SoS/SSC/2026/01' } });
  await api.ok('grantClearance', admin, { ...ssc, body: { heldOn: '2026-01-04' } });
  const providers = await api.ok<{ id: string; status: string }[]>('listProviders', auditor);
  expect(providers.find((p) => p.id === P.dspNext)?.status).to.equal('current');
  const people = await api.ok<{ id: string; affiliations: unknown[] }[]>('listPeople', auditor);
  expect(people.find((p) => p.id === WHO.dora)?.affiliations).to.deep.equal([]);
  const appointments = await api.ok<{ id: string; clearanceHeldOn: string | null }[]>('listAppointments', auditor);
  expect(appointments.find((a) => a.id === 'ssc-chair-2025')?.clearanceHeldOn).to.equal('2026-01-04');
  expect(await api.ok<unknown[]>('listPolicyVersions', auditor)).to.have.length(1);
}

async function amendedApprovedRevoked(api: Api, cast: Cast, clock: Clock, tcosKey: string): Promise<void> {
  const req = { params: { requestId: 'REQ-2026-010' } };
  const content = revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos, attachments: [] });
  clock.now = new Date('2026-02-01T09:00:00Z');
  await api.ok('createRequest', cast.dan, { body: { requestId: 'REQ-2026-010', revision: content } });
  const h2 = (await api.ok<Event>('amendRequest', cast.dan, { ...req, body: { revision: { ...content, rationale: 'The second revision of the case.' } } })).data.revisionHash;
  await api.ok('submitRequest', cast.dan, { ...req, body: { revisionHash: h2 } });
  await api.ok('requestInformation', cast.clara, { ...req, body: { revisionHash: h2, questions: 'Who witnesses the export?' } });
  const h3 = (await api.ok<Event>('amendRequest', cast.dan, { ...req, body: { revision: { ...content, rationale: 'Third revision: the CIO witnesses.' } } })).data.revisionHash;
  await api.ok('waiveAdvice', cast.clara, { ...req, body: { revisionHash: h3, reason: 'The SSC advised on the same mechanism in 2025.' } });
  await api.ok('openVoting', cast.clara, { ...req, body: { revisionHash: h3 } });
  for (const subject of ['transfer', 'mechanism', 'recipient_security']) {
    for (const who of [cast.sam, cast.una, cast.vic]) await api.ok('castVote', who, { ...req, body: { revisionHash: h3, subject, choice: 'approve', reasons: 'Fine.', conditions: [] } });
  }
  await api.ok('decideRequest', cast.clara, { ...req, body: { revisionHash: h3, conditions: [], departureReason: null } });
  await api.ok('revokeRequest', cast.clara, { ...req, body: { reason: 'The ECoS Party failed its audit.', decisionReference: 'PMA/2026/03/04' } });
  expect((await api.ok<{ state: string }>('getRequest', cast.dan, req)).state).to.equal('revoked');
}

async function upload(api: Api, cast: Cast, name: string): Promise<{ sha256: string; size: number; name: string }> {
  return api.ok('uploadDocument', cast.dan, { query: { name }, raw: { content: Buffer.from(`${name}: evidence text`), contentType: 'text/plain' } });
}

/** Item 8: an approval with a condition due after execution, executed, then completed when the DCC records the confirmation. */
async function executedWithObligation(api: Api, cast: Cast, clock: Clock, tcosKey: string): Promise<void> {
  const req = { params: { requestId: 'REQ-2026-012' } };
  const content = revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos, attachments: [] });
  const h = (await api.ok<Event>('createRequest', cast.dan, { body: { requestId: 'REQ-2026-012', revision: content } })).data.revisionHash;
  await api.ok('submitRequest', cast.dan, { ...req, body: { revisionHash: h } });
  await api.ok('waiveAdvice', cast.clara, { ...req, body: { revisionHash: h, reason: 'The SSC advised on the same mechanism in 2025.' } });
  await api.ok('openVoting', cast.clara, { ...req, body: { revisionHash: h } });
  for (const subject of ['transfer', 'mechanism', 'recipient_security']) {
    for (const who of [cast.sam, cast.una, cast.vic]) await api.ok('castVote', who, { ...req, body: { revisionHash: h, subject, choice: 'approve', reasons: 'Fine.', conditions: [] } });
  }
  const destroy = { conditionId: 'c1', text: 'The TCoS host destroys its copy under witness.', phase: 'after_execution', dueWithinHours: 24 };
  await api.ok('decideRequest', cast.clara, { ...req, body: { revisionHash: h, conditions: [destroy], departureReason: null } });
  clock.now = new Date('2026-03-05T12:00:00Z');
  const minutes = await upload(api, cast, 'ceremony-minutes-012.txt');
  await api.ok('recordExecution', cast.dan, { ...req, body: { executedAt: '2026-03-05T10:00:00Z', evidence: [minutes], recipientCertificate: b64(orgCert(5, { eui: '90B3D51F3000EC01' })) } });
  expect((await api.ok<{ state: string }>('getRequest', cast.dan, req)).state).to.equal('executed');
  const evidence = await upload(api, cast, 'destruction-certificate-012.txt');
  await api.ok('confirmObligation', cast.dan, { params: { requestId: 'REQ-2026-012', conditionId: 'c1' }, body: { evidence: [evidence], note: 'The TCoS host confirms destruction under witness.' } });
  expect((await api.ok<{ state: string }>('getRequest', cast.dan, req)).state).to.equal('completed');
}

/** Item 9: the key back to the TCoS host; the vote is adjourned, every member who could vote recuses, and the chair closes it without a decision. */
async function closedNoDecision(api: Api, cast: Cast, tcosKey: string): Promise<void> {
  const req = { params: { requestId: 'REQ-2026-013' } };
  const content = revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.ecos, targetProviderId: P.tcos, attachments: [] });
  const h = (await api.ok<Event>('createRequest', cast.dan, { body: { requestId: 'REQ-2026-013', revision: content } })).data.revisionHash;
  await api.ok('submitRequest', cast.dan, { ...req, body: { revisionHash: h } });
  await api.ok('waiveAdvice', cast.clara, { ...req, body: { revisionHash: h, reason: 'The SSC advised on the same mechanism in 2025.' } });
  await api.ok('openVoting', cast.clara, { ...req, body: { revisionHash: h } });
  await api.ok('adjournVote', cast.clara, { ...req, body: { revisionHash: h, meeting: { name: 'PMA meeting 2026-03', date: '2026-03-01' }, reason: 'Awaiting new members.' } });
  for (const who of [cast.sam, cast.una, cast.vic, cast.wes]) await api.ok('declareConflict', who, { ...req, body: { reason: 'Consultancy for the ECoS Party in 2025.' } });
  await api.ok('closeNoDecision', cast.clara, { ...req, body: { revisionHash: h, reason: 'Too many members are recused to reach quorum.' } });
  expect((await api.ok<{ state: string }>('getRequest', cast.dan, req)).state).to.equal('no_decision');
}

async function withdrawn(api: Api, cast: Cast, acbKey: string): Promise<void> {
  const content = revision({ keyId: toKeyId(acbKey), sourceProviderId: P.dsp, targetProviderId: P.ecos, programme: 'network_evolution_dsp', attachments: [] });
  await api.ok('createRequest', cast.dan, { body: { requestId: 'REQ-2026-011', revision: content } });
  await api.ok('withdrawRequest', cast.dan, { params: { requestId: 'REQ-2026-011' }, body: { reason: 'Superseded.' } });
}

/** Notification settings, the mailbox, the outbox and webhooks, as a member and an admin use them. */
async function notifications(api: Api, cast: Cast): Promise<void> {
  const mine = await api.ok<{ kinds: unknown[] }>('getNotificationPreferences', cast.sam);
  expect(mine.kinds.length).to.be.greaterThan(0);
  await api.ok('setNotificationPreferences', cast.sam, { body: { email: 'sam@example.org', preferences: { 'request.decided': 'daily_digest' } } });
  expect((await api.ok<{ email: string | null }>('getNotificationPreferences', cast.sam)).email).to.equal('sam@example.org');
  await api.ok('getMailbox', cast.sam);
  const { items } = await api.ok<{ items: { id: number; status: string }[] }>('listOutbox', cast.admin);
  const waiting = items.find((i) => i.status === 'pending' || i.status === 'failed');
  expect(waiting, 'an outbox row the workflow above enqueued').to.not.equal(undefined);
  await api.ok('retryOutbox', cast.admin, { params: { id: String(waiting!.id) } });
  const endpoint = await api.ok<{ id: string; secret: string }>('registerWebhook', cast.admin, { body: { url: 'https://hooks.example.org/keygate', filter: ['request.decided'] } });
  expect(endpoint.secret).to.be.a('string');
  expect((await api.ok<{ endpoints: { id: string }[] }>('listWebhooks', cast.admin)).endpoints.map((e) => e.id)).to.include(endpoint.id);
  await api.ok('disableWebhook', cast.admin, { params: { id: endpoint.id } });
}

async function accounts(api: Api, cast: Cast): Promise<void> {
  const password = 'correct horse battery staple';
  const { account } = await api.ok<{ account: { id: string } }>('createAccount', cast.admin, { body: { username: 'newcomer', role: 'auditor', password } });
  const id = { params: { id: account.id } };
  expect((await api.ok<{ accounts: unknown[] }>('listAccounts', cast.admin)).accounts.length).to.be.greaterThan(10);
  const { token, secret } = await api.ok<{ token: { id: string }; secret: string }>('createApiToken', cast.admin, { ...id, body: { name: 'cli' } });
  await api.ok('getCurrentPrincipal', { headers: { authorization: `Bearer ${secret}` } });
  await api.call('revokeApiToken', cast.admin, { params: { id: account.id, tokenId: token.id } });
  expect((await api.call('getCurrentPrincipal', { headers: { authorization: `Bearer ${secret}` } })).status).to.equal(401);
  const login = await api.call('login', ANONYMOUS, { body: { username: 'newcomer', password } });
  const session = { cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, 'x-csrf-token': (login.json as { csrfToken: string }).csrfToken };
  await api.ok('getCurrentPrincipal', { headers: session });
  await api.call('logout', { headers: session });
  await api.call('setAccountPassword', cast.admin, { ...id, body: { password: `${password} again` } });
  await api.ok('addClientCertificate', cast.admin, { ...id, body: { fingerprint: 'ab'.repeat(32) } });
  await api.ok('disableAccount', cast.admin, id);
}

/** A member enrols a personal Ed25519 key over HTTP (signed by the key itself), the auditor lists it, an admin revokes it. */
async function credentials(api: Api, cast: Cast, kg: Keygate, clock: Clock): Promise<void> {
  const signers = new Signers(kg.approvals.origin);
  const enrolment = signers.enrolment({ id: WHO.sam, role: 'pma_member' }, clock.now);
  const { personId, ...body } = enrolment.data as { personId: string; credential: { credentialId: string } };
  // An admin can never enrol a credential for somebody else.
  expect((await api.problem('enrolCredential', cast.admin, { params: { personId }, body })).code).to.equal('forbidden');
  await api.ok('enrolCredential', cast.sam, { params: { personId }, body });
  const listed = await api.ok<{ id: string; fingerprint: string; revoked: unknown }[]>('listCredentials', cast.auditor, { params: { personId } });
  expect(listed.map((c) => c.id)).to.deep.equal([body.credential.credentialId]);
  await api.ok('revokeCredential', cast.admin, { params: { personId, credentialId: body.credential.credentialId }, body: { reason: 'The key was left on a shared laptop.' } });
}

export async function sidePaths(succeeded: Set<string>): Promise<void> {
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }), { clock: () => clock.now });
  const http = await serve(createApp(kg, silentLogger));
  try {
    const api = new Api(http.url, succeeded);
    const cast = await castAccounts(kg);
    const { tcosKey, acbKey } = await setUpWorldOverHttp(api, cast);
    await worldChanges(api, cast);
    await amendedApprovedRevoked(api, cast, clock, tcosKey);
    await withdrawn(api, cast, acbKey);
    await executedWithObligation(api, cast, clock, tcosKey);
    await closedNoDecision(api, cast, tcosKey);
    await notifications(api, cast);
    await accounts(api, cast);
    await credentials(api, cast, kg, clock);
    const ended = { params: { appointmentId: 'ssc-chair-2025' }, body: { on: '2026-02-01', basis: 'resignation', reference: 'letter of 2026-01-20' } };
    await api.ok('terminateAppointment', cast.admin, ended);
    const mistake = await api.ok<{ sha256: string }>('uploadDocument', cast.dan, { query: { name: 'mistake.txt' }, raw: { content: Buffer.from('Uploaded to the wrong request.'), contentType: 'text/plain' } });
    await api.call('purgeDocument', cast.admin, { params: { sha256: mistake.sha256 }, body: { reason: 'Uploaded to the wrong request.' } });
    await api.call('removeTrustAnchor', cast.admin, { params: { fingerprint: crypto.createHash('sha256').update(testPki().oca.der).digest('hex') }, body: { reason: 'Replaced by a new Organisation CA.' } });
    const anchors = await api.ok<{ removed: unknown }[]>('listTrustAnchors', cast.auditor, { query: { includeRemoved: 'true' } });
    expect(anchors.filter((a) => a.removed !== null)).to.have.length(1);
    await api.ok('getOpenApiDocument', cast.auditor);
    await api.call('getApiDocs', cast.auditor);
  } finally {
    await http.close();
    await kg.close();
  }
}
