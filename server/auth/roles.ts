// Account roles: what a signed-in user is, for authorization. A person in the roster may hold
// an account; the approvals rules then judge what that person may do on a given request.
export const ACCOUNT_ROLES = ['dcc', 'pma_member', 'pma_chair', 'ssc', 'auditor', 'admin'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export function isAccountRole(value: unknown): value is AccountRole {
  return typeof value === 'string' && (ACCOUNT_ROLES as readonly string[]).includes(value);
}
