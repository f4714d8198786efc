// Findings: each failed check is one finding with a stable code. Codes are the contract (tests,
// API clients and the UI key on them); the severity of a code is fixed here, not by the caller.

export const FINDING_SEVERITY = {
  // Encoding and algorithms (GBCS 12 / RFC 5280 4.1)
  'version-not-v3': 'error',
  'signature-algorithm-not-ecdsa-sha256': 'error',
  'signature-algorithm-mismatch': 'error',
  'serial-not-positive': 'error',
  'serial-length-unexpected': 'warning',
  'key-not-ec': 'error',
  'key-curve-not-p256': 'error',
  'key-point-compressed': 'error',
  'key-point-invalid': 'error',
  // Extensions
  'key-usage-missing': 'error',
  'key-usage-not-critical': 'error',
  'key-usage-both-ds-and-ka': 'error',
  'key-usage-invalid': 'error',
  'policy-missing': 'error',
  'policy-not-critical': 'error',
  'policy-not-allowed': 'error',
  'ski-missing': 'error',
  'ski-critical': 'error',
  'ski-length': 'error',
  'ski-not-method-2': 'error',
  'aki-missing': 'error',
  'aki-critical': 'error',
  'aki-length': 'error',
  'extension-malformed': 'error',
  'extension-duplicate': 'error',
  'extension-unknown-critical': 'error',
  'extension-unexpected': 'warning',
  // Subject, by kind
  'not-smki': 'error',
  'role-ou-missing': 'error',
  'role-ou-malformed': 'error',
  'role-unknown': 'error',
  'role-reserved-for-ca': 'warning',
  'eui-missing': 'error',
  'eui-malformed': 'error',
  'device-subject-not-empty': 'error',
  'device-san-missing': 'error',
  'device-san-not-critical': 'error',
  'device-san-malformed': 'error',
  'device-hw-type-unexpected': 'warning',
  'device-not-after-unexpected': 'warning',
  'ca-flag-missing': 'error',
  'ca-path-length-unexpected': 'warning',
  // Validity at the time given
  'validity-inverted': 'error',
  'not-yet-valid': 'error',
  'expired': 'error',
  // Certification path (RFC 5280 6.1, checked by us, not by the chain builder)
  'chain-no-anchor': 'error',
  'chain-issuer-not-found': 'error',
  'chain-too-long': 'error',
  'chain-signature-invalid': 'error',
  'chain-signature-unsupported': 'error',
  'chain-anchor-signature-invalid': 'error',
  'chain-key-id-missing': 'error',
  'chain-key-id-mismatch': 'error',
  'chain-issuer-not-ca': 'error',
  'chain-issuer-key-usage': 'error',
  'chain-path-length-exceeded': 'error',
  'chain-issuer-kind-mismatch': 'error',
  'chain-link-not-yet-valid': 'error',
  'chain-link-expired': 'error',
} as const satisfies Record<string, Severity>;

export type Severity = 'error' | 'warning';
export type FindingCode = keyof typeof FINDING_SEVERITY;

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
}

export function finding(code: FindingCode, message: string): Finding {
  return { code, severity: FINDING_SEVERITY[code], message };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
