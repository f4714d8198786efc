// Login throttling as callers meet it: the API's login route and the pages' sign-in share one
// limiter whose counts are in the database (so instances on one database share them), throttle
// by account and address and by address with backoff, and honour a configured trusted proxy.
import path from 'node:path';
import { expect } from 'chai';
import { isAuthError } from '../../../server/auth/errors.ts';
import { LOGIN_THROTTLE_POLICY } from '../../../server/auth/login-throttle-policy.ts';
import type { LoginThrottlePolicy } from '../../../server/auth/login-throttle-policy.ts';
import type { Keygate } from '../../../server/compose.ts';
import { openKeygate } from '../../../server/compose.ts';
import { parseTrustProxy } from '../../../server/config.ts';
import { createApp } from '../../../server/app.ts';
import type { DatabaseConfig } from '../../../server/storage/database.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import { forEachEngine, tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';
import { PageClient } from '../pages/page-client.ts';
import { movableClock, PASSWORD } from './fixtures.ts';
import type { MovableClock } from './fixtures.ts';

const WRONG = 'not the password at all';

/** The default policy with an address limit a test reaches in three attempts (each costs scrypt work). */
const SMALL_ADDRESS_LIMIT: LoginThrottlePolicy = { ...LOGIN_THROTTLE_POLICY, perAddress: { ...LOGIN_THROTTLE_POLICY.perAddress, failuresBeforeWait: 3 } };

async function apiLogin(base: string, username: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { code?: string };
  return { status: res.status, code: body.code, retryAfter: res.headers.get('retry-after') };
}

/** Fails a login for `count` different usernames; returns the statuses in order. */
async function spray(count: number, attempt: (username: string) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push(await attempt(`nobody-${i}`));
  return statuses;
}

interface ServedKeygate {
  readonly kg: Keygate;
  readonly http: Served;
}

async function servedKeygate(database: DatabaseConfig, clock: MovableClock, options: { policy?: LoginThrottlePolicy; trustProxy?: readonly string[] } = {}): Promise<ServedKeygate> {
  const kg = await openKeygate(testConfig(database, options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }), {
    clock,
    ...(options.policy === undefined ? {} : { loginThrottle: options.policy }),
  });
  return { kg, http: await serve(createApp(kg, silentLogger)) };
}

async function closeAll(s: ServedKeygate): Promise<void> {
  await s.http.close();
  await s.kg.close();
}

const sqliteFile = (): DatabaseConfig => ({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });

