import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { AUTH_ROUTES, authRoutes } from '../../../server/http/auth-routes.ts';
import type { AuthRouteOptions } from '../../../server/http/auth-routes.ts';
import { notFound, problemMiddleware } from '../../../server/http/problem.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createPrincipal, loginSession } from '../../helpers/auth.ts';
import type { TestPrincipal } from '../../helpers/auth.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { logEntries, openAuthKeygate, PASSWORD } from './fixtures.ts';

function appFor(kg: Keygate, options: AuthRouteOptions = {}) {
  const app = express();
  app.use('/api/v1', authRoutes(kg.accounts, options));
  app.use(notFound);
  app.use(problemMiddleware(silentLogger));
  return app;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function call(base: string, method: string, route: string, options: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

function expectProblem(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(answer.body.code).to.equal(code);
}

describe('auth routes', () => {
  let kg: Keygate;
  let http: Served;
  let admin: TestPrincipal;
  let auditor: TestPrincipal;

  before(async () => {
    kg = await openAuthKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
    http = await serve(appFor(kg));
    admin = await createPrincipal(kg, { role: 'admin', username: 'root', password: PASSWORD });
    auditor = await createPrincipal(kg, { role: 'auditor', password: PASSWORD });
  });

  after(async () => {
    await http.close();
    await kg.close();
  });

  describe('POST /auth/login', () => {
    it('sets an HttpOnly, SameSite=Strict, Path=/ session cookie (not Secure without TLS) and returns the CSRF token', async () => {
      const res = await fetch(`${http.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: PASSWORD }) });
      expect(res.status).to.equal(200);
      const [cookie] = res.headers.getSetCookie();
      expect(cookie).to.match(/^keygate-session=[A-Za-z0-9_-]{43};/);
      const attributes = cookie!.split(';').slice(1).map((a) => a.trim().toLowerCase());
      expect(attributes).to.include.members(['path=/', 'httponly', 'samesite=strict', 'max-age=43200']);
      expect(attributes).to.not.include('secure');
      const body = (await res.json()) as { account: { username: string }; csrfToken: string };
      expect(body.account.username).to.equal('root');
      expect(body.csrfToken).to.match(/^[A-Za-z0-9_-]{43}$/);
    });

    it('refuses a wrong password with one code for unknown users too', async () => {
      expectProblem(await call(http.url, 'POST', '/auth/login', { body: { username: 'root', password: 'wrong password!' } }), 401, 'login-failed');
      expectProblem(await call(http.url, 'POST', '/auth/login', { body: { username: 'nobody-here', password: 'wrong password!' } }), 401, 'login-failed');
    });

    it('refuses unknown members of the body', async () => {
      expectProblem(await call(http.url, 'POST', '/auth/login', { body: { username: 'root', password: PASSWORD, remember: true } }), 400, 'body-invalid');
    });
  });

  describe('sessions and CSRF', () => {
    it('needs X-CSRF-Token for a cookie POST, not for a GET nor a bearer POST', async () => {
      const session = await loginSession(http.url, 'root', PASSWORD);
      const me = await call(http.url, 'GET', '/auth/me', { headers: { cookie: session.cookie } });
      expect(me.body).to.deep.include({ csrfToken: session.csrfToken });
      expect(me.body.principal).to.include({ username: 'root', via: 'session' });

      const body = { username: 'csrf-probe', role: 'auditor' };
      expectProblem(await call(http.url, 'POST', '/accounts', { headers: { cookie: session.cookie }, body }), 403, 'csrf-invalid');
      expectProblem(await call(http.url, 'POST', '/accounts', { headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken.slice(1)}A` }, body }), 403, 'csrf-invalid');
      expect(await kg.accounts.count()).to.equal(2);
      expect((await call(http.url, 'POST', '/accounts', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body })).status).to.equal(201);
      expect((await call(http.url, 'POST', '/accounts', { headers: admin.headers, body: { username: 'bearer-made', role: 'auditor' } })).status).to.equal(201);
    });

    it('logs out: the cookie is cleared and the old session is refused (and its cookie dropped)', async () => {
      const session = await loginSession(http.url, auditor.username, PASSWORD);
      const out = await call(http.url, 'POST', '/auth/logout', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
      expect(out.status).to.equal(204);
      expect(out.headers.getSetCookie()[0]).to.match(/^keygate-session=;.*Expires=Thu, 01 Jan 1970/);
      const after = await call(http.url, 'GET', '/auth/me', { headers: { cookie: session.cookie } });
      expectProblem(after, 401, 'unauthenticated');
      expect(after.headers.getSetCookie()[0]).to.match(/^keygate-session=;/);
    });
  });

  describe('authorization', () => {
    it('answers 401 with WWW-Authenticate to the anonymous, 403 to a role not allowed', async () => {
      const anonymous = await call(http.url, 'GET', '/accounts');
      expectProblem(anonymous, 401, 'unauthenticated');
      expect(anonymous.headers.get('www-authenticate')).to.equal('Bearer realm="keygate"');
      expectProblem(await call(http.url, 'GET', '/accounts', { headers: auditor.headers }), 403, 'forbidden');
      expectProblem(await call(http.url, 'GET', '/accounts', { headers: { authorization: 'Basic cm9vdDpyb290' } }), 401, 'unauthenticated');
      expectProblem(await call(http.url, 'GET', '/auth/me', { headers: { authorization: `Bearer kgt_${'x'.repeat(43)}` } }), 401, 'unauthenticated');
    });

    it('lets only admins at every account route, and everyone signed in at /auth/me and /auth/logout', async () => {
      for (const route of AUTH_ROUTES.filter((r) => !r.anonymous)) {
        const concrete = route.path.replace('{id}', admin.accountId).replace('{tokenId}', 'tok_000000000000000000000000');
        const method = route.method.toUpperCase();
        expectProblem(await call(http.url, method, concrete), 401, 'unauthenticated');
        const asAuditor = await call(http.url, method, concrete, { headers: auditor.headers });
        if (route.roles.includes('auditor')) expect(asAuditor.status, route.operationId).to.be.below(400);
        else expectProblem(asAuditor, 403, 'forbidden');
      }
    });
  });

  describe('account management', () => {
    it('creates a token, shows its secret once, and revokes it', async () => {
      const bob = await call(http.url, 'POST', '/accounts', { headers: admin.headers, body: { username: 'bob', role: 'pma_member', personId: 'person-bob' } });
      const id = (bob.body.account as { id: string }).id;
      const created = await call(http.url, 'POST', `/accounts/${id}/tokens`, { headers: admin.headers, body: { name: 'cli' } });
      expect(created.status).to.equal(201);
      expect(created.headers.get('cache-control')).to.equal('no-store');
      const { secret, token } = created.body as { secret: string; token: { id: string } };
      const listed = await call(http.url, 'GET', '/accounts', { headers: admin.headers });
      expect(JSON.stringify(listed.body)).to.include(token.id).and.not.include(secret.slice(4));

      const me = await call(http.url, 'GET', '/auth/me', { headers: { authorization: `Bearer ${secret}` } });
      expect(me.body).to.deep.equal({ principal: { accountId: id, username: 'bob', role: 'pma_member', personId: 'person-bob', via: 'token' }, csrfToken: null });
      expect((await call(http.url, 'DELETE', `/accounts/${id}/tokens/${token.id}`, { headers: admin.headers })).status).to.equal(204);
      expectProblem(await call(http.url, 'GET', '/auth/me', { headers: { authorization: `Bearer ${secret}` } }), 401, 'unauthenticated');
      expectProblem(await call(http.url, 'DELETE', `/accounts/${id}/tokens/${token.id}`, { headers: admin.headers }), 404, 'token-not-found');
    });

    it('refuses bad input with nothing stored and nothing logged', async () => {
      const accounts = await kg.accounts.count();
      const entries = (await logEntries(kg)).length;
      expectProblem(await call(http.url, 'POST', '/accounts', { headers: admin.headers, body: { username: 'x1', role: 'auditor', admin: true } }), 400, 'body-invalid');
      expectProblem(await call(http.url, 'POST', '/accounts', { headers: admin.headers, body: { username: 'x2', role: 'root' } }), 400, 'body-invalid');
      expectProblem(await call(http.url, 'POST', '/accounts', { headers: admin.headers, body: { username: 'x3', role: 'dcc' } }), 422, 'account-invalid');
      expectProblem(await call(http.url, 'POST', '/accounts/not-an-id/disable', { headers: admin.headers }), 400, 'path-invalid');
      expectProblem(await call(http.url, 'POST', `/accounts/${auditor.accountId}/disable`, { headers: admin.headers, body: { now: true } }), 400, 'body-invalid');
      expectProblem(await call(http.url, 'POST', `/accounts/${auditor.accountId}/client-certificates`, { headers: admin.headers, body: { fingerprint: 'AB'.repeat(32) } }), 400, 'body-invalid');
      expectProblem(await call(http.url, 'POST', '/accounts/acc_000000000000000000000000/tokens', { headers: admin.headers, body: { name: 'x' } }), 404, 'account-not-found');
      expect(await kg.accounts.count()).to.equal(accounts);
      expect((await logEntries(kg)).length).to.equal(entries);
    });

    it('maps a client certificate and disables an account', async () => {
      const target = await createPrincipal(kg, { role: 'ssc' });
      const mapped = await call(http.url, 'POST', `/accounts/${target.accountId}/client-certificates`, { headers: admin.headers, body: { fingerprint: '5a'.repeat(32) } });
      expect(mapped.status).to.equal(201);
      expect(mapped.body.clientCertificate).to.include({ fingerprint: '5a'.repeat(32), accountId: target.accountId });
      const disabled = await call(http.url, 'POST', `/accounts/${target.accountId}/disable`, { headers: admin.headers });
      expect((disabled.body.account as { disabledAt: string | null }).disabledAt).to.be.a('string');
      expectProblem(await call(http.url, 'GET', '/auth/me', { headers: target.headers }), 401, 'unauthenticated');
    });
  });

  describe('login rate limit', () => {
    it('answers 429 after 5 failed logins per address and username, whatever the password then', async () => {
      const limited = await serve(appFor(kg));
      try {
        for (let i = 0; i < 5; i++) expectProblem(await call(limited.url, 'POST', '/auth/login', { body: { username: 'root', password: `guess ${i} guess` } }), 401, 'login-failed');
        const blocked = await call(limited.url, 'POST', '/auth/login', { body: { username: 'root', password: PASSWORD } });
        expectProblem(blocked, 429, 'rate-limited');
        expect(blocked.headers.get('ratelimit')).to.match(/r=0/);
        expect((await call(limited.url, 'POST', '/auth/login', { body: { username: auditor.username, password: PASSWORD } })).status).to.equal(200);
      } finally {
        await limited.close();
      }
    });
  });
});
