// The workflow rules as the PMA runs them, over HTTP on SQLite: each rule the first version let
// through is refused through the API, with its documented problem code, and the state stays as it
// was. The pure rules' own tests are in test/approvals.
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
import { CN, OU, makeCa, orgCert } from '../../pki/fixtures.ts';
import { Api } from './api-client.ts';
import type { Caller } from './api-client.ts';
import { b64, castAccounts, setUpWorldOverHttp } from './http-cast.ts';
import type { Cast } from './http-cast.ts';

type Event = { data: { revisionHash: string } };
type Attachment = { sha256: string; size: number; name: string };
type RevisionOverrides = Partial<ReturnType<typeof revision>>;

async function upload(api: Api, who: Caller, name: string): Promise<Attachment> {
  return api.ok<Attachment>('uploadDocument', who, { query: { name }, raw: { content: Buffer.from(`${name}: evidence text`), contentType: 'text/plain' } });
}

interface World {
  readonly api: Api;
  readonly cast: Cast;
  readonly clock: Clock;
  readonly tcosKey: string;
  readonly acbKey: string;
}

/** Creates and submits a request for the TCoS key, waives advice and opens voting; returns the revision hash. */
async function toVoting(w: World, id: string, overrides: RevisionOverrides = {}): Promise<string> {
  const { api, cast } = w;
  const req = { params: { requestId: id } };
  const attachments = [await upload(api, cast.dan, `${id}-security-case.txt`)];
  const content = { ...revision({ keyId: toKeyId(w.tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos }), attachments, ...overrides };
  const h = (await api.ok<Event>('createRequest', cast.dan, { body: { requestId: id, revision: content } })).data.revisionHash;
  await api.ok('submitRequest', cast.dan, { ...req, body: { revisionHash: h } });
  await api.ok('waiveAdvice', cast.clara, { ...req, body: { revisionHash: h, reason: 'The SSC advised on the same mechanism in 2025.' } });
  await api.ok('openVoting', cast.clara, { ...req, body: { revisionHash: h } });
  return h;
}

async function approve(w: World, id: string, h: string): Promise<void> {
  const { api, cast } = w;
  const req = { params: { requestId: id } };
  for (const subject of ['transfer', 'mechanism', 'recipient_security']) {
    for (const who of [cast.sam, cast.una, cast.vic]) await api.ok('castVote', who, { ...req, body: { revisionHash: h, subject, choice: 'approve', reasons: 'The case holds.', conditions: [] } });
  }
  await api.ok('decideRequest', cast.clara, { ...req, body: { revisionHash: h, conditions: [], departureReason: null } });
}

async function keyHolder(w: World): Promise<string | undefined> {
  const keys = await w.api.ok<{ id: string; holderId: string }[]>('listKeys', w.cast.auditor);
  return keys.find((k) => k.id === w.tcosKey)?.holderId;
}

describe('HTTP API: workflow rules', function () {
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
    const { tcosKey, acbKey } = await setUpWorldOverHttp(api, cast);
    clock.now = new Date('2026-02-01T09:00:00Z');
    w = { api, cast, clock, tcosKey, acbKey };
  });
  afterEach(async () => {
    await http.close();
    await kg.close();
  });

  context('when the recipient certificate is for the key but not one the approval allows', () => {
    it('refuses a certificate from an unregistered CA, another role or another party, and the key stays with its holder', async () => {
      const id = 'REQ-RULES-1';
      const h = await toVoting(w, id, { recipientCertificate: { role: 5, eui: '90B3D51F3000EC01' } });
      await approve(w, id, h);
      w.clock.now = new Date('2026-03-05T12:00:00Z');
      const minutes = await upload(w.api, w.cast.dan, 'ceremony-minutes.txt');
      const execution = (certificate: Uint8Array) => ({ params: { requestId: id }, body: { executedAt: '2026-03-05T10:00:00Z', evidence: [minutes], recipientCertificate: b64(certificate) } });
      const rogue = makeCa('rogue-oca', [[OU, '07'], [CN, 'ROGUE-OCA']], null, { pathLength: 0 });
      const unregistered = orgCert(5, { eui: '90B3D51F3000EC01', keyLabel: 'org-5-ds', issuer: rogue });
      expect((await w.api.problem('recordExecution', w.cast.dan, execution(unregistered))).code).to.equal('recipient-certificate-invalid');
      expect((await w.api.problem('recordExecution', w.cast.dan, execution(orgCert(5, { eui: '90B3D51F30000999', keyLabel: 'org-5-ds' })))).code).to.equal('recipient-subject-mismatch');
      expect(await keyHolder(w)).to.equal(P.tcos);
      await w.api.ok('recordExecution', w.cast.dan, execution(orgCert(5, { eui: '90B3D51F3000EC01', keyLabel: 'org-5-ds' })));
      expect(await keyHolder(w)).to.equal(P.ecos);
    });
  });

  context('when a revision or a record cites a document that was never uploaded', () => {
    it('refuses it with document-not-stored or document-size-mismatch, and logs each upload once as document.stored', async () => {
      const { api, cast } = w;
      const stored = await upload(api, cast.dan, 'security-case.txt');
      const again = await upload(api, cast.dan, 'security-case.txt');
      expect(again).to.deep.equal(stored);
      const content = (attachments: Attachment[]) => ({ ...revision({ keyId: toKeyId(w.tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos }), attachments });
      const never = { sha256: 'ab'.repeat(32), size: 10, name: 'never-uploaded.pdf' };
      expect((await api.problem('createRequest', cast.dan, { body: { requestId: 'REQ-DOC-1', revision: content([never]) } })).code).to.equal('document-not-stored');
      expect((await api.problem('createRequest', cast.dan, { body: { requestId: 'REQ-DOC-1', revision: content([{ ...stored, size: stored.size + 1 }]) } })).code).to.equal('document-size-mismatch');
      await api.ok('createRequest', cast.dan, { body: { requestId: 'REQ-DOC-1', revision: content([stored]) } });
      const page = await api.ok<{ entries: { entry: { action: string; data: { sha256?: string; size?: number } } }[] }>('listLogEntries', cast.auditor, { query: { start: '0' } });
      const logged = page.entries.map((e) => e.entry).filter((e) => e.action === 'document.stored' && e.data.sha256 === stored.sha256);
      expect(logged.map((e) => e.data.size)).to.deep.equal([stored.size]);
    });
  });

  context('when a required text is blank', () => {
    it('refuses a waiver reason of spaces with text-too-short, naming the field and its minimum', async () => {
      const { api, cast } = w;
      const attachments = [await upload(api, cast.dan, 'REQ-TXT-security-case.txt')];
      const content = { ...revision({ keyId: toKeyId(w.tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos }), attachments };
      const h = (await api.ok<Event>('createRequest', cast.dan, { body: { requestId: 'REQ-TXT', revision: content } })).data.revisionHash;
      await api.ok('submitRequest', cast.dan, { params: { requestId: 'REQ-TXT' }, body: { revisionHash: h } });
      const problem = await api.problem('waiveAdvice', cast.clara, { params: { requestId: 'REQ-TXT' }, body: { revisionHash: h, reason: '          ' } });
      expect([problem.code, (problem as { evidence?: unknown }).evidence]).to.deep.equal(['text-too-short', { field: 'waiverReason', minimum: 10, length: 0 }]);
    });
  });
});
