// Client-certificate login over a real TLS handshake, with certificates made at test time by
// openssl: a client CA, a server certificate, a client certificate the CA issued, and a
// self-signed look-alike the CA did not.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import type { Keygate } from '../../../server/compose.ts';
import { authRoutes } from '../../../server/http/auth-routes.ts';
import { notFound, problemMiddleware } from '../../../server/http/problem.ts';
import { createHttpServer } from '../../../server/http/server.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import type { TestPrincipal } from '../../helpers/auth.ts';
import { tempDir } from '../../helpers/databases.ts';
import { silentLogger } from '../../helpers/http.ts';
import { openAuthKeygate, PASSWORD } from './fixtures.ts';

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Writes ca, server, client (issued by ca) and rogue (self-signed) key and certificate files. */
function makeCertificates(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'];
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Test Client CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'server.key', '-out', 'server.pem', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1');
  openssl(dir, 'req', '-new', ...ec.filter((a) => a !== '-days' && a !== '2'), '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=Sam SSC');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  openssl(dir, 'x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'client.ext', '-out', 'client.pem');
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'rogue.key', '-out', 'rogue.pem', '-subj', '/CN=Sam SSC', '-addext', 'extendedKeyUsage=clientAuth');
}

const fingerprintOf = (file: string) => crypto.createHash('sha256').update(new crypto.X509Certificate(fs.readFileSync(file)).raw).digest('hex');

interface TlsAnswer {
  readonly status: number;
  readonly setCookie: string[];
  readonly body: Record<string, unknown>;
}

function request(port: number, dir: string, options: { client?: 'client' | 'rogue'; method?: string; path: string; headers?: Record<string, string>; body?: unknown }): Promise<TlsAnswer> {
  const client = options.client === undefined ? {} : { key: fs.readFileSync(path.join(dir, `${options.client}.key`)), cert: fs.readFileSync(path.join(dir, `${options.client}.pem`)) };
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', agent: false, ca: fs.readFileSync(path.join(dir, 'server.pem')), ...client,
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('client-certificate login over TLS', () => {
  let kg: Keygate;
  let server: https.Server;
  let port: number;
  let dir: string;
  let sam: TestPrincipal;

  before(async () => {
    dir = tempDir();
    makeCertificates(dir);
    kg = await openAuthKeygate({ engine: 'sqlite', filename: path.join(dir, 'db.sqlite') });
    sam = await createPrincipal(kg, { role: 'ssc', username: 'sam', password: PASSWORD });
    await kg.accounts.addClientCertificate({ id: 'test', role: 'admin' }, sam.accountId, fingerprintOf(path.join(dir, 'client.pem')));
    const app = express();
    app.use('/api/v1', authRoutes(kg.accounts));
    app.use(notFound);
    app.use(problemMiddleware(silentLogger));
    server = createHttpServer(app, { tls: { certPath: path.join(dir, 'server.pem'), keyPath: path.join(dir, 'server.key'), clientCaPath: path.join(dir, 'ca.pem') } }) as https.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await kg.close();
  });

  it('signs in the account a CA-issued certificate is mapped to', async () => {
    const me = await request(port, dir, { client: 'client', path: '/api/v1/auth/me' });
    expect(me.status).to.equal(200);
    expect(me.body.principal).to.deep.equal({ accountId: sam.accountId, username: 'sam', role: 'ssc', personId: sam.personId, via: 'client-certificate' });
  });

  it('ignores a certificate the CA did not issue, even when its fingerprint is mapped', async () => {
    await kg.accounts.addClientCertificate({ id: 'test', role: 'admin' }, sam.accountId, fingerprintOf(path.join(dir, 'rogue.pem')));
    const me = await request(port, dir, { client: 'rogue', path: '/api/v1/auth/me' });
    expect(me.status).to.equal(401);
    expect(me.body.code).to.equal('unauthenticated');
  });

  it('still lets a caller without a certificate log in, with a Secure __Host- cookie', async () => {
    expect((await request(port, dir, { path: '/api/v1/auth/me' })).status).to.equal(401);
    const login = await request(port, dir, { method: 'POST', path: '/api/v1/auth/login', body: { username: 'sam', password: PASSWORD } });
    expect(login.status).to.equal(200);
    const [cookie] = login.setCookie;
    expect(cookie).to.match(/^__Host-keygate-session=[A-Za-z0-9_-]{43};/);
    expect(cookie!.split(';').map((a) => a.trim().toLowerCase())).to.include.members(['secure', 'httponly', 'samesite=strict', 'path=/']);
    const me = await request(port, dir, { path: '/api/v1/auth/me', headers: { cookie: cookie!.split(';')[0]! } });
    expect(me.body.principal).to.include({ username: 'sam', via: 'session' });
  });

  it('prefers an explicit bearer token over the certificate', async () => {
    const auditor = await createPrincipal(kg, { role: 'auditor' });
    const me = await request(port, dir, { client: 'client', path: '/api/v1/auth/me', headers: auditor.headers });
    expect(me.body.principal).to.include({ accountId: auditor.accountId, via: 'token' });
  });
});
