// Per-environment configuration of the SMKI checks. Passed in by the composition root; the core
// never reads configuration itself.
import { DEFAULT_TRANSFER_ELIGIBILITY, verifyTransferEligibility } from './eligibility.ts';
import type { TransferEligibility } from './eligibility.ts';
import { PkiError } from './errors.ts';
import { OID_SMKI_DEVICE_HW_TYPE, OID_SMKI_TEST_POLICY } from './oids.ts';

export interface PkiPolicy {
  /** certificatePolicies OIDs accepted in this environment, matched exactly. */
  readonly allowedPolicyOids: readonly string[];
  /** hwType OIDs accepted in a Device Certificate's hardwareModuleName. */
  readonly deviceHwTypeOids: readonly string[];
  readonly transferEligibility: TransferEligibility;
}

/** The SMKI test PKI (DOMAIN.md). Production deployments pass their own. */
export const DEFAULT_PKI_POLICY: PkiPolicy = Object.freeze({
  allowedPolicyOids: Object.freeze([OID_SMKI_TEST_POLICY]),
  deviceHwTypeOids: Object.freeze([OID_SMKI_DEVICE_HW_TYPE]),
  transferEligibility: DEFAULT_TRANSFER_ELIGIBILITY,
});

const isDottedOid = (s: string): boolean => /^[0-2](\.(0|[1-9][0-9]{0,18}))+$/.test(s);

/** Returns the policy if usable; throws `policy-invalid` naming the first problem. */
export function verifyPkiPolicy(policy: PkiPolicy): PkiPolicy {
  if (policy.allowedPolicyOids.length === 0) throw new PkiError('policy-invalid', 'allowedPolicyOids is empty: no certificate could pass');
  for (const oid of [...policy.allowedPolicyOids, ...policy.deviceHwTypeOids]) {
    if (typeof oid !== 'string' || !isDottedOid(oid)) throw new PkiError('policy-invalid', `"${String(oid)}" is not a dotted OID`);
  }
  verifyTransferEligibility(policy.transferEligibility);
  return policy;
}
