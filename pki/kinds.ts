// The kinds of certificate the gate distinguishes (DOMAIN.md, "SMKI certificates").

export const CA_KINDS = ['root-ca', 'organisation-ca', 'device-ca'] as const;
export type CaKind = (typeof CA_KINDS)[number];

/** "other" is anything that is not recognisably an SMKI certificate. */
export type CertificateKind = 'organisation' | 'device' | CaKind | 'other';

export function isCaKind(kind: CertificateKind): kind is CaKind {
  return (CA_KINDS as readonly string[]).includes(kind);
}
