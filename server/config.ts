// Reads the environment and command-line options into one validated configuration.
// This is the only module that reads process.env.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { LogFormat } from './logger.ts';
import { parseCosignerKey } from '../audit/cosignature.ts';
import type { DatabaseConfig } from './storage/database.ts';

export interface Config {
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /** KEYGATE_ORIGIN: the log's fixed origin line; otherwise generated once and kept in the database. */
  readonly origin: string | undefined;
  /** KEYGATE_LOG_KEY: path of the log's signer key; otherwise `<dataDir>/log-key`. */
  readonly logKeyPath: string | undefined;
  readonly port: number;
  readonly host: string;
  /** KEYGATE_LOG_LEVEL: pino level for the server's logs. */
  readonly logLevel?: string;
  /** KEYGATE_LOG_FORMAT: json or pretty; unset, pretty on a terminal and JSON otherwise. */
  readonly logFormat?: LogFormat;
  /** KEYGATE_TLS_CERT / _KEY / _CLIENT_CA: serve HTTPS; with a client CA, also accept client certificates. */
  readonly tls?: TlsConfig;
  /** KEYGATE_ADMIN_PASSWORD: the first admin's password, instead of a generated one. */
  readonly adminPassword?: string;
  /**
   * KEYGATE_TRUST_PROXY: the reverse proxies whose X-Forwarded-For gives the client address
   * (login throttling, request logs): a number of hops, or a comma-separated list of addresses,
   * CIDR blocks and `loopback`, `linklocal`, `uniquelocal`. Unset: the peer address, and
   * X-Forwarded-For is ignored.
   */
  readonly trustProxy?: TrustProxy;
  /** KEYGATE_METRICS_ADDR: also serve GET /metrics, without credentials, on this address. */
  readonly metricsAddress?: ListenAddress;
  /** KEYGATE_WITNESSES: the witnesses that cosign the log's checkpoints (none: unwitnessed). */
  readonly witnesses?: readonly WitnessEndpoint[];
  /** KEYGATE_WITNESS_QUORUM: how many witnesses must cosign a checkpoint before it is served; default all. */
  readonly witnessQuorum?: number;
  /**
   * KEYGATE_PUBLIC_URL: the address people open the pages at; its origin and host are the WebAuthn
   * relying party (origin and RP ID) that passkeys are bound to. Unset: http://localhost:<port>.
   */
  readonly publicUrl?: string;
  /** Notifications (KEYGATE_NOTIFICATIONS, KEYGATE_SMTP_URL, …); absent: on, to the local mailbox. */
  readonly notifications?: NotificationConfig;
}

export interface NotificationConfig {
  /** KEYGATE_NOTIFICATIONS=off: no notices are written (nor delivered). */
  readonly enabled: boolean;
  /** KEYGATE_SMTP_URL: smtp:// (STARTTLS when offered) or smtps://; unset: the local mailbox. */
  readonly smtpUrl?: string;
  /** KEYGATE_SMTP_FROM: the sender address. */
  readonly from: string;
  /** KEYGATE_NOTIFY_MAX_ATTEMPTS: tries before a notice is dead-lettered. */
  readonly maxAttempts: number;
  /** KEYGATE_NOTIFY_RETRY_BASE_MS: the first retry's delay; it doubles per try, up to an hour. */
  readonly retryBaseMs: number;
}

/** The public URL when KEYGATE_PUBLIC_URL is unset: localhost, since WebAuthn refuses IP addresses. */
export function defaultPublicUrl(port: number): string {
  return `http://localhost:${port}`;
}

/**
 * KEYGATE_PUBLIC_URL as an origin. WebAuthn needs a host name (not an IP address) and a secure
 * context: https, or http on localhost.
 */
