// The pages with the real app: sign-in, the TCoS-to-ECoS request through the forms, and the
// refusals the issue names (a conflicted member cannot vote, a private key is refused and
// nothing is kept, a form without its CSRF token is refused).
import { expect } from 'chai';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/http/app.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { PageClient } from './page-client.ts';
import { REQUEST_PATH, as, castApprovals, decideAndExecute, privateKeyPem, requestForm, toVoting } from './flow.ts';
import { seedWorld } from './fixture.ts';
import type { SeededWorld } from './fixture.ts';

describe('pages', function () {
  this.timeout(120_000);
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
      expect((await c.get('/ui/log')).location).to.equal('/ui/login');
      const wrong = await c.login('dcc-dan', 'not the password at all');
      expect(wrong.status).to.equal(401);
      expect(wrong.text).to.contain('The username or password is wrong');
      expect((await c.get('/ui')).location).to.equal('/ui/login');
    });

    it('refuses a login post without the login form token', async () => {
      const res = await fetch(`${http.url}/ui/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=dcc-dan&password=x', redirect: 'manual' });
      expect(res.status).to.equal(403);
      expect(await res.text()).to.contain('the login form has expired');
    });
  });

  context('when the TCoS key moves to the ECoS Party through the forms', () => {
    it('shows each role what awaits it, the request with its certificate, votes, decision and timeline, and ends executed', async () => {
      await toVoting(http.url, clock, tcosKey);
      const sam = await as(http.url, 'spec-sam');
      expect((await sam.get('/ui')).text).to.contain('Cast your votes: 0 of 3 subjects done.');
      await castApprovals(http.url, clock);
      const clara = await as(http.url, 'chair-clara');
      const dashboard = (await clara.get('/ui')).text;
      expect(dashboard).to.contain('Check the tally and close voting.');
      const page = (await clara.get(REQUEST_PATH)).text;
      expect(page).to.contain('Quorum progress: 3 of 3 votes');
      expect(page).to.contain('✓ Pass');
      expect(page).to.match(/sup-eve<\/code>: affiliated target/);
      expect(page).to.contain('REQ-2026-001-security-case.txt');
      expect(page).to.contain('support with conditions');
      await decideAndExecute(http.url, clock);

      const auditor = await as(http.url, 'auditor');
      const done = (await auditor.get(REQUEST_PATH)).text;
      expect(done).to.contain('state-executed');
      expect(done).to.contain('Decision: <span class="state state-approved">approved</span>');
      expect(done).to.contain('Nothing for you to do on this request now.');
      // One timeline row per entry about the request, each with its inclusion proof link.
      const rows = [...done.matchAll(/<tr><td>(\d+)<\/td><td>[^<]*<\/td><td>([^<]+)<\/td>/g)].map((m) => m[2]);
      expect(rows).to.deep.equal(['created', 'submitted', 'consultation opened', 'advice recorded', 'voting opened', ...Array(9).fill('vote cast'), 'decided', 'condition met', 'executed']);
      expect([...done.matchAll(/href="\/ui\/log\/entries\/\d+"/g)]).to.have.length(17);
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
      expect(forced.status).to.equal(422);
      expect(forced.text).to.contain('is recused from request REQ-2026-001 (declared conflict)');
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
      const res = await dan.post('/ui/requests', requestForm(tcosKey, `Our notes\n${privateKeyPem()}`), { csrfFrom: '/ui/requests/new' });
      expect(res.status).to.equal(422);
      expect(res.contentType).to.contain('text/html');
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
