// The TCoS-to-ECoS transfer over HTTP, by the people whose roles it needs, on both engines; then
// the workflow's other paths (amendment, questions, waived advice, withdrawal, revocation, roster
// and account changes). Every answer is checked against its documented schema by the client. The
// coverage test runs the main scenario and the side paths itself, on a fresh deployment, so it
// holds whatever other tests ran (or were skipped) before it.
import path from 'node:path';
import { expect } from 'chai';
import { verifyCheckpoint } from '../../../audit/checkpoint.ts';
import { toKeyId } from '../../../approvals/index.ts';
import { parseVerifierKey } from '../../../audit/note.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { DOCUMENTED_OPERATIONS } from '../../../server/http/routes/index.ts';
import { P, WHO } from '../../approvals/cast.ts';
import { revision } from '../../approvals/fixtures.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { forEachEngine, tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { orgCert } from '../../pki/fixtures.ts';
import { Api } from './api-client.ts';
import type { Caller } from './api-client.ts';
import { b64, castAccounts, setUpWorldOverHttp } from './http-cast.ts';
import type { Cast } from './http-cast.ts';
import { sidePaths } from './side-paths.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

type Event = { action: string; data: { revisionHash: string; keyId: string } };
type Attachment = { sha256: string; size: number; name: string };

async function upload(api: Api, who: Caller, name: string, content = `${name}: evidence text`): Promise<Attachment> {
  return api.ok<Attachment>('uploadDocument', who, { query: { name }, raw: { content: Buffer.from(content), contentType: 'text/plain' } });
}

export async function runTcosToEcosOverHttp(api: Api, cast: Cast, clock: Clock, tcosKey: string): Promise<string> {
  const id = 'REQ-2026-001';
  const req = { params: { requestId: id } };
  clock.now = new Date('2026-02-01T09:00:00Z');
  const securityCase = await upload(api, cast.dan, `${id}-security-case.txt`);
  const content = { ...revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos }), attachments: [securityCase] };
  const created = await api.ok<Event>('createRequest', cast.dan, { body: { requestId: id, revision: content } });
  const h = created.data.revisionHash;
  // Separation of duties: the secretariat cannot submit.
  expect((await api.problem('submitRequest', cast.admin, { ...req, body: { revisionHash: h } })).code).to.equal('forbidden');
  await api.ok('submitRequest', cast.dan, { ...req, body: { revisionHash: h } });
  await api.ok('openConsultation', cast.clara, { ...req, body: { revisionHash: h } });

  clock.now = new Date('2026-02-09T15:00:00Z');
  const advice = { revisionHash: h, position: 'support_with_conditions', text: 'The SSC supports the transfer.', conditions: ['The CIO reviews the HSM audit logs of the export.'], documents: [] };
  await api.ok('recordAdvice', cast.sol, { ...req, body: advice });
  await api.ok('openVoting', cast.clara, { ...req, body: { revisionHash: h } });

  clock.now = new Date('2026-02-10T10:00:00Z');
  const vote = (subject: string, choice: string) => ({ ...req, body: { revisionHash: h, subject, choice, reasons: `${choice}.`, conditions: [] } });
  // Eve works for the ECoS Party (the target): the rules recuse her. Wes declares a conflict.
  expect((await api.problem('castVote', cast.eve, vote('transfer', 'approve'))).code).to.equal('voter-recused');
  await api.ok('declareConflict', cast.wes, { ...req, body: { reason: 'Consultancy for the TCoS host in 2025.' } });
  expect((await api.problem('castVote', cast.wes, vote('transfer', 'approve'))).code).to.equal('voter-recused');
  // Neither the DCC nor the secretariat may vote.
  for (const who of [cast.dan, cast.admin, cast.auditor]) expect((await api.problem('castVote', who, vote('transfer', 'approve'))).code).to.equal('forbidden');
  for (const subject of ['transfer', 'mechanism', 'recipient_security']) {
    for (const who of [cast.sam, cast.una, cast.vic]) await api.ok('castVote', who, vote(subject, 'approve'));
  }
  await api.ok('castVote', cast.vic, vote('mechanism', 'reject'));
  await api.ok('castVote', cast.vic, vote('mechanism', 'approve'));

  clock.now = new Date('2026-02-11T16:00:00Z');
  const decided = await api.ok<{ data: { outcome: string } }>('decideRequest', cast.clara, {
    ...req,
    body: { revisionHash: h, conditions: [{ conditionId: 'c1', text: 'The CIO reviews the HSM audit logs of the export.' }], departureReason: null },
  });
  expect(decided.data.outcome).to.equal('approved');

  clock.now = new Date('2026-03-05T12:00:00Z');
  const minutes = await upload(api, cast.dan, 'ceremony-minutes.txt');
  const execution = (certificate: Uint8Array) => ({ ...req, body: { executedAt: '2026-03-05T10:00:00Z', evidence: [minutes], recipientCertificate: b64(certificate) } });
  const recipient = orgCert(5, { eui: '90B3D51F3000EC01' });
  expect((await api.problem('recordExecution', cast.dan, execution(recipient))).code).to.equal('conditions-not-met');
  const review = await upload(api, cast.clara, 'cio-review.txt');
  await api.ok('markConditionMet', cast.clara, { params: { requestId: id, conditionId: 'c1' }, body: { evidence: [review], note: 'Reviewed.' } });
  expect((await api.problem('recordExecution', cast.dan, execution(orgCert(4)))).code).to.equal('recipient-key-mismatch');
  await api.ok('recordExecution', cast.dan, execution(recipient));
  return id;
}

