import { spawn } from 'node:child_process';
import nodeCrypto from 'node:crypto';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { toRequestId } from '../../approvals/index.ts';
import type { Attachment, KeyId } from '../../approvals/index.ts';
import { openKeygate } from '../../server/compose.ts';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import { revision, pmaChair, sscChair } from '../approvals/fixtures.ts';
import { P, WHO } from '../approvals/cast.ts';
import { setUpWorld } from '../helpers/approval-scenario.ts';
import type { Clock } from '../helpers/approval-scenario.ts';
import { createPrincipal } from '../helpers/auth.ts';
import { tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { testConfig } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

/** Runs the CLI without blocking the event loop: the server under test is in this process. */
function keygate(args: string[], env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (status) => resolve({ status, out }));
  });
}

describe('keygate request and vote (CLI over the API)', function () {
  this.timeout(machineLimit(240_000));
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  let kg: Keygate;
  let http: Served;

  let keys: Promise<{ tcosKey: KeyId; acbKey: KeyId }> | null = null;
  /** The world, set up once by whichever test needs it first. */
  const worldKeys = () => (keys ??= setUpWorld(kg, clock));

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }), { clock: () => clock.now });
    http = await serve(createApp(kg, silentLogger));
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  it('submits a request from a file, shows it, and casts a vote', async () => {
    const { tcosKey } = await worldKeys();
    clock.now = new Date('2026-02-01T09:00:00Z');
    const dcc = await createPrincipal(kg, { role: 'dcc', personId: WHO.dan });
    const member = await createPrincipal(kg, { role: 'pma_member', personId: WHO.sam });
    const file = path.join(tempDir(), 'request.json');
    fs.writeFileSync(file, JSON.stringify({ requestId: 'REQ-CLI-1', revision: revision({ keyId: tcosKey, sourceProviderId: P.tcos, targetProviderId: P.ecos, attachments: [] }) }));

    const asDcc = { KEYGATE_URL: http.url, KEYGATE_TOKEN: dcc.token };
    const submitted = await keygate(['request', 'submit', file], asDcc);
    expect(submitted.out).to.match(/^REQ-CLI-1: submitted/);
    expect(submitted.status).to.equal(0);

    const id = toRequestId('REQ-CLI-1');
    const hash = (await kg.approvals.getRequest(id)).revisions.at(-1)!.hash;
    await kg.approvals.execute({ action: 'request.consultation_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: hash } });
    await kg.approvals.execute({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: id, revisionHash: hash, position: 'support', text: 'The SSC supports it.', conditions: [], documents: [] } });
    await kg.approvals.execute({ action: 'request.voting_opened', actor: pmaChair(WHO.clara), data: { requestId: id, revisionHash: hash } });

    const asMember = { KEYGATE_URL: http.url, KEYGATE_TOKEN: member.token };
    const vote = await keygate(['vote', 'REQ-CLI-1', '--subject', 'mechanism', '--choice', 'approve', '--reasons', 'Dual control.'], asMember);
    expect(vote.status, vote.out).to.equal(0);
    const shown = await keygate(['request', 'show', 'REQ-CLI-1'], asMember);
    expect(shown.out).to.match(/^ {4}mechanism: approve 1, reject 0, abstain 0$/m);

    // The DCC cannot vote: the server says so, and the CLI exits 1 with the code.
    const refused = await keygate(['vote', 'REQ-CLI-1', '--subject', 'transfer', '--choice', 'approve', '--reasons', 'x'], asDcc);
    expect(refused.status).to.equal(1);
    expect(refused.out).to.match(/forbidden/);
  });

  it('refuses a request file holding a private key before sending anything', async () => {
    const crypto = await import('node:crypto');
    const pem = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const file = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ requestId: 'REQ-CLI-2', revision: { rationale: pem } }));
    const before = (await kg.log.latestCheckpoint()).treeSize;
    const r = await keygate(['request', 'submit', file], { KEYGATE_URL: http.url, KEYGATE_TOKEN: 'kgt_unused' });
    expect(r.status).to.equal(1);
    expect(r.out).to.match(/private-key-material/);
    expect(r.out).to.not.match(/BEGIN/);
    expect((await kg.log.latestCheckpoint()).treeSize).to.equal(before);
  });

  context('request submit --attach', () => {
    const documentCount = async () => Number((await kg.db.knex('documents').count({ n: '*' }))[0]?.n ?? 0);
    const sha256 = (bytes: Buffer) => nodeCrypto.createHash('sha256').update(bytes).digest('hex');

    async function requestFile(requestId: string, attachments: Attachment[] = []): Promise<string> {
      const { acbKey } = await worldKeys();
      const file = path.join(tempDir(), `${requestId}.json`);
      fs.writeFileSync(file, JSON.stringify({ requestId, revision: revision({ keyId: acbKey, sourceProviderId: P.dsp, targetProviderId: P.dspNext, programme: 'network_evolution_dsp', recipientSecurity: { sectionGStatement: 'Prospective DSP systems.', assessmentReferences: [], prospectiveChangesConsidered: 'Yes.', recipientProspective: true }, attachments }) }));
      return file;
    }

    it('uploads each file and cites its SHA-256 and size after the attachments the file names', async () => {
      const dcc = await createPrincipal(kg, { role: 'dcc', personId: WHO.dan });
      const dir = tempDir();
      const caseText = Buffer.from('Security case for the Network Evolution DSP.\n');
      const minutes = Buffer.from([0x4b, 0x43, 0x00, 0xff, 0x10, 0x20, 0x0d, 0x0a]);
      fs.writeFileSync(path.join(dir, 'security-case.txt'), caseText);
      fs.writeFileSync(path.join(dir, 'minutes.bin'), minutes);
      const earlier = await kg.approvals.storeDocument({ id: WHO.dan, role: 'dcc' }, { content: Buffer.from('earlier evidence'), name: 'earlier.txt', mediaType: 'text/plain' });
      const file = await requestFile('REQ-CLI-ATTACH-1', [earlier]);
      const r = await keygate(['request', 'submit', file, '--attach', path.join(dir, 'security-case.txt'), '--attach', path.join(dir, 'minutes.bin')], { KEYGATE_URL: http.url, KEYGATE_TOKEN: dcc.token });
      expect(r.status, r.out).to.equal(0);
      const request = await kg.approvals.getRequest(toRequestId('REQ-CLI-ATTACH-1'));
      expect(request.state).to.equal('submitted');
      expect(request.revisions[0]!.content.attachments).to.deep.equal([
        earlier,
        { sha256: sha256(caseText), size: caseText.length, name: 'security-case.txt' },
        { sha256: sha256(minutes), size: minutes.length, name: 'minutes.bin' },
      ]);
      const stored = await kg.approvals.downloadDocument(sha256(minutes));
      expect(stored.content.equals(minutes)).to.equal(true);
      expect(stored.doc.mediaType).to.equal('application/octet-stream');
      expect((await kg.approvals.downloadDocument(sha256(caseText))).doc.mediaType).to.equal('text/plain');
    });

    it('refuses a file holding a private key before sending anything: no document, no request, nothing logged', async () => {
      const dcc = await createPrincipal(kg, { role: 'dcc', personId: WHO.dan });
      const dir = tempDir();
      const pem = nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
      // The good file comes first: it must not be uploaded either.
      fs.writeFileSync(path.join(dir, 'good.txt'), 'Assessment summary.\n');
      fs.writeFileSync(path.join(dir, 'hsm-backup.txt.gz'), zlib.gzipSync(Buffer.from(`HSM backup notes\n${pem}`)));
      const file = await requestFile('REQ-CLI-ATTACH-2');
      const [documents, size] = [await documentCount(), (await kg.log.latestCheckpoint()).treeSize];
      const r = await keygate(['request', 'submit', file, '--attach', path.join(dir, 'good.txt'), '--attach', path.join(dir, 'hsm-backup.txt.gz')], { KEYGATE_URL: http.url, KEYGATE_TOKEN: dcc.token });
      expect(r.status).to.equal(1);
      expect(r.out).to.match(/private-key-material: .*PKCS#8.* at the file "hsm-backup\.txt\.gz"/);
      expect(r.out).to.not.match(/BEGIN|PRIVATE KEY-/);
      expect(await documentCount()).to.equal(documents);
      expect((await kg.log.latestCheckpoint()).treeSize).to.equal(size);
      expect((await kg.approvals.listRequests()).map((q) => q.id)).to.not.include('REQ-CLI-ATTACH-2');
    });

    it('names a file it cannot read as a usage error (exit 2)', async () => {
      const file = await requestFile('REQ-CLI-ATTACH-3');
      const r = await keygate(['request', 'submit', file, '--attach', path.join(tempDir(), 'missing.pdf')], { KEYGATE_URL: http.url, KEYGATE_TOKEN: 'kgt_unused' });
      expect(r.status).to.equal(2);
      expect(r.out).to.match(/--attach: cannot read .*missing\.pdf/);
    });
  });

  it('says what is missing when KEYGATE_TOKEN is not set (exit 1, no stack trace)', async () => {
    const r = await keygate(['request', 'list'], { KEYGATE_URL: http.url, KEYGATE_TOKEN: '' });
    expect(r.status).to.equal(1);
    expect(r.out).to.match(/KEYGATE_TOKEN is not set/);
    expect(r.out).to.not.match(/\n\s+at /);
  });
});
