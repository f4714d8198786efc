// Request bodies under /api/v1 are JSON only. A client that posts a form (curl -d) or forgets the
// Content-Type gets a 415 naming application/json, with an Accept header, instead of a schema
// error about "unrecognized keys". The pages under /ui keep taking HTML forms.
import path from 'node:path';
import { expect } from 'chai';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { tempDir } from '../../helpers/databases.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import type { TestPrincipal } from '../../helpers/auth.ts';
import { serve } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

describe('HTTP API: request media types', function () {
  this.timeout(machineLimit(60_000));
  const errors: object[] = [];
  let kg: Keygate;
  let http: Served;
  let admin: TestPrincipal;

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }));
    http = await serve(createApp(kg, { error: (obj) => void errors.push(obj) }));
    admin = await createPrincipal(kg, { role: 'admin' });
  });
  afterEach(() => {
    // Every refusal here is an expected 4xx: nothing is logged as an error.
    expect(errors).to.deep.equal([]);
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; accept: string | null; problem: { code?: string; detail?: string } }> {
    const res = await fetch(`${http.url}${url}`, { method: 'POST', headers, body, redirect: 'manual' });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') === true ? (JSON.parse(text) as { code?: string; detail?: string }) : {};
    return { status: res.status, accept: res.headers.get('accept'), problem: json };
  }

  context('when a body under /api/v1 is not sent as application/json', () => {
    const cases: [string, Record<string, string>][] = [
      ['a urlencoded form (curl -d)', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['text/plain', { 'content-type': 'text/plain' }],
      ['no Content-Type', {}],
    ];
    for (const [label, headers] of cases) {
      it(`answers 415 media-type-unsupported naming application/json for ${label}`, async () => {
        const body = label.includes('form') ? 'username=admin&password=secret' : '{"username":"admin","password":"secret"}';
        const r = await post('/api/v1/auth/login', body, headers);
        expect(r.status).to.equal(415);
        expect(r.problem.code).to.equal('media-type-unsupported');
        expect(r.problem.detail).to.include('application/json');
        expect(r.accept).to.equal('application/json');
      });
    }

    it('refuses a form on an authenticated route too, and on the path spelled in another case', async () => {
      const headers = { ...admin.headers, 'content-type': 'application/x-www-form-urlencoded' };
      for (const url of ['/api/v1/trust-anchors', '/API/V1/trust-anchors']) {
        const r = await post(url, 'certificate=abc', headers);
        expect([r.status, r.problem.code], url).to.deep.equal([415, 'media-type-unsupported']);
      }
    });
  });

  context('when the body is JSON', () => {
    it('accepts application/json with a charset, reaching the route (a wrong password is a 401)', async () => {
      const r = await post('/api/v1/auth/login', JSON.stringify({ username: 'admin', password: 'wrong password' }), { 'content-type': 'application/json; charset=utf-8' });
      expect(r.status).to.equal(401);
    });
  });

  context('when a multipart form (a page form with files) is sent', () => {
    const multipart = (bytes: number) => {
      const form = new FormData();
      form.set('reason', 'x');
      form.set('evidenceFiles', new Blob([Buffer.alloc(bytes, 0x41)]), 'evidence.txt');
      return form;
    };
    const send = async (url: string, headers: Record<string, string>, bytes: number) => (await fetch(`${http.url}${url}`, { method: 'POST', headers, body: multipart(bytes), redirect: 'manual' })).status;

    it('is refused under the API (415), even with a token', async () => {
      expect(await send('/api/v1/trust-anchors', admin.headers, 10)).to.equal(415);
    });

    it('gets no more than the small body limit without a page session (413: an API token or nobody)', async () => {
      expect(await send('/ui/requests', admin.headers, 300 * 1024)).to.equal(413);
      expect(await send('/ui/login', {}, 300 * 1024)).to.equal(413);
    });
  });

  context('when a page form is posted under /ui', () => {
    it('is parsed as a form, not refused for its media type', async () => {
      const r = await post('/ui/login', 'username=nobody&password=wrong', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(r.status).to.not.equal(415);
      expect(r.problem.code).to.not.equal('media-type-unsupported');
    });
  });
});
