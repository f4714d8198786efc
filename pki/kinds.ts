// The kinds of certificate the gate distinguishes (DOMAIN.md, "SMKI certificates").

export const CA_KINDS = ['root-ca', 'organisation-ca', 'device-ca'] as const;
export type CaKind = (typeof CA_KINDS)[number];

/** "other" is anything that is not recognisably an SMKI certificate. */
export const CERTIFICATE_KINDS = ['organisation', 'device', ...CA_KINDS, 'other'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export function isCaKind(kind: CertificateKind): kind is CaKind {
  return (CA_KINDS as readonly string[]).includes(kind);
}
