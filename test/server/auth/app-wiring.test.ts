// The auth routes and middleware as the real app mounts them (behind the private-key guard,
// with authentication app-wide): the same credentials, CSRF and validation behaviour.
import path from 'node:path';
import { expect } from 'chai';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import { createPrincipal, loginSession } from '../../helpers/auth.ts';
import type { TestPrincipal } from '../../helpers/auth.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { openAuthKeygate, PASSWORD } from './fixtures.ts';

describe('auth in the real app', () => {
  let kg: Keygate;
  let http: Served;
  let admin: TestPrincipal;

  before(async () => {
    kg = await openAuthKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
    http = await serve(createApp(kg, silentLogger));
    admin = await createPrincipal(kg, { role: 'admin', username: 'root', password: PASSWORD });
  });

  after(async () => {
    await http.close();
    await kg.close();
  });

  const post = (route: string, headers: Record<string, string>, body: unknown) =>
    fetch(`${http.url}/api/v1${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('needs the CSRF token for a cookie POST and not for a bearer POST', async () => {
    const session = await loginSession(http.url, 'root', PASSWORD);
    const refused = await post('/accounts', { cookie: session.cookie }, { username: 'no-csrf', role: 'auditor' });
    expect(refused.status).to.equal(403);
    expect(((await refused.json()) as { code: string }).code).to.equal('csrf-invalid');
    expect((await post('/accounts', { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, { username: 'with-csrf', role: 'auditor' })).status).to.equal(201);
    expect((await post('/accounts', admin.headers, { username: 'by-token', role: 'auditor' })).status).to.equal(201);
  });

  it('refuses unknown members, and a bad bearer token on any /api/v1 route', async () => {
    const extra = await post('/accounts', admin.headers, { username: 'extra', role: 'auditor', admin: true });
    expect(((await extra.json()) as { code: string }).code).to.equal('body-invalid');
    const bad = await fetch(`${http.url}/api/v1/log/checkpoint`, { headers: { authorization: `Bearer kgt_${'A'.repeat(43)}` } });
    expect(bad.status).to.equal(401);
    expect((await fetch(`${http.url}/api/v1/log/checkpoint`, { headers: admin.headers })).status).to.equal(200);
  });
});
