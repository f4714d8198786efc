import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { describeFirstAdmin, ensureFirstAdmin, FIRST_START_ACTOR } from '../../../server/auth/first-admin.ts';
import { ConfigError, loadConfig } from '../../../server/config.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { tempDir } from '../../helpers/databases.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { logEntries, stringLeaves } from './fixtures.ts';

const sqliteIn = (dir: string) => ({ engine: 'sqlite' as const, filename: path.join(dir, 'db.sqlite') });

describe('first admin', () => {
  let kg: Keygate;

  afterEach(async () => {
    await kg.close();
  });

  it('is created once, with a generated password that logs in and is never logged', async () => {
    kg = await openKeygate(testConfig(sqliteIn(tempDir())));
    const first = await ensureFirstAdmin(kg);
    expect(first).to.include({ username: 'admin', configured: false });
    expect(first!.password).to.match(/^[A-Za-z0-9_-]{24}$/);
    expect(describeFirstAdmin(first!)).to.include(`password: ${first!.password}`);
    expect(await ensureFirstAdmin(kg)).to.equal(null);
    expect(await kg.accounts.count()).to.equal(1);
    expect((await kg.accounts.login('admin', first!.password)).principal).to.include({ username: 'admin', role: 'admin', personId: null });

    const entries = await logEntries(kg);
    const created = entries.filter((e) => e.action === 'account.created');
    expect(created).to.have.length(1);
    expect(created[0]!.actor).to.deep.equal(FIRST_START_ACTOR);
    expect(entries.flatMap(stringLeaves).some((s) => s.includes(first!.password))).to.equal(false);
  });

  it('takes KEYGATE_ADMIN_PASSWORD when set, and does not print it', async () => {
    const config = loadConfig({ KEYGATE_DATA_DIR: tempDir(), KEYGATE_ADMIN_PASSWORD: 'a configured admin password' });
    kg = await openKeygate({ ...config, database: sqliteIn(config.dataDir) });
    const first = await ensureFirstAdmin(kg);
    expect(first).to.deep.equal({ username: 'admin', password: 'a configured admin password', configured: true });
    expect(describeFirstAdmin(first!)).to.not.include('a configured admin password');
    await kg.accounts.login('admin', 'a configured admin password');
  });

  it('is not created when an admin account already exists', async () => {
    kg = await openKeygate(testConfig(sqliteIn(tempDir())));
    await kg.accounts.createAccount({ id: 'cli:op', role: 'admin' }, { username: 'ops', role: 'admin', personId: null });
    expect(await ensureFirstAdmin(kg)).to.equal(null);
    expect((await kg.accounts.list()).map((a) => a.username)).to.deep.equal(['ops']);
  });
});

describe('auth configuration', () => {
  it('reads the admin password and the TLS files', () => {
    const config = loadConfig({ KEYGATE_ADMIN_PASSWORD: 'twelve chars', KEYGATE_TLS_CERT: 'c.pem', KEYGATE_TLS_KEY: 'k.pem', KEYGATE_TLS_CLIENT_CA: 'ca.pem' });
    expect(config.adminPassword).to.equal('twelve chars');
    expect(config.tls).to.deep.equal({ certPath: path.resolve('c.pem'), keyPath: path.resolve('k.pem'), clientCaPath: path.resolve('ca.pem') });
    expect(loadConfig({}).tls).to.equal(undefined);
  });

  it('refuses a short admin password and half a TLS configuration', () => {
    expect(() => loadConfig({ KEYGATE_ADMIN_PASSWORD: 'short' })).to.throw(ConfigError, /at least 12/);
    expect(() => loadConfig({ KEYGATE_TLS_CERT: 'c.pem' })).to.throw(ConfigError, /set together/);
    expect(() => loadConfig({ KEYGATE_TLS_CLIENT_CA: 'ca.pem' })).to.throw(ConfigError, /needs KEYGATE_TLS_CERT/);
  });
});

describe('keygate user and token commands', () => {
  const main = path.resolve('server/cli/main.ts');
  const keygate = (dataDir: string, args: string[], input = '') =>
    execFileSync(process.execPath, ['--import', 'tsx', main, '--data-dir', dataDir, ...args], { input, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, DATABASE_URL: '', KEYGATE_ADMIN_PASSWORD: '' } });

  it('adds a user with a password from stdin and prints a token once that authenticates', async () => {
    const dataDir = tempDir();
    keygate(dataDir, ['init']);
    expect(keygate(dataDir, ['user', 'add', '--username', 'dana', '--role', 'dcc', '--person', 'person-dana', '--password-stdin'], 'a password from stdin\n')).to.match(/^created dcc account dana \(acc_[0-9a-f]{24}\)\n$/);
    const token = keygate(dataDir, ['token', 'create', '--username', 'dana', '--name', 'ci']).trim();
    expect(token).to.match(/^kgt_[A-Za-z0-9_-]{43}$/);
    const listed = JSON.parse(keygate(dataDir, ['user', 'list', '--json'])) as Array<{ username: string; tokens: Array<{ name: string }> }>;
    expect(listed.map((a) => [a.username, a.tokens.map((t) => t.name)])).to.deep.equal([['dana', ['ci']]]);
    expect(JSON.stringify(listed)).to.not.include(token.slice(4));

    const kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }));
    try {
      expect(await kg.accounts.authenticateToken(token)).to.include({ username: 'dana', personId: 'person-dana', via: 'token' });
      await kg.accounts.login('dana', 'a password from stdin');
    } finally {
      await kg.close();
    }
  });
});