export function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`KEYGATE_PUBLIC_URL: ${JSON.stringify(value)} is not a URL`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('KEYGATE_PUBLIC_URL must be an http(s) URL');
  if (net.isIP(host) !== 0) throw new ConfigError(`KEYGATE_PUBLIC_URL: passkeys need a host name, not the IP address ${host} (use localhost, or the server's DNS name)`);
  if (url.protocol === 'http:' && host !== 'localhost') throw new ConfigError('KEYGATE_PUBLIC_URL must be https unless its host is localhost (browsers offer passkeys only to secure origins)');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new ConfigError('KEYGATE_PUBLIC_URL is an origin: scheme, host and port, no path');
  return url.origin;
}

/** A witness as the log knows it: its cosigner verifier key and its tlog-witness submission prefix. */
export interface WitnessEndpoint {
  /** name+hash+base64(0x04 || Ed25519 key). */
  readonly vkey: string;
  /** `POST <url>/add-checkpoint`. */
  readonly url: string;
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** express's 'trust proxy' setting, in the two forms that name whom to trust. */
export type TrustProxy = number | readonly string[];

export interface TlsConfig {
  readonly certPath: string;
  readonly keyPath: string;
  /** Client certificates are requested and judged against this CA when set. */
  readonly clientCaPath?: string;
}

export type ConfigErrorCode = 'config-invalid';

export class ConfigError extends Error {
  readonly code: ConfigErrorCode = 'config-invalid';
}

const envSchema = z.object({
  KEYGATE_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional(),
  KEYGATE_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
  KEYGATE_ORIGIN: z.string().regex(/^[^\s+]+$/, 'KEYGATE_ORIGIN must have no spaces and no "+"').optional(),
  KEYGATE_LOG_KEY: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).optional(),
  KEYGATE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  KEYGATE_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  KEYGATE_TLS_CERT: z.string().min(1).optional(),
  KEYGATE_TLS_KEY: z.string().min(1).optional(),
  KEYGATE_TLS_CLIENT_CA: z.string().min(1).optional(),
  KEYGATE_TRUST_PROXY: z.string().optional(),
  KEYGATE_ADMIN_PASSWORD: z.string().min(12, 'KEYGATE_ADMIN_PASSWORD must have at least 12 characters').max(1024).optional(),
  KEYGATE_METRICS_ADDR: z.string().min(1).optional(),
  KEYGATE_WITNESSES: z.string().min(1).optional(),
  KEYGATE_WITNESS_QUORUM: z.string().regex(/^[1-9][0-9]{0,2}$/, 'KEYGATE_WITNESS_QUORUM must be a positive integer').optional(),
  KEYGATE_PUBLIC_URL: z.string().min(1).optional(),
  KEYGATE_NOTIFICATIONS: z.enum(['on', 'off']).optional(),
  KEYGATE_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'KEYGATE_SMTP_URL must be an smtp:// or smtps:// URL').optional(),
  KEYGATE_SMTP_FROM: z.email().optional(),
  KEYGATE_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).optional(),
  KEYGATE_NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).optional(),
});

function notificationConfig(e: Env): NotificationConfig {
  return {
    enabled: e.KEYGATE_NOTIFICATIONS !== 'off',
    ...(e.KEYGATE_SMTP_URL === undefined ? {} : { smtpUrl: e.KEYGATE_SMTP_URL }),
    from: e.KEYGATE_SMTP_FROM ?? 'keygate@localhost',
    maxAttempts: e.KEYGATE_NOTIFY_MAX_ATTEMPTS ?? 8,
    retryBaseMs: e.KEYGATE_NOTIFY_RETRY_BASE_MS ?? 30_000,
  };
}

/**
 * KEYGATE_WITNESSES: comma-separated `<cosigner verifier key>@<submission URL prefix>`. The key's
 * base64 never holds "@", so the first "@" after its second "+" ends it.
 */
