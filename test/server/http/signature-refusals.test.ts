// Signed statements over HTTP under policy `signatures: required`: a command whose signature is
// missing, invalid, replayed (its time outside the window, or the same statement used again),
// foreign (another person's credential) or for another revision is refused with its problem
// code, and nothing is stored or logged: the request, its votes and the log's size stay as they were.
import path from 'node:path';
import { expect } from 'chai';
import { toKeyId } from '../../../approvals/index.ts';
import type { Actor, Proof } from '../../../approvals/index.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { P, WHO } from '../../approvals/cast.ts';
import { revision } from '../../approvals/fixtures.ts';
import { Signers } from '../../approvals/signers.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';
import { Api } from './api-client.ts';
import type { Caller } from './api-client.ts';
import { castAccounts, setUpWorldOverHttp } from './http-cast.ts';
import type { Cast } from './http-cast.ts';

const REQUEST_ID = 'REQ-SIG-1';
const DAN: Actor = { id: WHO.dan, role: 'dcc' };
const SAM: Actor = { id: WHO.sam, role: 'pma_member' };

describe('HTTP API: signature refusals (policy required)', function () {
  this.timeout(machineLimit(240_000));
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  let kg: Keygate;
  let http: Served;
  let api: Api;
  let cast: Cast;
  let signers: Signers;
  let revisionHash = '';

  /** The proof `signer` makes for `actor`'s command, at the server's time unless given. */
  const proof = (actor: Actor, action: string, data: Record<string, unknown>, opts: { signer?: string; time?: Date } = {}): Proof =>
    signers.proof({ action, actor, data }, opts.time ?? clock.now, opts.signer ?? actor.id);

  async function enrol(who: Caller, actor: Actor): Promise<void> {
    const { data } = signers.enrolment(actor, clock.now) as { data: Record<string, unknown> };
    await api.ok('enrolCredential', who, { params: { personId: actor.id }, body: { credential: data.credential, signature: data.signature, approval: null } });
  }

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'keygate.sqlite') }), { clock: () => clock.now });
    http = await serve(createApp(kg, silentLogger));
    api = new Api(http.url);
    cast = await castAccounts(kg);
    const { tcosKey } = await setUpWorldOverHttp(api, cast, { signatures: 'required' });
    signers = new Signers(kg.approvals.origin);
    clock.now = new Date('2026-02-01T09:00:00Z');
    await enrol(cast.dan, DAN);
    await enrol(cast.sam, SAM);
    const content = revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos, attachments: [] });
    const body = { requestId: REQUEST_ID, revision: content };
    const created = await api.ok<{ data: { revisionHash: string } }>('createRequest', cast.dan, { body: { ...body, signature: proof(DAN, 'request.created', body) } });
    revisionHash = created.data.revisionHash;
  });
  after(async () => {
    await http?.close();
    await kg?.close();
  });

  /** Calls the operation, expects the refusal `code`, and checks that nothing was stored or logged. */
  async function refused(operationId: string, who: Caller, input: { params: Record<string, string>; body: unknown }, code: string): Promise<void> {
    const before = { size: (await kg.log.latestCheckpoint()).treeSize, request: await kg.approvals.getRequest(REQUEST_ID) };
    const problem = await api.problem(operationId, who, input);
    expect(problem.code, problem.detail).to.equal(code);
    expect((await kg.log.latestCheckpoint()).treeSize, 'nothing logged').to.equal(before.size);
    expect(await kg.approvals.getRequest(REQUEST_ID), 'nothing stored').to.deep.equal(before.request);
  }

  const submission = () => ({ requestId: REQUEST_ID, revisionHash });
  const params = { requestId: REQUEST_ID };

  it('refuses a command without a signature (signature-missing)', async () => {
    await refused('submitRequest', cast.dan, { params, body: { revisionHash } }, 'signature-missing');
  });

  it('refuses a signature that does not verify (signature-invalid)', async () => {
    const good = proof(DAN, 'request.submitted', submission());
    const bytes = Buffer.from(good.signature, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    await refused('submitRequest', cast.dan, { params, body: { revisionHash, signature: { ...good, signature: bytes.toString('base64url') } } }, 'signature-invalid');
  });

  it('refuses a statement signed outside the time window (signature-stale)', async () => {
    const old = new Date(clock.now.getTime() - 10 * 60_000);
    await refused('submitRequest', cast.dan, { params, body: { revisionHash, signature: proof(DAN, 'request.submitted', submission(), { time: old }) } }, 'signature-stale');
  });

  it("refuses a statement signed with another person's credential (signature-foreign)", async () => {
    await refused('submitRequest', cast.dan, { params, body: { revisionHash, signature: proof(DAN, 'request.submitted', submission(), { signer: WHO.sam }) } }, 'signature-foreign');
  });

  it('refuses a statement for another revision (signature-mismatch)', async () => {
    const other = { requestId: REQUEST_ID, revisionHash: `${revisionHash.slice(0, -4)}0000` };
    await refused('submitRequest', cast.dan, { params, body: { revisionHash, signature: proof(DAN, 'request.submitted', other) } }, 'signature-mismatch');
  });

  it('accepts a signed vote, then refuses the same statement sent again (signature-replayed)', async () => {
    const CLARA: Actor = { id: WHO.clara, role: 'pma_chair' };
    await api.ok('submitRequest', cast.dan, { params, body: { revisionHash, signature: proof(DAN, 'request.submitted', submission()) } });
    // Clara holds no credential yet: her step is refused, and nothing is logged.
    const waiver = { revisionHash, reason: 'The SSC advised on the same mechanism in 2025.' };
    await refused('waiveAdvice', cast.clara, { params, body: waiver }, 'signature-missing');
    await enrol(cast.clara, CLARA);
    await api.ok('waiveAdvice', cast.clara, { params, body: { ...waiver, signature: proof(CLARA, 'request.advice_waived', { requestId: REQUEST_ID, ...waiver }) } });
    await api.ok('openVoting', cast.clara, { params, body: { revisionHash, signature: proof(CLARA, 'request.voting_opened', submission()) } });
    const vote = { revisionHash, subject: 'transfer', choice: 'approve', reasons: 'The case holds.', conditions: [] };
    const signed = { ...vote, signature: proof(SAM, 'request.vote_cast', { requestId: REQUEST_ID, ...vote }) };
    await api.ok('castVote', cast.sam, { params, body: signed });
    await refused('castVote', cast.sam, { params, body: signed }, 'signature-replayed');
  });
});
