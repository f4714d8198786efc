// The request page's forms and hints, and the dashboard's tasks, follow what the rules would accept
// now (approvals/next-steps.ts): the situations where they used not to.
import { expect } from 'chai';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { machineLimit } from '../../helpers/time-limits.ts';
import { REQUEST_PATH, as, castApprovals, expectRedirect, requestForm, toVoting } from './flow.ts';
import { seedWorld } from './fixture.ts';
import type { SeededWorld } from './fixture.ts';

describe('pages: next steps from the rules', function () {
  this.timeout(machineLimit(240_000));
  let kg: Keygate;
  let http: Served;
  let seeded: SeededWorld;
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };

  before(async () => {
    seeded = await seedWorld();
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

  const forms = (html: string) => [...html.matchAll(/<form method="post" action="\/ui\/requests\/[^/"]+\/([a-z-]+)"/g)].map((m) => m[1]);

  context('when a request is submitted and the SSC has nothing to do yet', () => {
    it('tells the SSC chair what the advice waits for, on the request page and the dashboard', async () => {
      clock.now = new Date('2026-02-01T09:00:00Z');
      const dan = await as(http.url, 'dcc-dan');
      expect((await dan.post('/ui/requests', requestForm(seeded.tcosKey), { csrfFrom: '/ui/requests/new' })).status).to.equal(303);
      expectRedirect(await dan.post(`${REQUEST_PATH}/submission`, {}, { csrfFrom: REQUEST_PATH }), 'submitted');
      const sol = await as(http.url, 'ssc-sol');
      const page = (await sol.get(REQUEST_PATH)).text;
      expect(forms(page)).to.deep.equal([]);
      expect(page).to.contain('<strong>Record the SSC&#39;s advice</strong>: after the PMA chair opens SSC consultation or opens voting.');
      expect((await sol.get('/ui')).text).to.contain('Record the SSC&#39;s advice: after the PMA chair opens SSC consultation or opens voting.');
    });
  });

  context('when the SSC has advised', () => {
    it('no longer offers the chair to record why advice is not sought', async () => {
      await toVoting(http.url, clock, seeded.tcosKey);
      const clara = await as(http.url, 'chair-clara');
      const page = (await clara.get(REQUEST_PATH)).text;
      expect(forms(page)).not.to.include('advice-waiver');
      expect(page).not.to.contain('Record why SSC advice is not sought');
      // Voting is open without quorum: closing it is not offered, and the page says why.
      expect(forms(page)).not.to.include('decision');
      expect(page).to.contain('<strong>Close voting and record the decision</strong>: not yet: no quorum: votes cast transfer 0 of 3');
    });
  });

  context('when the request is approved with a condition', () => {
    it('offers execution only inside the window with every condition met, and no condition form after the last', async () => {
      await toVoting(http.url, clock, seeded.tcosKey);
      await castApprovals(http.url, clock);
      clock.now = new Date('2026-02-11T16:00:00Z');
      const clara = await as(http.url, 'chair-clara');
      expectRedirect(await clara.post(`${REQUEST_PATH}/decision`, { conditions: 'The CIO reviews the HSM audit logs of the export.' }, { csrfFrom: REQUEST_PATH }), 'decided');

      const dan = await as(http.url, 'dcc-dan');
      const early = (await dan.get(REQUEST_PATH)).text;
      expect(forms(early)).to.deep.equal([]);
      expect(early).to.contain('<strong>Record the execution</strong>: not yet: 2026-02-11 16:00 UTC is outside the window 2026-03-01 00:00 UTC to 2026-03-20 00:00 UTC.');
      expect((await dan.get('/ui')).text).not.to.contain('Record the execution (window ends');

      clock.now = new Date('2026-03-05T09:00:00Z');
      const dan2 = await as(http.url, 'dcc-dan');
      const open = (await dan2.get(REQUEST_PATH)).text;
      expect(forms(open)).to.deep.equal([]);
      expect(open).to.contain('<strong>Record the execution</strong>: not yet: conditions not met: c1.');

      const clara2 = await as(http.url, 'chair-clara');
      expect(forms((await clara2.get(REQUEST_PATH)).text)).to.deep.equal(['conditions-met']);
      expectRedirect(await clara2.post(`${REQUEST_PATH}/conditions-met`, { conditionId: 'c1', note: 'Reviewed.', evidenceName: 'cio-review.txt', evidenceText: 'HSM logs reviewed.' }, { csrfFrom: REQUEST_PATH }), 'condition');
      expect(forms((await clara2.get(REQUEST_PATH)).text)).to.deep.equal([]);
      expect((await clara2.get('/ui')).text).not.to.contain('decision condition(s) as met');

      expect(forms((await dan2.get(REQUEST_PATH)).text)).to.deep.equal(['execution']);
      expect((await dan2.get('/ui')).text).to.contain('Record the execution (window ends 2026-03-20 00:00 UTC).');
    });
  });
});