export function parseWitnesses(text: string): WitnessEndpoint[] {
  return text.split(',').map((raw) => {
    const item = raw.trim();
    const plus = item.indexOf('+', item.indexOf('+') + 1);
    const at = plus < 0 ? -1 : item.indexOf('@', plus);
    if (at < 0) throw new ConfigError(`KEYGATE_WITNESSES: ${JSON.stringify(item)} is not <verifier key>@<URL>`);
    const vkey = item.slice(0, at);
    const url = item.slice(at + 1).replace(/\/+$/, '');
    try {
      parseCosignerKey(vkey);
    } catch (cause) {
      throw new ConfigError(`KEYGATE_WITNESSES: ${JSON.stringify(vkey)} is not a cosigner verifier key (name+hash+base64(0x04 || key))`, { cause });
    }
    if (!/^https?:\/\/[^\s,]+$/.test(url)) throw new ConfigError(`KEYGATE_WITNESSES: ${JSON.stringify(url)} is not an http(s) URL prefix`);
    return { vkey, url };
  });
}

function witnessConfig(e: Env): Pick<Config, 'witnesses' | 'witnessQuorum'> {
  if (e.KEYGATE_WITNESSES === undefined) {
    if (e.KEYGATE_WITNESS_QUORUM !== undefined) throw new ConfigError('KEYGATE_WITNESS_QUORUM needs KEYGATE_WITNESSES');
    return {};
  }
  const witnesses = parseWitnesses(e.KEYGATE_WITNESSES);
  if (new Set(witnesses.map((w) => w.vkey)).size !== witnesses.length) throw new ConfigError('KEYGATE_WITNESSES names a witness twice');
  const quorum = e.KEYGATE_WITNESS_QUORUM === undefined ? witnesses.length : Number(e.KEYGATE_WITNESS_QUORUM);
  if (quorum > witnesses.length) throw new ConfigError(`KEYGATE_WITNESS_QUORUM ${quorum} exceeds the ${witnesses.length} witnesses configured`);
  return { witnesses, witnessQuorum: quorum };
}

type Env = z.infer<typeof envSchema>;

