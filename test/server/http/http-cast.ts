// The scenarios' cast (test/approvals/cast.ts) as accounts, and the world they work in set up
// over HTTP by the admin: trust anchors, providers, roster, chair appointments, policy, keys.
import type { Keygate } from '../../../server/compose.ts';
import type { AccountRole } from '../../../server/auth/roles.ts';
import { P, PMA_MEMBERS, WHO } from '../../approvals/cast.ts';
import { POLICY } from '../../approvals/fixtures.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import type { TestPrincipal } from '../../helpers/auth.ts';
import { orgCert, testPki } from '../../pki/fixtures.ts';
import type { Api } from './api-client.ts';

export const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');

const PERSON_ROLE: Record<keyof typeof WHO, AccountRole> = {
  dan: 'dcc',
  dora: 'dcc',
  clara: 'pma_chair',
  sol: 'ssc',
  sam: 'pma_member',
  una: 'pma_member',
  vic: 'pma_member',
  nia: 'pma_member',
  eve: 'pma_member',
  wes: 'pma_member',
};

export type Cast = { readonly [K in keyof typeof WHO | 'admin' | 'auditor']: TestPrincipal };

/** One account per person of the cast, plus an admin (the secretariat) and an auditor. */
export async function castAccounts(kg: Keygate): Promise<Cast> {
  const people = await Promise.all(
    (Object.keys(WHO) as (keyof typeof WHO)[]).map(async (k) => [k, await createPrincipal(kg, { role: PERSON_ROLE[k], personId: WHO[k], username: WHO[k] })] as const),
  );
  const admin = await createPrincipal(kg, { role: 'admin', username: 'secretary' });
  const auditor = await createPrincipal(kg, { role: 'auditor', username: 'auditor' });
  return { ...(Object.fromEntries(people) as Record<keyof typeof WHO, TestPrincipal>), admin, auditor };
}

const PROVIDERS: [keyof typeof P, string, string, string][] = [
  ['tcos', 'TCoS host', 'tcos_host', 'current'],
  ['ecos', 'ECoS Party', 'ecos_party', 'current'],
  ['dsp', 'Data Services Provider (2013)', 'dsp', 'current'],
  ['dspNext', 'Data Services Provider (Network Evolution)', 'dsp', 'prospective'],
];

/** What setUpWorld in test/helpers/approval-scenario.ts does through the services, over HTTP. */
export async function setUpWorldOverHttp(api: Api, cast: Cast, { signatures = 'optional' }: { readonly signatures?: 'required' | 'optional' } = {}): Promise<{ tcosKey: string; acbKey: string }> {
  const admin = cast.admin;
  for (const ca of [testPki().root, testPki().oca]) await api.ok('addTrustAnchor', admin, { body: { certificate: b64(ca.der) } });
  for (const [k, name, kind, status] of PROVIDERS) await api.ok('registerProvider', admin, { body: { providerId: P[k], name, kind, status } });
  for (const id of Object.values(WHO)) await api.ok('addPerson', admin, { body: { personId: id, name: id.replace('-', ' ') } });
  for (const id of PMA_MEMBERS) {
    await api.ok('startMembership', admin, { params: { personId: id }, body: { body: 'smki_pma', role: 'pma_member', specialist: id === WHO.sam } });
  }
  await api.ok('startMembership', admin, { params: { personId: WHO.sol }, body: { body: 'ssc', role: 'ssc_member', specialist: false } });
  for (const id of [WHO.dan, WHO.dora]) await api.ok('addAffiliation', admin, { params: { personId: id }, body: { organisation: { type: 'dcc' } } });
  await api.ok('addAffiliation', admin, { params: { personId: WHO.eve }, body: { organisation: { type: 'provider', providerId: P.ecos } } });

  await api.ok('makeAppointment', admin, {
    body: { appointmentId: 'pma-chair-2025', personId: WHO.clara, body: 'smki_pma', appointedOn: '2025-11-01', clearance: { status: 'held', heldOn: '2024-06-01' } },
  });
  await api.ok('recordNonObjection', admin, { params: { appointmentId: 'pma-chair-2025' }, body: { date: '2025-10-20', reference: 'SoS/SMKI-PMA/2025/17' } });
  await api.ok('makeAppointment', admin, {
    body: { appointmentId: 'ssc-chair-2025', personId: WHO.sol, body: 'ssc', appointedOn: '2025-12-01', clearance: { status: 'not_held' } },
  });
  await api.ok('recordNonObjection', admin, { params: { appointmentId: 'ssc-chair-2025' }, body: { date: '2025-11-25', reference: 'SoS/SSC/2025/09' } });
  await api.ok('startVetting', admin, { params: { appointmentId: 'ssc-chair-2025' }, body: { startedOn: '2025-12-15' } });

  // Most of the HTTP world's clients do not sign: policy `optional` unless asked (signing over HTTP
  // is covered by signature-refusals.test.ts and the CLI tests).
  await api.ok('setPolicy', admin, { body: { version: 1, terms: { ...POLICY, signatures } } });
  type Registered = { data: { keyId: string } };
  const tcos = await api.ok<Registered>('registerKey', admin, { body: { holderId: P.tcos, certificate: b64(orgCert(5)) } });
  const acb = await api.ok<Registered>('registerKey', admin, { body: { holderId: P.dsp, certificate: b64(orgCert(4)) } });
  return { tcosKey: tcos.data.keyId, acbKey: acb.data.keyId };
}
