// Which keys a DCC Service Provider holds, and so could be asked to move (DOMAIN.md). The table is
// configuration; two rules are not: Device keys live on devices, and Supplier and Network Operator
// keys belong to SEC Parties. A table that lists those is refused, never silently trimmed.
import { PkiError } from './errors.ts';
import { CA_KINDS, isCaKind } from './kinds.ts';
import type { CaKind, CertificateKind } from './kinds.ts';
import { REMOTE_PARTY_ROLES } from './roles.ts';

export interface TransferEligibility {
  /** Remote Party Roles of Organisation Certificates whose private keys may be transferred. */
  readonly roles: readonly number[];
  /** SMKI CA certificates whose private keys may be transferred. */
  readonly caKinds: readonly CaKind[];
}

export const DEFAULT_TRANSFER_ELIGIBILITY: TransferEligibility = Object.freeze({
  roles: Object.freeze([
    REMOTE_PARTY_ROLES.transitionalCoS,
    REMOTE_PARTY_ROLES.accessControlBroker,
    REMOTE_PARTY_ROLES.dspXmlSign,
    REMOTE_PARTY_ROLES.wanProvider,
    REMOTE_PARTY_ROLES.recovery,
  ]),
  caKinds: Object.freeze([...CA_KINDS]),
});

/** Keys of SEC Parties, never held by the DCC: no configuration can make them transferable. */
export const NEVER_TRANSFERABLE_ROLES: readonly number[] = Object.freeze([REMOTE_PARTY_ROLES.supplier, REMOTE_PARTY_ROLES.networkOperator]);

/** Returns the table if it is usable; throws `policy-invalid` naming the first problem. */
export function verifyTransferEligibility(table: TransferEligibility): TransferEligibility {
  for (const role of table.roles) {
    if (!Number.isInteger(role) || role < 0 || role > 255) throw new PkiError('policy-invalid', `transfer eligibility lists ${String(role)}, which is not a Remote Party Role code`);
    if (NEVER_TRANSFERABLE_ROLES.includes(role)) throw new PkiError('policy-invalid', `transfer eligibility lists role ${role}: Supplier and Network Operator keys are never transferable`);
  }
  for (const kind of table.caKinds) {
    if (!(CA_KINDS as readonly string[]).includes(kind)) throw new PkiError('policy-invalid', `transfer eligibility lists "${String(kind)}", which is not a CA kind`);
  }
  return table;
}

/**
 * Whether a key of this kind and role may be the subject of a transfer. This is eligibility only;
 * whether the certificate is acceptable evidence is the record's `valid`. Fails closed: unknown
 * kinds, device keys, a null role and the never-transferable roles are all false.
 */
export function isTransferable(kind: CertificateKind, role: number | null, table: TransferEligibility): boolean {
  if (kind === 'organisation') return role !== null && !NEVER_TRANSFERABLE_ROLES.includes(role) && table.roles.includes(role);
  if (isCaKind(kind)) return table.caKinds.includes(kind);
  return false;
}
