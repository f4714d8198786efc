import path from 'node:path';
import { expect } from 'chai';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import { tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { openTestKeygate, sampleEntry } from '../helpers/keygate.ts';

describe('operations routes', () => {
  let kg: Keygate;
  let http: Served;

  before(async () => {
    kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
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
    expect(body.checks.log).to.equal('ok: tree size 1');
    expect(body.checks.logKey).to.equal(kg.log.verifierKey);
  });

  it('GET /metrics exposes request counts by route pattern, and log appends', async () => {
    await fetch(`${http.url}/api/v1/log/checkpoint`);
    await kg.db.transaction((tx) => kg.log.append(tx, sampleEntry(2)).then(() => undefined));
    const text = await (await fetch(`${http.url}/metrics`)).text();
    expect(text).to.match(/keygate_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
    expect(text).to.match(/keygate_log_appends_total 2\n/);
    expect(text).to.match(/keygate_log_tree_size 2/);
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
