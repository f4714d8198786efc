// Wire schemas of the authentication and account routes: requests are strict (an unknown
// member is refused, never dropped) and nothing is transformed; responses describe what the
// routes send, for the OpenAPI document.
import { z } from 'zod';
import { ID_PATTERN } from '../../approvals/index.ts';
import { FINGERPRINT_PATTERN, MAX_TOKEN_NAME_LENGTH, USERNAME_PATTERN } from './account-rules.ts';
import { ACCOUNT_ROLES } from './roles.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './secrets.ts';

const ACCOUNT_ID_PATTERN = /^acc_[0-9a-f]{24}$/;
const TOKEN_ID_PATTERN = /^tok_[0-9a-f]{24}$/;

const accountId = z.string().regex(ACCOUNT_ID_PATTERN, 'not an account id');
const tokenId = z.string().regex(TOKEN_ID_PATTERN, 'not a token id');
const username = z.string().regex(USERNAME_PATTERN, 'a username is lower-case letters, digits, ".", "_" or "-", at most 64');
const password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const personId = z.string().regex(ID_PATTERN, 'not a person id');
const role = z.enum(ACCOUNT_ROLES);
const instant = z.string().describe('UTC ISO 8601 instant');

/** Login takes any non-empty strings: the password policy is not revealed to a guesser. */
export const loginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).strict();

export const createAccountRequest = z
  .object({
    username,
    role,
    /** Required for dcc, pma_member, pma_chair and ssc; absent or null for admin and auditor. */
    personId: personId.nullable().optional(),
    /** Omit for a token-only account. */
    password: password.optional(),
  })
  .strict();

export const setPasswordRequest = z.object({ password }).strict();
export const createTokenRequest = z.object({ name: z.string().min(1).max(MAX_TOKEN_NAME_LENGTH) }).strict();
export const addClientCertificateRequest = z.object({ fingerprint: z.string().regex(FINGERPRINT_PATTERN, 'SHA-256 of the certificate DER, 64 lower-case hex digits') }).strict();
/** Actions without parameters take no body, or an empty JSON object. */
export const emptyRequest = z.object({}).strict().optional();

export const accountPath = z.object({ id: accountId }).strict();
export const tokenPath = z.object({ id: accountId, tokenId }).strict();

export const accountSchema = z.object({
  id: accountId,
  username: z.string(),
  role,
  personId: z.string().nullable(),
  hasPassword: z.boolean(),
  createdAt: instant,
  disabledAt: instant.nullable(),
});

export const apiTokenSchema = z.object({
  id: tokenId,
  accountId,
  name: z.string(),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
});

export const clientCertificateSchema = z.object({ fingerprint: z.string(), accountId, addedAt: instant });

export const accountDetailsSchema = accountSchema.extend({ tokens: z.array(apiTokenSchema), clientCertificates: z.array(clientCertificateSchema) });

export const principalSchema = z.object({
  accountId,
  username: z.string(),
  role,
  personId: z.string().nullable(),
  via: z.enum(['token', 'session', 'client-certificate']),
});

export const loginResponse = z.object({
  account: accountSchema,
  /** Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE of this session. */
  csrfToken: z.string(),
  expiresAt: instant,
});

export const meResponse = z.object({ principal: principalSchema, csrfToken: z.string().nullable() });
export const accountResponse = z.object({ account: accountSchema });
export const accountListResponse = z.object({ accounts: z.array(accountDetailsSchema) });
/** `secret` (`kgt_…`) is shown in this answer only; the server keeps its SHA-256. */
export const createdTokenResponse = z.object({ token: apiTokenSchema, secret: z.string().regex(/^kgt_[A-Za-z0-9_-]{43}$/) });
export const clientCertificateResponse = z.object({ clientCertificate: clientCertificateSchema });

/** Every schema of the auth and account routes, by name, for the OpenAPI document. */
export const authSchemas = {
  LoginRequest: loginRequest,
  CreateAccountRequest: createAccountRequest,
  SetPasswordRequest: setPasswordRequest,
  CreateTokenRequest: createTokenRequest,
  AddClientCertificateRequest: addClientCertificateRequest,
  AccountPath: accountPath,
  TokenPath: tokenPath,
  Account: accountSchema,
  AccountDetails: accountDetailsSchema,
  ApiToken: apiTokenSchema,
  ClientCertificate: clientCertificateSchema,
  Principal: principalSchema,
  LoginResponse: loginResponse,
  MeResponse: meResponse,
  AccountResponse: accountResponse,
  AccountListResponse: accountListResponse,
  CreatedTokenResponse: createdTokenResponse,
  ClientCertificateResponse: clientCertificateResponse,
} as const;
