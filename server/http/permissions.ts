// The role-by-operation table: the one place that says which account roles may call which
// operation of /api/v1. Every route is mounted with allow(PERMISSIONS[operationId]); the route
// registry, the OpenAPI document and the matrix test all read this table.
//
// Separation of duties, as the table encodes it:
// - admin keeps the world (roster, providers, trust anchors, keys, policy) and never submits,
//   votes, advises or decides;
// - dcc requests and records execution, and never votes;
// - pma_member votes and declares conflicts; pma_chair runs the PMA's process; ssc advises;
// - auditor reads only, save for its own settings (SELF_SERVICE below).
// The approvals rules add what a table cannot: the person behind a role must hold it on the
// roster, and nobody acts in two roles on one request.
import { ACCOUNT_ROLES } from '../auth/roles.ts';
import type { AccountRole } from '../auth/roles.ts';

const EVERYONE = ACCOUNT_ROLES;
const ADMIN = ['admin'] as const;
const DCC = ['dcc'] as const;
const CHAIR = ['pma_chair'] as const;
const MEMBER = ['pma_member'] as const;
const SSC = ['ssc'] as const;
/** The people who sign their actions: every workflow role but the admin (secretariat) and the auditor. */
const PEOPLE = ['dcc', 'pma_member', 'pma_chair', 'ssc'] as const;
/** Who stores evidence: the DCC (request and execution evidence), the SSC (advice papers), the chair (conditions met). */
const EVIDENCE_AUTHORS = ['dcc', 'ssc', 'pma_chair'] as const;
/**
 * Operations that change only the caller's own settings, never the world or a request: open to
 * every role, the auditor included (auditors receive the security notices, so they set where and
 * how). The role-matrix test reads this list as the one exception to "the auditor reads only".
 */
export const SELF_SERVICE = ['setNotificationPreferences'] as const satisfies readonly (keyof typeof PERMISSIONS)[];

export const PERMISSIONS = {
  // API description
  getOpenApiDocument: EVERYONE,
  getApiDocs: EVERYONE,

  // Providers
  listProviders: EVERYONE,
  registerProvider: ADMIN,
  changeProviderStatus: ADMIN,

  // Trust anchors
  listTrustAnchors: EVERYONE,
  addTrustAnchor: ADMIN,
  removeTrustAnchor: ADMIN,

  // Keys and certificates
  listKeys: EVERYONE,
  registerKey: ADMIN,
  inspectCertificate: EVERYONE,

  // Roster: people, memberships, affiliations
  listPeople: EVERYONE,
  addPerson: ADMIN,
  startMembership: ADMIN,
  endMembership: ADMIN,
  addAffiliation: ADMIN,
  endAffiliation: ADMIN,

  // Roster: chair appointments
  listCredentials: EVERYONE,
  enrolCredential: PEOPLE,
  revokeCredential: [...PEOPLE, 'admin'],

  listAppointments: EVERYONE,
  makeAppointment: ADMIN,
  recordNonObjection: ADMIN,
  startVetting: ADMIN,
  grantClearance: ADMIN,
  extendClearanceDeadline: ADMIN,
  terminateAppointment: ADMIN,

  // Policy
  listPolicyVersions: EVERYONE,
  setPolicy: ADMIN,

  // Requests: the DCC's side
  listRequests: EVERYONE,
  getRequest: EVERYONE,
  createRequest: DCC,
  amendRequest: DCC,
  submitRequest: DCC,
  withdrawRequest: DCC,
  recordExecution: DCC,
  confirmObligation: DCC,

  // Requests: the PMA's and the SSC's side
  openConsultation: CHAIR,
  recordAdvice: SSC,
  waiveAdvice: CHAIR,
  openVoting: CHAIR,
  requestInformation: CHAIR,
  declareConflict: MEMBER,
  castVote: MEMBER,
  decideRequest: CHAIR,
  closeNoDecision: CHAIR,
  adjournVote: CHAIR,
  markConditionMet: CHAIR,
  revokeRequest: CHAIR,

  // Documents
  uploadDocument: EVIDENCE_AUTHORS,
  downloadDocument: EVERYONE,
  purgeDocument: ADMIN,

  // Notifications: each person's own settings and mailbox; the outbox and webhooks for admins
  getNotificationPreferences: EVERYONE,
  setNotificationPreferences: EVERYONE,
  getMailbox: EVERYONE,
  listOutbox: ADMIN,
  retryOutbox: ADMIN,
  listWebhooks: ADMIN,
  registerWebhook: ADMIN,
  disableWebhook: ADMIN,

  // Sessions (routes in auth-routes.ts, which keeps its own copy of these roles; the permissions
  // test holds the two equal) and accounts (routes/accounts.ts, mounted by the auth router).
  // Login needs no account and is not listed.
  logout: EVERYONE,
  getCurrentPrincipal: EVERYONE,
  listAccounts: ADMIN,
  createAccount: ADMIN,
  disableAccount: ADMIN,
  setAccountPassword: ADMIN,
  createApiToken: ADMIN,
  revokeApiToken: ADMIN,
  addClientCertificate: ADMIN,

  // The audit log (read-only routes in log-routes.ts)
  getLogCheckpoint: EVERYONE,
  getLogKey: EVERYONE,
  listLogEntries: EVERYONE,
  getInclusionProof: EVERYONE,
  getConsistencyProof: EVERYONE,
  getLogTile: EVERYONE,
  getLogEntryBundle: EVERYONE,
} as const satisfies Record<string, readonly AccountRole[]>;

export type OperationId = keyof typeof PERMISSIONS;

export const OPERATION_IDS = Object.keys(PERMISSIONS) as readonly OperationId[];