function tlsConfig(e: Env): TlsConfig | undefined {
  if (e.KEYGATE_TLS_CERT === undefined && e.KEYGATE_TLS_KEY === undefined) {
    if (e.KEYGATE_TLS_CLIENT_CA !== undefined) throw new ConfigError('KEYGATE_TLS_CLIENT_CA needs KEYGATE_TLS_CERT and KEYGATE_TLS_KEY');
    return undefined;
  }
  if (e.KEYGATE_TLS_CERT === undefined || e.KEYGATE_TLS_KEY === undefined) throw new ConfigError('KEYGATE_TLS_CERT and KEYGATE_TLS_KEY are set together');
  return {
    certPath: path.resolve(e.KEYGATE_TLS_CERT),
    keyPath: path.resolve(e.KEYGATE_TLS_KEY),
    ...(e.KEYGATE_TLS_CLIENT_CA === undefined ? {} : { clientCaPath: path.resolve(e.KEYGATE_TLS_CLIENT_CA) }),
  };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(item: string): boolean {
  if (PROXY_NAMES.has(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  const version = net.isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

/**
 * Whom to trust for the client address. `true` (trust whatever X-Forwarded-For says) is refused:
 * any client could then choose the address it is throttled by.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim();
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const items = text.split(',').map((i) => i.trim());
  const bad = items.find((i) => !isProxyAddress(i));
  if (bad !== undefined) {
    throw new ConfigError(`KEYGATE_TRUST_PROXY: ${JSON.stringify(bad)} is not an address, a CIDR block, loopback, linklocal or uniquelocal (or give a number of hops)`);
  }
  return items;
}

/**
 * "HOST:PORT", "[IPv6]:PORT" or a bare "PORT" (on 127.0.0.1: the metrics carry no secrets, but
 * an operator opens them to a network on purpose, by naming its address).
 */
export function parseListenAddress(value: string, name: string): ListenAddress {
  const match = /^(?:(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):)?([0-9]{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(`${name} must be HOST:PORT, [IPV6]:PORT or PORT, not ${JSON.stringify(value)}`);
  }
  return { host: match[1] ?? match[2] ?? '127.0.0.1', port };
}

export interface ConfigOverrides {
  readonly dataDir?: string;
  readonly port?: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.KEYGATE_DATA_DIR ?? './data');
  const database: DatabaseConfig =
    e.DATABASE_URL === undefined
      ? { engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }
      : { engine: 'postgres', url: e.DATABASE_URL, ...(e.KEYGATE_DB_SCHEMA === undefined ? {} : { schema: e.KEYGATE_DB_SCHEMA }) };
  const port = overrides.port ?? e.PORT ?? 8080;
  return {
    dataDir,
    database,
    origin: e.KEYGATE_ORIGIN,
    logKeyPath: e.KEYGATE_LOG_KEY,
    port,
    publicUrl: e.KEYGATE_PUBLIC_URL === undefined ? defaultPublicUrl(port) : parsePublicUrl(e.KEYGATE_PUBLIC_URL),
    host: e.HOST ?? '127.0.0.1',
    ...(e.KEYGATE_LOG_LEVEL === undefined ? {} : { logLevel: e.KEYGATE_LOG_LEVEL }),
    ...(e.KEYGATE_LOG_FORMAT === undefined ? {} : { logFormat: e.KEYGATE_LOG_FORMAT }),
    tls: tlsConfig(e),
    adminPassword: e.KEYGATE_ADMIN_PASSWORD,
    ...(e.KEYGATE_TRUST_PROXY === undefined ? {} : { trustProxy: parseTrustProxy(e.KEYGATE_TRUST_PROXY) }),
    ...(e.KEYGATE_METRICS_ADDR === undefined ? {} : { metricsAddress: parseListenAddress(e.KEYGATE_METRICS_ADDR, 'KEYGATE_METRICS_ADDR') }),
    ...witnessConfig(e),
    notifications: notificationConfig(e),
  };
}

/** Where the CLI client commands send their requests, and with which API token. */
export interface ClientConfig {
  readonly url: string;
  readonly token: string;
}

export function loadClientConfig(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const url = env.KEYGATE_URL ?? 'http://127.0.0.1:8080';
  const token = env.KEYGATE_TOKEN;
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new ConfigError('KEYGATE_URL must be an http(s) URL');
  if (token === undefined || token === '') throw new ConfigError('KEYGATE_TOKEN is not set: create one with `keygate token create` and export it');
  return { url: url.replace(/\/+$/, ''), token };
}

/** `keygate witness …`: the witness's data dir, where it listens, and the logs it witnesses. */
export interface WitnessConfig {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** Verifier keys of the logs to witness (`--log-vkey`); each log's origin is its key name. */
  readonly logKeys: readonly string[];
  /** The cosigner name for a new witness key (`--name`); an existing key keeps its own. */
  readonly name: string | undefined;
  readonly logLevel?: string;
}

export function loadWitnessConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { dataDir?: string; port?: number; logKeys?: readonly string[]; name?: string } = {},
): WitnessConfig {
  const parsed = envSchema.pick({ KEYGATE_DATA_DIR: true, PORT: true, HOST: true, KEYGATE_LOG_LEVEL: true }).safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = parsed.data;
  return {
    dataDir: path.resolve(overrides.dataDir ?? e.KEYGATE_DATA_DIR ?? './witness-data'),
    port: overrides.port ?? e.PORT ?? 7380,
    host: e.HOST ?? '127.0.0.1',
    logKeys: overrides.logKeys ?? [],
    name: overrides.name,
    ...(e.KEYGATE_LOG_LEVEL === undefined ? {} : { logLevel: e.KEYGATE_LOG_LEVEL }),
  };
}

/**
 * Where `keygate signer` keeps the person's signing key: `--config-dir`, else
 * $XDG_CONFIG_HOME/keygate, else ~/.config/keygate. The key never leaves this directory.
 */
export function signerConfigDir(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given !== undefined) return given;
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'keygate');
}
