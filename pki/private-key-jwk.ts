// JSON Web Keys that hold private or secret material. Member names are matched case-insensitively
// ("D", "Kty"): a careless or hostile sender changes case, and a reader that folds case would
// still find the key. A JWK without "kty" still counts when it has the other members of a key.

/** RFC 7518 6.2.2 (EC d), 6.3.2 (RSA d p q dp dq qi oth), 6.4.1 (oct k); RFC 8037 2 (OKP d); "priv" (AKP drafts). */
export const JWK_PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;
export type JwkPrivateMember = (typeof JWK_PRIVATE_MEMBERS)[number];

/** Public members that make an object a JWK even without "kty". */
export const JWK_PUBLIC_MEMBERS = ['crv', 'x', 'y', 'n', 'e', 'pub'] as const;

/**
 * Shortest base64url value of a private member that counts without "kty": a 128-bit secret is 22
 * characters; shorter strings under a member named "d" or "p" are too likely to be something else.
 */
export const MIN_MEMBER_VALUE = 16;

const BASE64URL_VALUE = /^[A-Za-z0-9_\-+/=]+$/;

function isKeyValue(v: unknown): boolean {
  return typeof v === 'string' ? v.length >= MIN_MEMBER_VALUE && BASE64URL_VALUE.test(v) : Array.isArray(v) && v.length > 0;
}

const PRIVATE = new Set<string>(JWK_PRIVATE_MEMBERS);
const PUBLIC = new Set<string>(JWK_PUBLIC_MEMBERS);

/** The private member that makes `obj` a private JWK, or null. */
export function jwkPrivateMember(obj: Readonly<Record<string, unknown>>): JwkPrivateMember | null {
  let hasKty = false;
  let hasPublic = false;
  const found: [JwkPrivateMember, unknown][] = [];
  for (const key of Object.keys(obj)) {
    if (key.length > 7) continue;
    const name = key.toLowerCase();
    const value = obj[key];
    if (name === 'kty') hasKty = typeof value === 'string';
    else if (PUBLIC.has(name)) hasPublic = true;
    else if (PRIVATE.has(name) && value !== undefined && value !== null) found.push([name as JwkPrivateMember, value]);
  }
  if (found.length === 0) return null;
  if (hasKty) return found[0]![0];
  const keyValues = found.filter(([, v]) => isKeyValue(v));
  if (keyValues.length > 0 && (hasPublic || keyValues.length > 1)) return keyValues[0]![0];
  return null;
}
