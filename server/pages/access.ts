// Authorization for the pages, from the same PERMISSIONS table as the API: a page or a form is
// shown, and its POST accepted, only for the roles the table gives the matching operationId, so
// the pages and the API can never disagree about who may do what.
import type { RequestHandler } from 'express';
import { allow } from '../auth/middleware.ts';
import type { Principal } from '../auth/principal.ts';
import { PERMISSIONS } from '../http/permissions.ts';
import type { OperationId } from '../http/permissions.ts';

export function can(principal: Principal | undefined, operationId: OperationId): boolean {
  return principal !== undefined && (PERMISSIONS[operationId] as readonly string[]).includes(principal.role);
}

/** 401 for an anonymous caller (the error page sends them to log in), 403 for a role the table leaves out. */
export function needs(operationId: OperationId): RequestHandler {
  return allow(PERMISSIONS[operationId]);
}

export interface NavItem {
  readonly href: string;
  readonly label: string;
}

const NAV: readonly (NavItem & { readonly operationId: OperationId })[] = [
  { href: '/ui', label: 'Dashboard', operationId: 'getCurrentPrincipal' },
  { href: '/ui/requests', label: 'Requests', operationId: 'listRequests' },
  { href: '/ui/credentials', label: 'My credentials', operationId: 'getCurrentPrincipal' },
  { href: '/ui/certificates/inspect', label: 'Check a certificate', operationId: 'inspectCertificate' },
  { href: '/ui/log', label: 'Audit log', operationId: 'listLogEntries' },
  { href: '/ui/admin/roster', label: 'Roster', operationId: 'listPeople' },
  { href: '/ui/admin/providers', label: 'Providers and keys', operationId: 'listProviders' },
  { href: '/ui/admin/trust-anchors', label: 'Trust anchors', operationId: 'listTrustAnchors' },
  { href: '/ui/admin/policy', label: 'Policy', operationId: 'listPolicyVersions' },
  { href: '/ui/admin/accounts', label: 'Accounts', operationId: 'listAccounts' },
  { href: '/ui/admin/documents', label: 'Documents', operationId: 'purgeDocument' },
];

export function navigationFor(principal: Principal): NavItem[] {
  // Credentials are a person's: accounts that are not people (admin, auditor) sign nothing.
  const shown = NAV.filter((item) => can(principal, item.operationId) && (item.href !== '/ui/credentials' || principal.personId !== null));
  return shown.map(({ href, label }) => ({ href, label }));
}
