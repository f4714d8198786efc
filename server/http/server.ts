// The HTTP or HTTPS server for the app. With KEYGATE_TLS_CLIENT_CA the server asks for client
// certificates and verifies them against that CA only, but still completes handshakes without
// one (rejectUnauthorized: false) so password and token logins keep working; authentication
// then trusts only certificates the TLS layer marked authorized.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Express } from 'express';
import type { TlsConfig } from '../config.ts';

export function createHttpServer(app: Express, config: { readonly tls?: TlsConfig }): http.Server | https.Server {
  const tls = config.tls;
  if (tls === undefined) return http.createServer(app);
  const clientCa = tls.clientCaPath === undefined ? {} : { ca: fs.readFileSync(tls.clientCaPath), requestCert: true, rejectUnauthorized: false };
  return https.createServer({ cert: fs.readFileSync(tls.certPath), key: fs.readFileSync(tls.keyPath), minVersion: 'TLSv1.2', ...clientCa }, app);
}
