// Issue 13, items 8-10 and 13 over HTTP on SQLite: what happens after and around a decision.
// Post-execution conditions keep an executed request open until the DCC records them met, and an
// overdue one is flagged in the log; the pure rules' own tests are in test/approvals.
import path from 'node:path';
import { expect } from 'chai';
import { toKeyId } from '../../../approvals/index.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { P } from '../../approvals/cast.ts';
import { revision } from '../../approvals/fixtures.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';
import { orgCert } from '../../pki/fixtures.ts';
import { Api } from './api-client.ts';
import type { Caller } from './api-client.ts';
import { b64, castAccounts, setUpWorldOverHttp } from './http-cast.ts';
import type { Cast } from './http-cast.ts';

type Event = { action: string; data: { revisionHash: string } };
type Attachment = { sha256: string; size: number; name: string };
type RequestBody = { state: string; overdue?: { conditionId: string }[]; adjournments?: { meeting: { name: string } }[]; revisions: { hash: string }[]; decision: { outcome: string } | null };
type ClosedEvent = { action: string; data: { quorumBase: number; quorumRequired: number } };

interface World {
  readonly api: Api;
  readonly cast: Cast;
  readonly clock: Clock;
  readonly tcosKey: string;
}

async function upload(api: Api, who: Caller, name: string): Promise<Attachment> {
  return api.ok<Attachment>('uploadDocument', who, { query: { name }, raw: { content: Buffer.from(`${name}: evidence text`), contentType: 'text/plain' } });
}

