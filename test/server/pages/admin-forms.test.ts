// The secretariat's forms: an admin builds a small world entirely through the pages (trust
// anchors and a key from generated certificates, providers, people, a membership, an
// affiliation, a chair appointment with its records, a policy, an account); each form is a
// POST/redirect/GET that adds exactly one audit log entry and shows a confirmation; the lists
// show the result. Refusals: another role gets 403 from the same PERMISSIONS table as the API,
// a key pki refuses shows the reason and logs nothing, a bad field is a readable 400 page.
import path from 'node:path';
import { expect } from 'chai';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { tempDir } from '../../helpers/databases.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { orgCert, testPki } from '../../pki/fixtures.ts';
import { PASSWORD, PageClient } from './page-client.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The field names of the page's form posting to `action` (the CSRF field included). */
function formFields(html: string, action: string): string[] {
  const form = html.split(`<form method="post" action="${action}"`)[1]?.split('</form>')[0];
  expect(form, `the page has a form posting to ${action}`).to.be.a('string');
  return [...(form ?? '').matchAll(/name="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('pages: the admin forms', function () {
  this.timeout(machineLimit(240_000));
  let kg: Keygate;
  let http: Served;
  const now = new Date('2026-01-05T09:00:00Z');

  before(async () => {
    const dataDir = tempDir();
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }), { clock: () => now });
    await createPrincipal(kg, { role: 'admin', username: 'secretary', password: PASSWORD });
    await createPrincipal(kg, { role: 'auditor', username: 'auditor', password: PASSWORD });
    http = await serve(createApp(kg, silentLogger));
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  const size = async () => (await kg.log.latestCheckpoint()).treeSize;

  async function signedIn(username: string): Promise<PageClient> {
    const c = new PageClient(http.url);
    expect((await c.login(username)).status).to.equal(303);
    return c;
  }

  /** Posts a form from `page`, expects the redirect back with `done`, one new log entry, and the confirmation. */
  async function submit(c: PageClient, page: string, action: string, fields: Record<string, string>, done: string, confirmation: string): Promise<void> {
    expect(formFields((await c.get(page)).text, action), 'the page offers the form with these fields').to.include.members(['_csrf', ...Object.keys(fields)]);
    const before = await size();
    const res = await c.post(action, fields, { csrfFrom: page });
    expect([res.status, res.location], res.text).to.deep.equal([303, `${page}?done=${done}`]);
    expect(await size(), `${action} adds one log entry`).to.equal(before + 1);
    expect((await c.get(res.location ?? page)).text).to.contain(confirmation);
  }

  it('sets up a world through the pages, each form logged once and shown in the lists', async () => {
    const admin = await signedIn('secretary');
    const start = await size();
    const anchors = '/ui/admin/trust-anchors';
    const providers = '/ui/admin/providers';
    const roster = '/ui/admin/roster';

    const anchorsPage = (await admin.get(anchors)).text;
    expect(anchorsPage).to.contain('No trust anchors registered.').and.to.contain('<legend>Add a trust anchor</legend>').and.to.contain('<label for="ta-cert">');
    await submit(admin, anchors, anchors, { certificate: pem(testPki().root.der) }, 'anchor', 'The trust anchor was added.');
    await submit(admin, anchors, anchors, { certificate: pem(testPki().oca.der) }, 'anchor', 'The trust anchor was added.');
    expect((await admin.get(anchors)).text).to.contain('ROOT-TEST').and.to.contain('OCA-TEST');

    await submit(admin, providers, '/ui/admin/providers', { providerId: 'tcos-host', name: 'TCoS Host', kind: 'tcos_host', status: 'current' }, 'provider', 'The provider was registered.');
    await submit(admin, providers, '/ui/admin/providers', { providerId: 'ecos-party', name: 'ECoS Party', kind: 'ecos_party', status: 'prospective' }, 'provider', 'The provider was registered.');
    await submit(admin, providers, '/ui/admin/providers/ecos-party/status', { status: 'current' }, 'status', 'status was changed.');
    await submit(admin, providers, '/ui/admin/keys', { holderId: 'tcos-host', certificate: pem(orgCert(5)) }, 'key', 'The key was registered.');
    const providersPage = (await admin.get(providers)).text;
    expect(providersPage).to.contain('TCoS Host <code>tcos-host</code>').and.to.contain('ECoS Party <code>ecos-party</code>').and.not.to.contain('No keys registered.');
    expect(providersPage).to.match(/<td>tcos-host<\/td>/);

    await submit(admin, roster, '/ui/admin/people', { personId: 'pma-jo', name: 'Jo Chair' }, 'person', 'The person was added to the roster.');
    await submit(admin, roster, '/ui/admin/people', { personId: 'spec-kim', name: 'Kim Specialist' }, 'person', 'The person was added to the roster.');
    await submit(admin, roster, '/ui/admin/memberships', { personId: 'spec-kim', body: 'smki_pma', role: 'pma_member', specialist: 'on' }, 'membership', 'The membership was started.');
    await submit(admin, roster, '/ui/admin/affiliations', { personId: 'spec-kim', organisation: 'provider:tcos-host' }, 'affiliation', 'The affiliation was recorded.');
    await submit(admin, roster, '/ui/admin/appointments', { appointmentId: 'pma-chair-2026', personId: 'pma-jo', body: 'smki_pma', appointedOn: '2026-01-05', clearance: 'not_held', heldOn: '' }, 'appointment', 'The chair appointment was recorded.');
    await submit(admin, roster, '/ui/admin/appointments/pma-chair-2026/non-objection', { date: '2026-01-05', reference: 'SoS letter 2026/1' }, 'non-objection', 'non-objection was recorded.');
    await submit(admin, roster, '/ui/admin/appointments/pma-chair-2026/vetting', { startedOn: '2026-01-05' }, 'vetting', 'The start of security vetting was recorded.');
    const rosterPage = (await admin.get(roster)).text;
    expect(rosterPage).to.contain('Jo Chair <code>pma-jo</code>').and.to.contain('pma member of smki pma (SMKI Specialist)').and.to.contain('provider tcos-host');
    expect(rosterPage).to.contain('2026-01-05 <span class="muted">SoS letter 2026/1</span>').and.to.contain('vetting started 2026-01-05');
    const due = /clearance due by (\d{4}-\d{2}-\d{2})/.exec(rosterPage)?.[1];
    expect(due).to.be.a('string');
    const later = `${Number(due!.slice(0, 4)) + 1}${due!.slice(4)}`;
    await submit(admin, roster, '/ui/admin/appointments/pma-chair-2026/clearance-extension', { until: later, reference: 'SoS extension 2026/2' }, 'extension', 'The later clearance deadline was recorded.');
    expect((await admin.get(roster)).text).to.contain(`clearance due by ${later}`);

    const policyPage = (await admin.get('/ui/admin/policy')).text;
    expect(policyPage).to.contain('No policy has been set.').and.to.contain('name="version" value="1"');
    const policy = { version: '1', quorumKind: 'count', quorumCount: '3', quorumNumerator: '1', quorumDenominator: '2', thresholdKind: 'simple_majority', thresholdNumerator: '2', thresholdDenominator: '3', castingVote: 'on', sscAdviceRequired: 'on', maxDurationDays: '30', maxLeadDays: '90' };
    await submit(admin, '/ui/admin/policy', '/ui/admin/policy', policy, 'policy', 'The new policy version is in force.');
    const policies = (await admin.get('/ui/admin/policy')).text;
    expect(policies).to.contain('Version 1').and.to.contain('3 votes per subject').and.to.contain('the chair may break a tie').and.to.contain('name="version" value="2"');
    expect(policies, 'the next version is pre-filled from the current one').to.contain('id="q-n" name="quorumCount" type="number" min="1" value="3"').and.to.match(/id="p-cast" name="castingVote" checked/);

    await submit(admin, '/ui/admin/accounts', '/ui/admin/accounts', { username: 'jo', role: 'pma_chair', personId: 'pma-jo', password: PASSWORD }, 'account', 'The account was created.');
    expect((await admin.get('/ui/admin/accounts')).text).to.contain('<th scope="row">jo</th>');
    expect((await new PageClient(http.url).login('jo')).status).to.equal(303);

    // 2 anchors, 2 providers, 1 status change, 1 key, 2 people, 1 membership, 1 affiliation,
    // 1 appointment, 1 non-objection, 1 vetting, 1 extension, 1 policy, 1 account.
    expect(await size()).to.equal(start + 16);
    const world = await kg.approvals.world();
    expect([world.providers.size, world.people.size, world.appointments.size, world.keys.size]).to.deep.equal([2, 2, 1, 1]);
  });

  it("purges a stored document's content from the documents page, and its download then answers 410 with the reason", async () => {
    const admin = await signedIn('secretary');
    const stored = await kg.approvals.storeDocument({ id: 'dcc-dan', role: 'dcc' }, { content: Buffer.from('Minutes sent to the wrong request.'), name: 'minutes.txt', mediaType: 'text/plain' });
    await submit(admin, '/ui/admin/documents', '/ui/admin/documents/purge', { sha256: stored.sha256, reason: 'sent to the wrong request' }, 'document-purged', 'content was purged; downloads now answer 410 Gone');
    const refused = await kg.approvals.downloadDocument(stored.sha256).then(() => null, (err: { code: string; message: string }) => err);
    expect(refused?.code).to.equal('document-purged');
    expect(refused?.message).to.contain('sent to the wrong request');
  });

  it('removes a trust anchor with its reason and sets an account password', async () => {
    const admin = await signedIn('secretary');
    const anchors = '/ui/admin/trust-anchors';
    await submit(admin, anchors, anchors, { certificate: pem(testPki().dca.der) }, 'anchor', 'The trust anchor was added.');
    const added = (await kg.trustAnchors.list()).find((a) => a.subject.includes('DCA-TEST'));
    expect(added).to.not.equal(undefined);
    const removal = `/ui/admin/trust-anchors/${added!.fingerprint}/removal`;
    await submit(admin, anchors, removal, { reason: 'not used by this service' }, 'anchor-removed', 'The trust anchor was removed.');
    expect((await admin.get(anchors)).text).to.contain('not used by this service').and.not.to.contain(`action="${removal}"`);

    const accounts = (await admin.get('/ui/admin/accounts')).text;
    const id = /\/ui\/admin\/accounts\/(acc_[0-9a-f]+)\/password" class="token-form"><input type="hidden" name="_csrf" value="[^"]*"><label for="pw-acc_[0-9a-f]+" class="visually-hidden">New password for jo</.exec(accounts)?.[1];
    expect(id).to.be.a('string');
    await submit(admin, '/ui/admin/accounts', `/ui/admin/accounts/${id}/password`, { password: 'a new and longer passphrase' }, 'password', 'The password was set');
    expect((await new PageClient(http.url).login('jo')).status).to.equal(401);
    expect((await new PageClient(http.url).login('jo', 'a new and longer passphrase')).status).to.equal(303);
  });

  it('refuses a key pki will not allow to move, with the reason, and logs nothing', async () => {
    const admin = await signedIn('secretary');
    const before = await size();
    const res = await admin.post('/ui/admin/keys', { holderId: 'tcos-host', certificate: pem(orgCert(2)) }, { csrfFrom: '/ui/admin/providers' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Refused by the approval rules').and.to.contain('is not eligible for transfer').and.to.contain('key-not-transferable');
    expect(res.text, 'shown on the providers page, above its forms').to.contain('<h1>Providers and keys</h1>').and.to.contain('Register a key by its certificate');
    expect(await size()).to.equal(before);
  });

  it('shows a bad field and a rules refusal on the form\'s page, and a private key as the guard refusal', async () => {
    const admin = await signedIn('secretary');
    const bad = await admin.post('/ui/admin/appointments/pma-chair-2026/vetting', { startedOn: '5 Jan' }, { csrfFrom: '/ui/admin/roster' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('not a YYYY-MM-DD date');
    expect(bad.text).to.contain('<h1>Roster</h1>').and.to.contain('role="alert"');
    const again = await admin.post('/ui/admin/people', { personId: 'pma-jo', name: 'Jo Again' }, { csrfFrom: '/ui/admin/roster' });
    expect(again.status).to.equal(409);
    expect(again.text).to.contain('Refused by the approval rules').and.to.contain('<h1>Roster</h1>');
    const key = await admin.post('/ui/admin/trust-anchors', { certificate: '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n' }, { csrfFrom: '/ui/admin/trust-anchors' });
    expect(key.status).to.equal(422);
    expect(key.text).to.contain('Private key material refused');
  });

  it('answers 403 to a non-admin posting an admin form, and shows them no forms', async () => {
    const before = await size();
    const auditor = await signedIn('auditor');
    expect((await auditor.get('/ui/admin/providers')).text).not.to.contain('Register a provider');
    const res = await auditor.post('/ui/admin/providers', { providerId: 'x-1', name: 'X', kind: 'dsp', status: 'current' }, { csrfFrom: '/ui/admin/providers' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Not allowed for your role');
    const chair = new PageClient(http.url);
    expect((await chair.login('jo', 'a new and longer passphrase')).status).to.equal(303);
    expect((await chair.post('/ui/admin/people', { personId: 'p-x', name: 'X' }, { csrfFrom: '/ui' })).status).to.equal(403);
    expect((await chair.post('/ui/admin/policy', { version: '2' }, { csrfFrom: '/ui' })).status).to.equal(403);
    expect((await chair.post('/ui/admin/accounts', { username: 'x', role: 'admin', password: PASSWORD }, { csrfFrom: '/ui' })).status).to.equal(403);
    expect(await size()).to.equal(before);
  });
});
