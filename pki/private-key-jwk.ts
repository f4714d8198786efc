// JWK members that hold private or secret key material.

/** RFC 7518 6.2.2 (EC d), 6.3.2 (RSA d p q dp dq qi oth), 6.4.1 (oct k); RFC 8037 2 (OKP d); "priv" (AKP drafts). */
export const JWK_PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;
