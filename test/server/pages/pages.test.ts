// The pages with the real app: sign-in, the TCoS-to-ECoS request through the forms, and the
// refusals the issue names (a conflicted member cannot vote, a private key is refused and
// nothing is kept, a form without its CSRF token is refused).
import { expect } from 'chai';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { PageClient } from './page-client.ts';
import { REQUEST_PATH, as, castApprovals, decideAndExecute, expectRedirect, privateKeyPem, requestForm, toVoting } from './flow.ts';
import { seedWorld } from './fixture.ts';
import type { SeededWorld } from './fixture.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

describe('pages', function () {
  this.timeout(machineLimit(240_000));
  let kg: Keygate;
  let http: Served;
  let tcosKey: string;
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };

  const size = async () => (await kg.log.latestCheckpoint()).treeSize;
  const documents = async () => Number((await kg.db.knex('documents').count({ n: '*' }))[0]?.n ?? 0);

  let seeded: SeededWorld;

  before(async () => {
    seeded = await seedWorld();
    tcosKey = seeded.tcosKey;
  });
  beforeEach(async () => {
    clock.now = new Date('2026-01-05T09:00:00Z');
    kg = await seeded.open(clock);
    http = await serve(createApp(kg, silentLogger));
  });
  afterEach(async () => {
    await http.close();
    await kg.close();
  });

  context('when nobody is signed in', () => {
    it('sends / and every page to the login form, which sets no session on a wrong password', async () => {
      const c = new PageClient(http.url);
      expect((await c.get('/')).location).to.equal('/ui');
      expect((await c.get('/ui')).location).to.equal('/ui/login');
      expect((await c.get('/ui/log')).location).to.equal('/ui/login?next=%2Fui%2Flog');
      const wrong = await c.login('dcc-dan', 'not the password at all');
      expect(wrong.status).to.equal(401);
      expect(wrong.text).to.contain('The username or password is wrong');
      expect((await c.get('/ui')).location).to.equal('/ui/login');
    });

    it('serves pages under the strict CSP, with no inline script or style, and the stylesheet from /ui/static', async () => {
      const res = await fetch(`${http.url}/ui/login`);
      expect(res.headers.get('content-security-policy')).to.contain("script-src 'self'").and.to.contain("style-src 'self'");
      const html = await res.text();
      expect(html).not.to.match(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(html).to.contain('href="/ui/static/keygate.css"');
      const css = await fetch(`${http.url}/ui/static/keygate.css`);
      expect([css.status, css.headers.get('content-type')]).to.deep.equal([200, 'text/css; charset=utf-8']);
    });

    it('refuses a login post without the login form token', async () => {
      const res = await fetch(`${http.url}/ui/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=dcc-dan&password=x', redirect: 'manual' });
      expect(res.status).to.equal(403);
      expect(await res.text()).to.contain('the login form has expired');
    });
  });

  context('when the TCoS key moves to the ECoS Party through the forms', () => {
    it('shows each role what awaits it, the request with its certificate, votes, decision and timeline, and ends completed (no condition is due after execution)', async () => {
      await toVoting(http.url, clock, tcosKey);
      const sam = await as(http.url, 'spec-sam');
      expect((await sam.get('/ui')).text).to.contain('Cast your votes: 0 of 3 subjects done.');
      await castApprovals(http.url, clock);
      const clara = await as(http.url, 'chair-clara');
      const dashboard = (await clara.get('/ui')).text;
      expect(dashboard).to.contain('Check the tally and close voting.');
      const page = (await clara.get(REQUEST_PATH)).text;
      expect(page).to.contain('3 votes cast; 3 needed for quorum');
      expect(page).to.contain('✓ Pass');
      expect(page).to.match(/sup-eve<\/code>: affiliated target/);
      expect(page).to.contain('REQ-2026-001-security-case.txt');
      expect(page).to.contain('support with conditions');
      await decideAndExecute(http.url, clock);

      const auditor = await as(http.url, 'auditor');
      const done = (await auditor.get(REQUEST_PATH)).text;
      expect(done).to.contain('state-completed');
      expect(done).not.to.contain('state-executed');
      expect(done).to.contain('Decision: <span class="state state-approved">approved</span>');
      expect(done).to.contain('Nothing for you to do on this request: it is completed.');
      // One timeline row per entry about the request, each with its inclusion proof link.
      const rows = [...done.matchAll(/<tr><td>(\d+)<\/td><td>[^<]*<\/td><td>([^<]+)<\/td>/g)].map((m) => m[2]);
      expect(rows).to.deep.equal(['created', 'submitted', 'consultation opened', 'advice recorded', 'voting opened', ...Array(9).fill('vote cast'), 'decided', 'condition met', 'executed']);
      expect([...done.matchAll(/href="\/ui\/log\/entries\/\d+"/g)]).to.have.length(17);
    });
  });

  context('when the chair asks the DCC for more information', () => {
    it('shows the DCC the questions and an amendment form filled with the current revision, and the amendment resubmits', async () => {
      await toVoting(http.url, clock, tcosKey);
      const clara = await as(http.url, 'chair-clara');
      expectRedirect(await clara.post(`${REQUEST_PATH}/information-requests`, { questions: 'Which HSM firmware version?' }, { csrfFrom: REQUEST_PATH }), 'information');
      const dan = await as(http.url, 'dcc-dan');
      expect((await dan.get('/ui')).text).to.contain('Answer the PMA&#39;s questions by amending the request.');
      expect((await dan.get(REQUEST_PATH)).text).to.contain('The PMA asked: “Which HSM firmware version?”');
      const form = (await dan.get(`${REQUEST_PATH}/amend`)).text;
      expect(form).to.contain('Export under a key-encryption key agreed between the HSMs; dual control.');
      expect(form).to.contain('value="2026-03-01T00:00"');
      const amended = { ...requestForm(tcosKey, 'Firmware 7.4, see the vendor letter.'), rationale: 'As before; HSM firmware 7.4.', evidenceName: 'firmware.txt' };
      expectRedirect(await dan.post(`${REQUEST_PATH}/amendments`, amended, { csrfFrom: `${REQUEST_PATH}/amend` }), 'amended');
      const r = await kg.approvals.getRequest('REQ-2026-001');
      expect([r.state, r.revisions.length]).to.deep.equal(['submitted', 2]);
      expect(r.revisions[1]!.content.attachments.map((a) => a.name)).to.deep.equal(['REQ-2026-001-security-case.txt', 'firmware.txt']);
    });
  });

  context('when a member has a conflict', () => {
    it('records the declaration, says on the page why the member cannot vote, and refuses a vote posted anyway', async () => {
      await toVoting(http.url, clock, tcosKey);
      const wes = await as(http.url, 'sup-wes');
      const declared = await wes.post(`${REQUEST_PATH}/conflicts`, { reason: 'Consultancy for the TCoS host in 2025.' }, { csrfFrom: REQUEST_PATH });
      expect(declared.status).to.equal(303);
      const page = (await wes.get(REQUEST_PATH)).text;
      expect(page).to.contain('You cannot vote on this request:</strong> you are recused (declared conflict)');
      expect(page).not.to.contain('id="vote-form"');
      const before = await size();
      const forced = await wes.post(`${REQUEST_PATH}/votes`, { choice_transfer: 'approve', reasons_transfer: 'I approve.' }, { csrfFrom: REQUEST_PATH });
      // POST/redirect/GET: the refusal is shown on the request page, not at the POST address.
      expect([forced.status, forced.location]).to.deep.equal([303, `${REQUEST_PATH}#form-error`]);
      const shown = await wes.get(REQUEST_PATH);
      expect(shown.status).to.equal(422);
      expect(shown.text).to.contain('is recused from request REQ-2026-001 (declared conflict)');
      expect((await wes.get(REQUEST_PATH)).text, 'shown once').not.to.contain('is recused from request REQ-2026-001 (declared conflict)');
      expect(await size()).to.equal(before);
    });

    it('tells a member affiliated with the target provider that she is recused', async () => {
      await toVoting(http.url, clock, tcosKey);
      const eve = await as(http.url, 'sup-eve');
      expect((await eve.get(REQUEST_PATH)).text).to.contain('You are affiliated with the target provider.');
      expect((await eve.get('/ui')).text).to.contain('You are recused (affiliated target) and cannot vote.');
    });
  });

  context('when a private key is pasted into a form', () => {
    it('refuses the request with a readable page, and stores and logs nothing', async () => {
      clock.now = new Date('2026-02-01T09:00:00Z');
      const dan = await as(http.url, 'dcc-dan');
      const [entries, docs] = [await size(), await documents()];
      const posted = await dan.post('/ui/requests', requestForm(tcosKey, `Our notes\n${privateKeyPem()}`), { csrfFrom: '/ui/requests/new' });
      // Back to the form (POST/redirect/GET), with everything typed but the field that held the key.
      expect([posted.status, posted.location]).to.deep.equal([303, '/ui/requests/new#form-error']);
      const res = await dan.get('/ui/requests/new');
      expect(res.status).to.equal(422);
      expect(res.contentType).to.contain('text/html');
      expect(res.text).to.contain('Shut down the TCoS service: its Change-of-Supplier signing moves to the ECoS Party.');
      expect(res.text).to.contain('value="REQ-2026-001-security-case.txt"');
      expect(res.text).to.contain('Cleared because it held private key material: <strong>evidenceText</strong>');
      expect(res.text).not.to.contain('Our notes');
      expect(res.text).to.contain('Private key material refused');
      expect(res.text).to.contain('Nothing you sent was stored or logged');
      expect(res.text).not.to.contain('PRIVATE KEY-----\n');
      expect([await size(), await documents()]).to.deep.equal([entries, docs]);
      expect((await dan.get(REQUEST_PATH)).status).to.equal(404);
    });
  });

  context('when a form comes without its CSRF token', () => {
    it('is refused with 403 and changes nothing', async () => {
      clock.now = new Date('2026-02-01T09:00:00Z');
      const dan = await as(http.url, 'dcc-dan');
      const before = await size();
      const res = await dan.post('/ui/requests', requestForm(tcosKey), { csrf: false });
      expect(res.status).to.equal(403);
      expect(res.text).to.contain('Form expired');
      expect(await size()).to.equal(before);
    });
  });

  context('when the pages take over the CSRF check under /ui', () => {
    it('still refuses a cookie-authenticated API call without X-CSRF-Token, and checks /UI spelled in capitals', async () => {
      clock.now = new Date('2026-02-01T09:00:00Z');
      const dan = await as(http.url, 'dcc-dan');
      const api = await dan.post('/api/v1/requests/REQ-X/submission', { revisionHash: 'x' }, { csrf: false });
      expect(api.status).to.equal(403);
      expect(api.contentType).to.contain('application/problem+json');
      const capitals = await dan.post('/UI/requests', requestForm(tcosKey), { csrf: false });
      expect(capitals.status).to.equal(403);
      expect((await kg.approvals.listRequests()).length).to.equal(0);
    });
  });

  context('when a role is not allowed an operation', () => {
    it('answers 403 pages from the same table as the API', async () => {
      await toVoting(http.url, clock, tcosKey);
      const dan = await as(http.url, 'dcc-dan');
      expect((await dan.get('/ui/admin/accounts')).status).to.equal(403);
      const vote = await dan.post(`${REQUEST_PATH}/votes`, { choice_transfer: 'approve', reasons_transfer: 'x' }, { csrfFrom: REQUEST_PATH });
      expect(vote.status).to.equal(403);
      expect(vote.text).to.contain('the dcc role may not do this');
      const admin = await as(http.url, 'secretary');
      expect((await admin.get('/ui/admin/accounts')).text).to.contain('dcc-dan');
      expect((await admin.get('/ui/admin/roster')).text).to.contain('pma-chair-2025');
    });
  });

  context('when the secretary keeps chair appointments and accounts', () => {
    it('records clearance and termination, creates a token shown once, revokes it and disables an account', async () => {
      const admin = await as(http.url, 'secretary');
      const roster = '/ui/admin/roster';
      expect((await admin.post('/ui/admin/appointments/ssc-chair-2025/clearance', { heldOn: '2026-01-04' }, { csrfFrom: roster })).location).to.equal(roster);
      expect((await admin.get(roster)).text).to.contain('held since 2026-01-04');
      const terminated = await admin.post('/ui/admin/appointments/ssc-chair-2025/termination', { on: '2026-01-05', basis: 'resignation', reference: 'Letter 2026-01' }, { csrfFrom: roster });
      expect(terminated.status).to.equal(303);
      expect((await admin.get(roster)).text).to.contain('2026-01-05 (resignation, Letter 2026-01)');

      const accounts = await admin.get('/ui/admin/accounts');
      const row = accounts.text.split('<tr>').find((r) => r.includes('<th scope="row">dcc-dora</th>')) ?? '';
      const id = /\/ui\/admin\/accounts\/(acc_[0-9a-f]+)\/disable/.exec(row)?.[1];
      expect(id).to.be.a('string');
      const created = await admin.post(`/ui/admin/accounts/${id}/tokens`, { name: 'laptop' }, { csrfFrom: '/ui/admin/accounts' });
      const secret = /kgt_[A-Za-z0-9_-]{43}/.exec(created.text)?.[0];
      expect(secret).to.be.a('string');
      const me = () => fetch(`${http.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
      expect(await me()).to.equal(200);
      const tokenId = /laptop <code>(tok_[0-9a-f]+)<\/code>/.exec((await admin.get('/ui/admin/accounts')).text)?.[1];
      expect(tokenId).to.be.a('string');
      expect((await admin.post(`/ui/admin/accounts/${id}/tokens/${tokenId}/revoke`, {}, { csrfFrom: '/ui/admin/accounts' })).status).to.equal(303);
      expect(await me()).to.equal(401);
      expect((await admin.post(`/ui/admin/accounts/${id}/disable`, {}, { csrfFrom: '/ui/admin/accounts' })).status).to.equal(303);
      expect((await new PageClient(http.url).login('dcc-dora')).status).to.equal(401);

      const member = await as(http.url, 'spec-sam');
      expect((await member.post('/ui/admin/appointments/pma-chair-2025/termination', { on: '2026-01-05', basis: 'resignation', reference: 'x' })).status).to.equal(403);
    });
  });

  context('when an auditor checks the log', () => {
    it('shows entries, verifies an inclusion proof and a consistency proof, flags a forged checkpoint, and exports', async () => {
      await toVoting(http.url, clock, tcosKey);
      const auditor = await as(http.url, 'auditor');
      const n = await size();
      expect((await auditor.get('/ui/log')).text).to.contain(`Tree size <strong>${n}</strong>`);
      expect((await auditor.get(`/ui/log?subjectId=REQ-2026-001`)).text).to.contain('request.voting_opened');
      expect((await auditor.get(`/ui/log/entries/${n - 1}`)).text).to.contain('✓ Verified');
      expect((await auditor.get('/ui/log/verify?old=1')).text).to.contain('✓ Verified');
      const earlier = (await kg.logStore.checkpointAt(1))!.note;
      const forged = earlier.replace(/^(.+\n)1\n/, '$12\n');
      const bad = await auditor.post('/ui/log/verify', { checkpoint: forged }, { csrfFrom: '/ui/log/verify' });
      expect(bad.text).to.contain('✗ Verification failed');
      const jsonl = await auditor.get(`/ui/log/export/entries.jsonl?size=${n}`);
      expect(jsonl.text.split('\n').filter((l) => l !== '')).to.have.length(n);
    });
  });
});
