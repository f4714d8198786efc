// Serves an Express app on an ephemeral loopback port for the duration of a test.
import type { Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves on `port` (0: an ephemeral one); `url` names `host` (localhost for WebAuthn, which refuses IP addresses). */
export async function serve(app: Express, options: { readonly port?: number; readonly host?: 'localhost' | '127.0.0.1' } = {}): Promise<Served> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

export const silentLogger = { error: () => undefined };

/** A loopback port free right now, for a server whose public URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