describe('login throttling', function () {
  this.timeout(machineLimit(300_000));

  describe('with the default policy', () => {
    let s: ServedKeygate;
    beforeEach(async () => {
      s = await servedKeygate(sqliteFile(), movableClock());
    });
    afterEach(() => closeAll(s));

    it('answers 429 on the API once 60 usernames were tried from one address', async () => {
      const statuses = await spray(60, async (u) => (await apiLogin(s.http.url, u, WRONG)).status);
      expect(statuses.slice(0, 50)).to.deep.equal(Array(50).fill(401));
      expect(statuses.slice(50)).to.deep.equal(Array(10).fill(429));
    });

    it('answers 429 on /ui/login once 60 usernames were tried from one address', async () => {
      const page = new PageClient(s.http.url);
      const statuses = await spray(60, async (u) => (await page.login(u, WRONG)).status);
      expect(statuses.slice(0, 50)).to.deep.equal(Array(50).fill(401));
      expect(statuses.slice(50)).to.deep.equal(Array(10).fill(429));
      expect((await page.login('someone-else', WRONG)).text).to.match(/Too many failed sign-ins: wait \d+ seconds/);
    });
  });

  forEachEngine((engine) => {
    let s: ServedKeygate;
    let clock: MovableClock;

    beforeEach(async () => {
      clock = movableClock();
      s = await servedKeygate(await engine.newDatabase(), clock, { policy: SMALL_ADDRESS_LIMIT });
      await createPrincipal(s.kg, { role: 'auditor', username: 'regular', password: PASSWORD });
      await createPrincipal(s.kg, { role: 'auditor', username: 'newcomer', password: PASSWORD });
    });
    afterEach(() => closeAll(s));

    it('counts failures on the pages and on the API together', async () => {
      const page = new PageClient(s.http.url);
      for (const u of ['a', 'b', 'c']) expect((await page.login(u, WRONG)).status).to.equal(401);
      expect(await apiLogin(s.http.url, 'newcomer', PASSWORD)).to.deep.equal({ status: 429, code: 'rate-limited', retryAfter: '1' });
    });

    context('when others failed from the same address', () => {
      it('lets in at once an account that signed in from there before, and others after a short backoff', async () => {
        expect((await apiLogin(s.http.url, 'regular', PASSWORD)).status).to.equal(200);
        await spray(4, async (u) => (await apiLogin(s.http.url, u, WRONG)).status);
        expect((await apiLogin(s.http.url, 'regular', PASSWORD)).status).to.equal(200);
        const waiting = await apiLogin(s.http.url, 'newcomer', PASSWORD);
        expect(waiting.status).to.equal(429);
        const seconds = Number(waiting.retryAfter);
        expect(seconds).to.be.within(1, 60);
        clock.advance(seconds * 1000);
        expect((await apiLogin(s.http.url, 'newcomer', PASSWORD)).status).to.equal(200);
      });
    });

    context("when one account's password is guessed", () => {
      it('backs off, doubling the wait, whatever the password; correct credentials get in once it is over', async () => {
        expect((await apiLogin(s.http.url, 'regular', PASSWORD)).status).to.equal(200);
        for (let i = 0; i < 5; i++) expect((await apiLogin(s.http.url, 'regular', WRONG)).status).to.equal(401);
        expect(await apiLogin(s.http.url, 'regular', PASSWORD)).to.include({ status: 429, retryAfter: '1' });
        clock.advance(1000);
        expect((await apiLogin(s.http.url, 'regular', WRONG)).status).to.equal(401);
        expect(await apiLogin(s.http.url, 'regular', PASSWORD)).to.include({ status: 429, retryAfter: '2' });
        clock.advance(2000);
        expect((await apiLogin(s.http.url, 'regular', PASSWORD)).status).to.equal(200);
      });
    });

    it('shares the counts between instances on one database', async () => {
      const other = await openKeygate(testConfig(s.kg.config.database, { dataDir: s.kg.config.dataDir }), { clock, loginThrottle: SMALL_ADDRESS_LIMIT });
      try {
        const from = { address: '198.51.100.7' };
        for (const u of ['a', 'b', 'c']) await s.kg.accounts.login(u, WRONG, from).catch(() => undefined);
        const refused = await other.accounts.login('newcomer', PASSWORD, from).then(
          () => null,
          (err: unknown) => err,
        );
        expect(isAuthError(refused, 'rate-limited')).to.equal(true);
        expect((await other.accounts.login('newcomer', PASSWORD, { address: '198.51.100.8' })).account.username).to.equal('newcomer');
      } finally {
        await other.close();
      }
    });
  });

  describe('the client address', () => {
    it('is the one a trusted proxy reports', async () => {
      const s = await servedKeygate(sqliteFile(), movableClock(), { policy: SMALL_ADDRESS_LIMIT, trustProxy: ['loopback'] });
      try {
        const from = (a: string) => ({ 'x-forwarded-for': a });
        for (const u of ['a', 'b', 'c']) await apiLogin(s.http.url, u, WRONG, from('203.0.113.5'));
        expect((await apiLogin(s.http.url, 'd', WRONG, from('203.0.113.5'))).status).to.equal(429);
        expect((await apiLogin(s.http.url, 'd', WRONG, from('203.0.113.6'))).status).to.equal(401);
      } finally {
        await closeAll(s);
      }
    });

    it('is the peer when no proxy is trusted: X-Forwarded-For is ignored', async () => {
      const s = await servedKeygate(sqliteFile(), movableClock(), { policy: SMALL_ADDRESS_LIMIT });
      try {
        for (const [i, u] of ['a', 'b', 'c'].entries()) await apiLogin(s.http.url, u, WRONG, { 'x-forwarded-for': `203.0.113.${i}` });
        expect((await apiLogin(s.http.url, 'd', WRONG, { 'x-forwarded-for': '203.0.113.99' })).status).to.equal(429);
      } finally {
        await closeAll(s);
      }
    });

    it('is configured by KEYGATE_TRUST_PROXY as hops or addresses, never "trust everyone"', () => {
      expect(parseTrustProxy('1')).to.equal(1);
      expect(parseTrustProxy('loopback, 10.0.0.0/8,fd00::/8')).to.deep.equal(['loopback', '10.0.0.0/8', 'fd00::/8']);
      expect(() => parseTrustProxy('true')).to.throw(/KEYGATE_TRUST_PROXY: "true"/);
      expect(() => parseTrustProxy('10.0.0.0/33')).to.throw(/not an address/);
    });
  });
});
