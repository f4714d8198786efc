import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { toRequestId } from '../../approvals/index.ts';
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

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }), { clock: () => clock.now });
    http = await serve(createApp(kg, silentLogger));
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  it('submits a request from a file, shows it, and casts a vote', async () => {
    const { tcosKey } = await setUpWorld(kg, clock);
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
    await kg.approvals.execute({ action: 'request.advice_recorded', actor: sscChair(WHO.sol), data: { requestId: id, revisionHash: hash, position: 'support', text: 'Yes.', conditions: [], documents: [] } });
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

  it('says what is missing when KEYGATE_TOKEN is not set (exit 1, no stack trace)', async () => {
    const r = await keygate(['request', 'list'], { KEYGATE_URL: http.url, KEYGATE_TOKEN: '' });
    expect(r.status).to.equal(1);
    expect(r.out).to.match(/KEYGATE_TOKEN is not set/);
    expect(r.out).to.not.match(/\n\s+at /);
  });
});
