// The pages' static files: the stylesheet is served; a missing file or a path that tries to leave
// the folder is a 404 page and logs nothing at error level.
import path from 'node:path';
import { expect } from 'chai';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

describe('pages: static files', function () {
  this.timeout(machineLimit(60_000));
  const errors: object[] = [];
  let kg: Keygate;
  let http: Served;

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }));
    http = await serve(createApp(kg, { error: (obj) => void errors.push(obj) }));
  });
  afterEach(() => {
    expect(errors, 'nothing logged at error level').to.deep.equal([]);
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  it('serves the stylesheet', async () => {
    const res = await fetch(`${http.url}/ui/static/keygate.css`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/css/);
  });

  it('serves the WebAuthn browser script from the installed package, as JavaScript under the strict CSP', async () => {
    const res = await fetch(`${http.url}/ui/static/vendor/simplewebauthn-browser.js`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).to.contain("script-src 'self'");
    expect(await res.text()).to.contain('SimpleWebAuthnBrowser');
  });

  const refused = [
    '/ui/static/vendor/missing.js',
    '/ui/static/vendor/..%2F..%2F..%2Fpackage.json',
    '/ui/static/..%2F..%2Fpackage.json',
    '/ui/static/..%2f..%2f..%2fpackage.json',
    '/ui/static/..%5C..%5Cpackage.json',
    '/ui/static/%E0%A4%A',
    '/ui/static/missing.css',
    '/ui/static/.hidden',
  ];
  for (const p of refused) {
    it(`answers ${p} with a 404 page that reveals nothing`, async () => {
      const res = await fetch(`${http.url}${p}`);
      expect(res.status).to.equal(404);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      const body = await res.text();
      expect(body).to.not.include('smki-keygate');
      expect(body).to.not.include('dependencies');
    });
  }
});
