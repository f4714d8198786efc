// Bad input over HTTP: malformed JSON, wrong types, unknown members, oversize bodies and uploads,
// invalid queries and paths, and private keys (PEM, JWK, base64 DER) anywhere in a request. Each
// is a 4xx problem+json with a stable code, and nothing is stored or appended to the log. The
// bodies are otherwise valid commands on a set-up world, so "nothing stored" is not a given.
import crypto from 'node:crypto';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { expect } from 'chai';
import { MAX_ATTACHMENT_BYTES, toKeyId } from '../../../approvals/index.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { JSON_BODY_LIMIT } from '../../../server/http/private-key-guard.ts';
import { P } from '../../approvals/cast.ts';
import { revision } from '../../approvals/fixtures.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { orgCert, testPki } from '../../pki/fixtures.ts';
import { ANONYMOUS, Api } from './api-client.ts';
import type { CallInput, Caller, Problem } from './api-client.ts';
import { b64, castAccounts, setUpWorldOverHttp } from './http-cast.ts';
import type { Cast } from './http-cast.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const SEC1_PEM = privateKey.export({ format: 'pem', type: 'sec1' }) as string;
const DER_B64 = (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64');
const JWK = privateKey.export({ format: 'jwk' });

interface Snapshot {
  readonly treeSize: number;
  readonly entities: number;
  readonly documents: number;
  readonly anchors: number;
}

async function rows(kg: Keygate, table: string): Promise<number> {
  const r = await kg.db.knex(table).count({ n: '*' }).first();
  return Number(r?.n);
}

async function snapshot(kg: Keygate): Promise<Snapshot> {
  return {
    treeSize: (await kg.log.latestCheckpoint()).treeSize,
    entities: await rows(kg, 'approval_entities'),
    documents: await rows(kg, 'documents'),
    anchors: await rows(kg, 'trust_anchors'),
  };
}

function getWithBody(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<{ status: number; code: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code: string }).code }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP API: bad input', function () {
  this.timeout(machineLimit(240_000));
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  const errors: object[] = [];
  let kg: Keygate;
  let http: Served;
  let api: Api;
  let cast: Cast;
  let request: { requestId: string; revision: ReturnType<typeof revision> };

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }), { clock: () => clock.now });
    http = await serve(createApp(kg, { error: (obj) => void errors.push(obj) }));
    api = new Api(http.url);
    cast = await castAccounts(kg);
    const { tcosKey } = await setUpWorldOverHttp(api, cast);
    clock.now = new Date('2026-02-01T09:00:00Z');
    request = { requestId: 'REQ-BAD-1', revision: revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos, attachments: [] }) };
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  /** Calls, expects the refusal, and checks that nothing was stored or logged. */
  async function refused(operationId: string, input: CallInput, status: number, code: string, caller: Caller = cast.dan): Promise<Problem> {
    const before = await snapshot(kg);
    const reply = await api.call(operationId, caller, input);
    expect(reply.status, reply.text).to.equal(status);
    const problem = reply.json as Problem;
    expect(problem.code).to.equal(code);
    expect(await snapshot(kg)).to.deep.equal(before);
    return problem;
  }

  it('accepts the untouched request body (the control for every case below)', async () => {
    const ok = await api.call('createRequest', cast.dan, { body: { ...request, requestId: 'REQ-CONTROL' } });
    expect(ok.status).to.equal(201);
  });

  context('when the body is not what the operation takes', () => {
    it('refuses malformed JSON', async () => {
      await refused('createRequest', { raw: { content: '{"requestId": "REQ-BAD-1", ', contentType: 'application/json' } }, 400, 'body-malformed');
    });

    it('refuses wrong types, naming where', async () => {
      const p = await refused('createRequest', { body: { requestId: 42, revision: { ...request.revision, attachments: 'none' } } }, 400, 'body-invalid');
      expect((p as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).to.include.members(['$.requestId', '$.revision.attachments']);
    });

    it('refuses unknown members at any depth instead of dropping them', async () => {
      await refused('createRequest', { body: { ...request, priority: 'high' } }, 400, 'body-invalid');
      const mechanism = { ...request.revision.mechanism, hsm: 'model X' };
      const p = await refused('createRequest', { body: { ...request, revision: { ...request.revision, mechanism } } }, 400, 'body-invalid');
      expect(p.detail).to.match(/\$\.revision\.mechanism: Unrecognized key: "hsm"/);
    });

    it('refuses a body where the operation takes none, and a body that is not JSON', async () => {
      // fetch sends no body with GET; node:http does.
      const res = await getWithBody(`${http.url}/api/v1/requests`, cast.dan.headers, JSON.stringify({ status: 'draft' }));
      expect([res.status, res.code]).to.deep.equal([400, 'body-invalid']);
      await refused('createRequest', { raw: { content: JSON.stringify(request), contentType: 'text/plain' } }, 415, 'media-type-unsupported');
    });

    it('refuses a JSON body over the limit before parsing it', async () => {
      const huge = { ...request, revision: { ...request.revision, rationale: 'x'.repeat(JSON_BODY_LIMIT) } };
      await refused('createRequest', { body: huge }, 413, 'body-too-large');
    });

    it('refuses an upload over the attachment limit', async () => {
      const content = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x61);
      await refused('uploadDocument', { query: { name: 'big.txt' }, raw: { content, contentType: 'text/plain' } }, 413, 'body-too-large');
    });
  });

  context('when a query or a path is invalid', () => {
    it('refuses unknown and malformed query parameters', async () => {
      await refused('listRequests', { query: { state: 'voting' } }, 400, 'query-invalid');
      await refused('listRequests', { query: { status: 'voting,pending' } }, 400, 'query-invalid');
      await refused('uploadDocument', { query: { name: 'a.txt', tag: 'x' }, raw: { content: 'text', contentType: 'text/plain' } }, 400, 'query-invalid');
    });

    it('refuses malformed path parameters', async () => {
      await refused('getRequest', { params: { requestId: 'no spaces allowed' } }, 400, 'path-invalid');
      await refused('downloadDocument', { params: { sha256: 'ABC' } }, 400, 'path-invalid');
    });
  });

  context('when private key material is anywhere in the request', () => {
    const KEY_SLICE = DER_B64.slice(20, 60);

    async function refusedKey(operationId: string, input: CallInput, caller: Caller = cast.dan): Promise<string> {
      const p = await refused(operationId, input, 422, 'private-key-material', caller);
      expect(JSON.stringify(p)).to.not.include(KEY_SLICE);
      expect(p.detail).to.not.include('BEGIN');
      return p.detail;
    }

    it('refuses a PEM key in a text field, naming the kind and the place but not the key', async () => {
      const body = { ...request, revision: { ...request.revision, rationale: `Our key, for reference:\n${PEM}` } };
      expect(await refusedKey('createRequest', { body })).to.match(/PKCS#8 private key \(PEM\) at \$\.revision\.rationale/);
    });

    it('refuses a JWK, as an unknown member or as JSON text in a field, before validation', async () => {
      expect(await refusedKey('createRequest', { body: { ...request, key: JWK } })).to.match(/JWK with private member "d"/);
      const mechanism = { ...request.revision.mechanism, witnesses: [JSON.stringify(JWK)] };
      await refusedKey('createRequest', { body: { ...request, revision: { ...request.revision, mechanism } } });
    });

    it('refuses base64 DER where a certificate belongs, and a certificate bundled with its key', async () => {
      expect(await refusedKey('inspectCertificate', { body: { certificate: DER_B64 } })).to.match(/\(DER\)|base64/);
      await refusedKey('registerKey', { body: { holderId: P.tcos, certificate: `${testPki().oca.pem}\n${SEC1_PEM}` } }, cast.admin);
      await refusedKey('addTrustAnchor', { body: { certificate: `${testPki().root.pem}${PEM}` } }, cast.admin);
      // Not even a body the route would refuse as the wrong media type gets past the scan.
      await refusedKey('inspectCertificate', { raw: { content: `${b64(orgCert(5))}\n${PEM}`, contentType: 'application/x-pem-file' } });
    });

    it('refuses an upload holding a key, or a key in its name, and keeps nothing', async () => {
      await refusedKey('uploadDocument', { query: { name: 'notes.txt' }, raw: { content: `meeting notes\n${SEC1_PEM}`, contentType: 'text/plain' } });
      await refusedKey('uploadDocument', { query: { name: 'key.der' }, raw: { content: Buffer.from(DER_B64, 'base64'), contentType: 'application/octet-stream' } });
      await refusedKey('uploadDocument', { query: { name: DER_B64.slice(0, 200) }, raw: { content: 'harmless', contentType: 'text/plain' } });
    });

    it('refuses a key in a urlencoded form and in the body of a route that is not the workflow', async () => {
      await refusedKey('withdrawRequest', { params: { requestId: 'REQ-CONTROL' }, raw: { content: new URLSearchParams({ reason: PEM }).toString(), contentType: 'application/x-www-form-urlencoded' } });
      await refusedKey('login', { body: { username: 'dcc-dan', password: PEM } }, ANONYMOUS);
    });
  });

  // Mocha runs a suite's own tests before its child suites: this one must be in the last child.
  context('when all of the above is done', () => {
    it('logged no error for any of it: every refusal was an expected 4xx', () => {
      expect(errors).to.deep.equal([]);
    });
  });
});
