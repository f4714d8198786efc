// Accounts and credentials for tests, made through the real AccountService and login route.
import crypto from 'node:crypto';
import type { Keygate } from '../../server/compose.ts';
import { PERSON_ROLES } from '../../server/auth/account-rules.ts';
import type { AccountRole } from '../../server/auth/roles.ts';

/** The admin that test set-up acts as in log entries. */
export const TEST_SETUP_ACTOR = { id: 'test-setup', role: 'admin' } as const;

export interface TestPrincipal {
  /** The API token's secret, `kgt_…`. */
  readonly token: string;
  /** `{ authorization: 'Bearer kgt_…' }`, ready for fetch. */
  readonly headers: Record<string, string>;
  readonly accountId: string;
  readonly username: string;
  readonly personId: string | null;
}

/**
 * Creates an account and an API token for it. Person roles (dcc, pma_member, pma_chair, ssc) get
 * `personId` or, when omitted, a fresh one; admin and auditor accounts have none.
 */
export async function createPrincipal(kg: Keygate, options: { role: AccountRole; personId?: string; username?: string; password?: string }): Promise<TestPrincipal> {
  const suffix = crypto.randomBytes(4).toString('hex');
  const username = options.username ?? `${options.role.replace('_', '-')}-${suffix}`;
  const personId = PERSON_ROLES.includes(options.role) ? (options.personId ?? `person-${suffix}`) : null;
  const account = await kg.accounts.createAccount(TEST_SETUP_ACTOR, {
    username,
    role: options.role,
    personId,
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  const { secret } = await kg.accounts.createToken(TEST_SETUP_ACTOR, account.id, 'test');
  return { token: secret, headers: { authorization: `Bearer ${secret}` }, accountId: account.id, username, personId };
}

export interface TestSession {
  /** `name=value` of the session cookie, for a `cookie` request header. */
  readonly cookie: string;
  /** Send as `x-csrf-token` on POST, PUT, PATCH and DELETE. */
  readonly csrfToken: string;
}

/** Logs in through `POST {baseUrl}/api/v1/auth/login`; `baseUrl` is the server's root (serve().url). */
export async function loginSession(baseUrl: string, username: string, password: string): Promise<TestSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie()[0];
  const cookie = setCookie?.split(';')[0];
  if (cookie === undefined) throw new Error('login answered without a session cookie');
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken: body.csrfToken };
}
