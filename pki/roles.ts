// Remote Party Roles (GBCS section 12 / DOMAIN.md). An Organisation Certificate names its role in
// the subject OU as exactly two upper-case hexadecimal characters: "05", "89", "7F".

export const REMOTE_PARTY_ROLES = {
  root: 0,
  recovery: 1,
  supplier: 2,
  networkOperator: 3,
  accessControlBroker: 4,
  transitionalCoS: 5,
  wanProvider: 6,
  issuingAuthority: 7,
  loadController: 8,
  other: 127,
  xmlSign: 135,
  dspXmlSign: 137,
} as const;

export type RemotePartyRoleName = keyof typeof REMOTE_PARTY_ROLES;
export type RemotePartyRole = (typeof REMOTE_PARTY_ROLES)[RemotePartyRoleName];

const NAME_BY_CODE = new Map<number, RemotePartyRoleName>(
  Object.entries(REMOTE_PARTY_ROLES).map(([name, code]) => [code, name as RemotePartyRoleName]),
);

export function roleName(code: number): RemotePartyRoleName | null {
  return NAME_BY_CODE.get(code) ?? null;
}

export function isKnownRole(code: number): code is RemotePartyRole {
  return NAME_BY_CODE.has(code);
}

export type RoleOu =
  | { readonly kind: 'role'; readonly code: number }
  | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Reads the OU of an Organisation Certificate. Two upper-case hex digits only: "137" (the old
 * decimal mis-encoding of dspXmlSign), "5" and "0x05" are malformed, and nothing is normalised.
 */
export function parseRoleOu(ou: string): RoleOu {
  if (ou.length !== 2) return { kind: 'malformed', reason: `OU "${printable(ou)}" is not two hexadecimal characters` };
  for (const ch of ou) {
    if (!'0123456789ABCDEF'.includes(ch)) return { kind: 'malformed', reason: `OU "${printable(ou)}" is not upper-case hexadecimal` };
  }
  return { kind: 'role', code: parseInt(ou, 16) };
}

/** Attacker-controlled text shown in a finding: short, printable ASCII only. */
export function printable(s: string, max = 40): string {
  let out = '';
  for (const ch of s.slice(0, max)) out += ch >= ' ' && ch <= '~' && ch !== '"' ? ch : '?';
  return s.length > max ? out + '…' : out;
}