/** What the roles and the auditor see once the main scenario has run. */
async function checkTcosToEcosOutcome(api: Api, cast: Cast, kg: Keygate, id: string, tcosKey: string): Promise<void> {
  const request = await api.ok<{ state: string; decision: { tally: { recused: { personId: string }[] } } }>('getRequest', cast.auditor, { params: { requestId: id } });
  expect(request.state).to.equal('completed');
  expect(request.decision.tally.recused.map((r) => r.personId).sort()).to.deep.equal([WHO.eve, WHO.wes]);
  const keys = await api.ok<{ id: string; holderId: string }[]>('listKeys', cast.auditor);
  expect(keys.find((k) => k.id === tcosKey)?.holderId).to.equal(P.ecos);
  expect((await api.ok<{ id: string }[]>('listRequests', cast.sam, { query: { status: 'completed' } })).map((r) => r.id)).to.deep.equal([id]);
  expect(await api.ok<unknown[]>('listRequests', cast.sam, { query: { status: 'draft,voting' } })).to.deep.equal([]);
  const [attachment] = (await api.ok<{ revisions: { content: { attachments: { sha256: string }[] } }[] }>('getRequest', cast.dan, { params: { requestId: id } })).revisions[0]!.content.attachments;
  const download = await api.call('downloadDocument', cast.auditor, { params: { sha256: attachment!.sha256 } });
  expect(download.text).to.equal(`${id}-security-case.txt: evidence text`);
  expect(download.headers.get('content-disposition')).to.equal(`attachment; filename=${id}-security-case.txt`);

  // The auditor reads the log and checks its checkpoint with the verifier key.
  const key = (await api.call('getLogKey', cast.auditor)).text.trim();
  const note = (await api.call('getLogCheckpoint', cast.auditor)).text;
  const { treeSize } = verifyCheckpoint(note, parseVerifierKey(key), kg.log.origin);
  const page = await api.ok<{ entries: { entry: { action: string } }[] }>('listLogEntries', cast.auditor, { query: { start: '0', end: String(treeSize) } });
  const actions = page.entries.map((e) => e.entry.action);
  expect(actions.filter((a) => a === 'request.vote_cast')).to.have.length(11);
  expect(actions.at(-1)).to.equal('request.executed');
  await api.ok('getInclusionProof', cast.auditor, { query: { index: String(treeSize - 1) } });
  // The same log as C2SP tiles: the level-0 hash tile and the entry bundle holding the first entries.
  const tileIndex = treeSize >= 256 ? '000' : `000.p/${treeSize}`;
  expect((await api.call('getLogTile', cast.auditor, { params: { level: '0', index: tileIndex } })).status).to.equal(200);
  expect((await api.call('getLogEntryBundle', cast.auditor, { params: { index: tileIndex } })).status).to.equal(200);
  await api.ok('getConsistencyProof', cast.auditor, { query: { old: '1' } });
}

/** The main scenario and its checks on a fresh SQLite deployment, recording into `succeeded`. */
async function tcosToEcosOnSqlite(succeeded: Set<string>): Promise<void> {
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'keygate.sqlite') }), { clock: () => clock.now });
  const http = await serve(createApp(kg, silentLogger));
  try {
    const api = new Api(http.url, succeeded);
    const cast = await castAccounts(kg);
    const { tcosKey } = await setUpWorldOverHttp(api, cast);
    const id = await runTcosToEcosOverHttp(api, cast, clock, tcosKey);
    await checkTcosToEcosOutcome(api, cast, kg, id, tcosKey);
  } finally {
    await http.close();
    await kg.close();
  }
}

describe('HTTP API: the approval workflow', function () {
  this.timeout(machineLimit(240_000));

  forEachEngine((engine) => {
    let kg: Keygate;
    let http: Served;
    let api: Api;
    let cast: Cast;
    const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };

    beforeEach(async () => {
      clock.now = new Date('2026-01-05T09:00:00Z');
      kg = await openKeygate(testConfig(await engine.newDatabase()), { clock: () => clock.now });
      http = await serve(createApp(kg, silentLogger));
      api = new Api(http.url);
      cast = await castAccounts(kg);
    });
    afterEach(async () => {
      await http.close();
      await kg.close();
    });

    context('when the TCoS key moves to the ECoS Party', () => {
      it('is set up, requested, advised, voted, decided and executed by the roles in turn, and the log shows it', async () => {
        const { tcosKey } = await setUpWorldOverHttp(api, cast);
        const id = await runTcosToEcosOverHttp(api, cast, clock, tcosKey);

        await checkTcosToEcosOutcome(api, cast, kg, id, tcosKey);
      });
    });
  });

  context('on the main scenario and the paths it does not take', () => {
    it('amends, asks, waives advice, withdraws, revokes, keeps the roster, providers, anchors and accounts, and receives the documented success answer of every documented operation', async () => {
      const succeeded = new Set<string>();
      await tcosToEcosOnSqlite(succeeded);
      await sidePaths(succeeded);
      const missing = DOCUMENTED_OPERATIONS.map((o) => o.operationId).filter((op) => !succeeded.has(op));
      expect(missing).to.deep.equal([]);
    });
  });
});