/** Creates and submits a request for the TCoS key, waives advice and opens voting; returns the revision hash. */
async function toVoting(w: World, id: string): Promise<string> {
  const { api, cast } = w;
  const req = { params: { requestId: id } };
  const attachments = [await upload(api, cast.dan, `${id}-security-case.txt`)];
  const content = { ...revision({ keyId: toKeyId(w.tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos }), attachments };
  const h = (await api.ok<Event>('createRequest', cast.dan, { body: { requestId: id, revision: content } })).data.revisionHash;
  await api.ok('submitRequest', cast.dan, { ...req, body: { revisionHash: h } });
  await api.ok('waiveAdvice', cast.clara, { ...req, body: { revisionHash: h, reason: 'The SSC advised on the same mechanism in 2025.' } });
  await api.ok('openVoting', cast.clara, { ...req, body: { revisionHash: h } });
  return h;
}

async function voteAll(w: World, id: string, h: string, choices: Record<string, string> = {}): Promise<void> {
  const req = { params: { requestId: id } };
  for (const subject of ['transfer', 'mechanism', 'recipient_security']) {
    const choice = choices[subject] ?? 'approve';
    for (const who of [w.cast.sam, w.cast.una, w.cast.vic]) await w.api.ok('castVote', who, { ...req, body: { revisionHash: h, subject, choice, reasons: `${choice}: the case says so.`, conditions: [] } });
  }
}

const getRequest = (w: World, id: string) => w.api.ok<RequestBody>('getRequest', w.cast.auditor, { params: { requestId: id } });

describe('HTTP API: workflow after the decision', function () {
  this.timeout(machineLimit(240_000));
  let kg: Keygate;
  let http: Served;
  let w: World;

  beforeEach(async () => {
    const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'keygate.sqlite') }), { clock: () => clock.now });
    http = await serve(createApp(kg, silentLogger));
    const api = new Api(http.url);
    const cast = await castAccounts(kg);
    const { tcosKey } = await setUpWorldOverHttp(api, cast);
    clock.now = new Date('2026-02-01T09:00:00Z');
    w = { api, cast, clock, tcosKey };
  });
  afterEach(async () => {
    await http.close();
    await kg.close();
  });

  context('when the approval has a condition due after execution (item 8)', () => {
    it('stays executed after the transfer, is flagged overdue in the log, and completes when the DCC records the confirmation', async () => {
      const id = 'REQ-AFTER-1';
      const req = { params: { requestId: id } };
      const h = await toVoting(w, id);
      await voteAll(w, id, h);
      const destroy = { conditionId: 'c1', text: 'The TCoS host destroys its copy under witness.', phase: 'after_execution', dueWithinHours: 24 };
      await w.api.ok('decideRequest', w.cast.clara, { ...req, body: { revisionHash: h, conditions: [destroy], departureReason: null } });
      w.clock.now = new Date('2026-03-05T12:00:00Z');
      const minutes = await upload(w.api, w.cast.dan, 'ceremony-minutes.txt');
      await w.api.ok('recordExecution', w.cast.dan, { ...req, body: { executedAt: '2026-03-05T10:00:00Z', evidence: [minutes], recipientCertificate: b64(orgCert(5, { eui: '90B3D51F3000EC01' })) } });
      expect((await getRequest(w, id)).state).to.equal('executed');
      const confirmation = { params: { requestId: id, conditionId: 'c1' }, body: { evidence: [minutes], note: 'The TCoS host confirms destruction under witness.' } };
      expect((await w.api.problem('confirmObligation', w.cast.clara, confirmation)).code).to.equal('forbidden');
      expect(await kg.approvals.flagOverdue()).to.deep.equal([]);
      w.clock.now = new Date('2026-03-06T10:00:01Z');
      expect(await kg.approvals.flagOverdue()).to.deep.equal([{ requestId: id, conditionId: 'c1' }]);
      expect(await kg.approvals.flagOverdue()).to.deep.equal([]);
      expect((await getRequest(w, id)).overdue?.map((o) => o.conditionId)).to.deep.equal(['c1']);
      const evidence = await upload(w.api, w.cast.dan, 'destruction-certificate.txt');
      const event = await w.api.ok<Event>('confirmObligation', w.cast.dan, { ...confirmation, body: { ...confirmation.body, evidence: [evidence] } });
      expect(event.action).to.equal('request.obligation_confirmed');
      expect((await getRequest(w, id)).state).to.equal('completed');
      expect((await w.api.problem('confirmObligation', w.cast.dan, confirmation)).code).to.equal('state-terminal');
    });
  });

  context('when recusals leave too few members for quorum (item 9)', () => {
    it('refuses to close while quorum is reachable, adjourns to a named meeting, closes as no_decision once it is not, and the DCC resubmits', async () => {
      const id = 'REQ-NOQUORUM-1';
      const req = { params: { requestId: id } };
      const h = await toVoting(w, id);
      const close = { ...req, body: { revisionHash: h, reason: 'Too many members are recused to reach quorum.' } };
      // Eve is recused by her affiliation with the target; five members can still vote.
      expect((await w.api.problem('closeNoDecision', w.cast.clara, close)).code).to.equal('quorum-reachable');
      expect((await w.api.problem('closeNoDecision', w.cast.dan, close)).code).to.equal('forbidden');
      for (const who of [w.cast.sam, w.cast.una, w.cast.vic]) await w.api.ok('declareConflict', who, { ...req, body: { reason: 'Consultancy for the TCoS host in 2025.' } });
      const meeting = { name: 'PMA meeting 2026-03', date: '2026-03-01' };
      await w.api.ok('adjournVote', w.cast.clara, { ...req, body: { revisionHash: h, meeting, reason: 'Awaiting new members.' } });
      expect((await getRequest(w, id)).adjournments?.map((a) => a.meeting.name)).to.deep.equal([meeting.name]);
      const closed = await w.api.ok<ClosedEvent>('closeNoDecision', w.cast.clara, close);
      expect([closed.action, closed.data.quorumBase, closed.data.quorumRequired]).to.deep.equal(['request.closed_no_decision', 2, 3]);
      expect((await getRequest(w, id)).state).to.equal('no_decision');
      const attachments = [await upload(w.api, w.cast.dan, `${id}-security-case-2.txt`)];
      const content = { ...revision({ keyId: toKeyId(w.tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos }), attachments, rationale: 'Resubmitted for the renewed PMA.' };
      await w.api.ok('amendRequest', w.cast.dan, { ...req, body: { revision: content } });
      expect((await getRequest(w, id)).state).to.equal('submitted');
    });
  });
});
