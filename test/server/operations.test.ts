import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import { createMetricsServer } from '../../server/http/operations.ts';
import { createPrincipal } from '../helpers/auth.ts';
import type { TestPrincipal } from '../helpers/auth.ts';
import { tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { openTestKeygate, sampleEntry } from '../helpers/keygate.ts';

describe('operations routes', () => {
  let kg: Keygate;
  let http: Served;
  let admin: TestPrincipal;
  let auditor: TestPrincipal;

  before(async () => {
    kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
    admin = await createPrincipal(kg, { role: 'admin' });
    auditor = await createPrincipal(kg, { role: 'auditor' });
    await kg.db.transaction((tx) => kg.log.append(tx, sampleEntry(1)).then(() => undefined));
    http = await serve(createApp(kg, silentLogger));
  });

  after(async () => {
    await http.close();
    await kg.close();
  });

  it('GET /readyz reports the database, the log key and a head that matches its checkpoint', async () => {
    const res = await fetch(`${http.url}/readyz`);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).to.equal('ready');
    expect(body.checks.log).to.equal(`ok: tree size ${(await kg.log.latestCheckpoint()).treeSize}`);
    expect(body.checks.logKey).to.equal(kg.log.verifierKey);
  });

  it('GET /metrics exposes request counts by route pattern, and log appends, to an admin', async () => {
    await fetch(`${http.url}/api/v1/log/checkpoint`);
    const appendsBefore = Number(/keygate_log_appends_total (\d+)\n/.exec(await kg.metrics.registry.metrics())?.[1] ?? 'NaN');
    await kg.db.transaction((tx) => kg.log.append(tx, sampleEntry(2)).then(() => undefined));
    const res = await fetch(`${http.url}/metrics`, { headers: admin.headers });
    expect(res.status).to.equal(200);
    const text = await res.text();
    expect(text).to.match(/keygate_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
    expect(text).to.include(`keygate_log_appends_total ${appendsBefore + 1}\n`);
    expect(text).to.match(/keygate_log_tree_size \d+/);
  });

  context('when the caller of GET /metrics is not an admin', () => {
    it('answers 401 to an anonymous caller and 403 to another role, without the metrics', async () => {
      const anonymous = await fetch(`${http.url}/metrics`);
      expect(anonymous.status).to.equal(401);
      expect(((await anonymous.json()) as { code: string }).code).to.equal('unauthenticated');
      const other = await fetch(`${http.url}/metrics`, { headers: auditor.headers });
      expect(other.status).to.equal(403);
      expect(await other.text()).to.not.include('keygate_http_requests_total');
    });
  });

  describe('the metrics listener (KEYGATE_METRICS_ADDR)', () => {
    let url: string;
    let close: () => Promise<void>;

    before(async () => {
      const server = createMetricsServer(kg);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise((resolve) => server.close(() => resolve()));
    });
    after(() => close());

    it('serves GET /metrics without credentials', async () => {
      const res = await fetch(`${url}/metrics`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.match(/keygate_log_tree_size \d+/);
    });

    it('serves nothing else: other paths are 404, other methods 405', async () => {
      for (const p of ['/', '/healthz', '/api/v1/requests', '/metrics/../api/v1/requests']) expect((await fetch(`${url}${p}`)).status, p).to.equal(404);
      const post = await fetch(`${url}/metrics`, { method: 'POST', body: 'x' });
      expect([post.status, post.headers.get('allow')]).to.deep.equal([405, 'GET, HEAD']);
    });
  });

  it('sets security headers and echoes a sane request id', async () => {
    const res = await fetch(`${http.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).to.equal('abc-123');
    expect(res.headers.get('content-security-policy')).to.match(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    const other = await fetch(`${http.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(other.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  context('when the stored head does not match its checkpoint', () => {
    it('GET /readyz answers 503 with the reason', async () => {
      const broken = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
      const app = serve(createApp(broken, silentLogger));
      const served = await app;
      try {
        for (const n of [1, 2]) await broken.db.transaction((tx) => broken.log.append(tx, sampleEntry(n)).then(() => undefined));
        // Simulate a lost write: the triggers refuse DELETE, so drop them first, as an attacker with the database would.
        await broken.db.knex.raw('DROP TRIGGER log_entries_no_delete');
        await broken.db.knex('log_entries').where('idx', 0).delete();
        const res = await fetch(`${served.url}/readyz`);
        expect(res.status).to.equal(503);
        expect(((await res.json()) as { reason: string }).reason).to.match(/1 entries are stored but the latest checkpoint covers 2/);
      } finally {
        await served.close();
        await broken.close();
      }
    });
  });
});
