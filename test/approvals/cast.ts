// The people, providers, appointments, policy and keys of the scenarios, recorded through the core.
import { POLICY, Recorder, SECRETARIAT, appointment, day, person, provider, registration, version } from './fixtures.ts';
import type { Body, MemberRole, Organisation, ProviderKind, ProviderStatus } from '../../approvals/index.ts';

export const P = {
  tcos: provider('tcos-host'),
  ecos: provider('ecos-party'),
  dsp: provider('dsp-2013'),
  dspNext: provider('dsp-next'),
} as const;

export const WHO = {
  dan: 'dcc-dan',
  dora: 'dcc-dora',
  clara: 'chair-clara',
  sol: 'ssc-sol',
  sam: 'spec-sam',
  una: 'sup-una',
  vic: 'sup-vic',
  nia: 'net-nia',
  eve: 'sup-eve',
  wes: 'sup-wes',
} as const;

export const PMA_MEMBERS = [WHO.sam, WHO.una, WHO.vic, WHO.nia, WHO.eve, WHO.wes] as const;

export const TCOS_KEY = 'spki:tcos-signing-key';
export const DSP_KEY = 'spki:dsp-acb-key';

export const SETUP_TIME = '2026-01-05T09:00:00Z';

export function recordCast(rec: Recorder = new Recorder()): Recorder {
  const t = SETUP_TIME;
  const providers: [keyof typeof P, string, ProviderKind, ProviderStatus][] = [
    ['tcos', 'TCoS host', 'tcos_host', 'current'],
    ['ecos', 'ECoS Party', 'ecos_party', 'current'],
    ['dsp', 'Data Services Provider (2013)', 'dsp', 'current'],
    ['dspNext', 'Data Services Provider (Network Evolution)', 'dsp', 'prospective'],
  ];
  for (const [k, name, kind, status] of providers) rec.run({ action: 'provider.registered', actor: SECRETARIAT, data: { providerId: P[k], name, kind, status } }, t);
  for (const id of Object.values(WHO)) rec.run({ action: 'roster.person_added', actor: SECRETARIAT, data: { personId: person(id), name: id.replace('-', ' ') } }, t);
  const join = (id: string, body: Body, role: MemberRole, specialist = false): void => {
    rec.run({ action: 'roster.membership_started', actor: SECRETARIAT, data: { personId: person(id), body, role, specialist } }, t);
  };
  const affiliate = (id: string, organisation: Organisation): void => {
    rec.run({ action: 'roster.affiliation_added', actor: SECRETARIAT, data: { personId: person(id), organisation } }, t);
  };
  for (const id of PMA_MEMBERS) join(id, 'smki_pma', 'pma_member', id === WHO.sam);
  join(WHO.sol, 'ssc', 'ssc_member');
  affiliate(WHO.dan, { type: 'dcc' });
  affiliate(WHO.dora, { type: 'dcc' });
  affiliate(WHO.eve, { type: 'provider', providerId: P.ecos });

  rec.run({ action: 'appointment.made', actor: SECRETARIAT, data: { appointmentId: appointment('pma-chair-2025'), personId: person(WHO.clara), body: 'smki_pma', appointedOn: day('2025-11-01'), clearance: { status: 'held', heldOn: day('2024-06-01') } } }, t);
  rec.run({ action: 'appointment.non_objection_recorded', actor: SECRETARIAT, data: { appointmentId: appointment('pma-chair-2025'), date: day('2025-10-20'), reference: 'SoS/SMKI-PMA/2025/17' } }, t);
  rec.run({ action: 'appointment.made', actor: SECRETARIAT, data: { appointmentId: appointment('ssc-chair-2025'), personId: person(WHO.sol), body: 'ssc', appointedOn: day('2025-12-01'), clearance: { status: 'not_held' } } }, t);
  rec.run({ action: 'appointment.non_objection_recorded', actor: SECRETARIAT, data: { appointmentId: appointment('ssc-chair-2025'), date: day('2025-11-25'), reference: 'SoS/SSC/2025/09' } }, t);
  rec.run({ action: 'appointment.vetting_started', actor: SECRETARIAT, data: { appointmentId: appointment('ssc-chair-2025'), startedOn: day('2025-12-15') } }, t);

  rec.run({ action: 'policy.set', actor: SECRETARIAT, data: { version: version(1), terms: POLICY } }, t);
  rec.run({ action: 'key.registered', actor: SECRETARIAT, data: { holderId: P.tcos, ...registration(TCOS_KEY) } }, t);
  rec.run({ action: 'key.registered', actor: SECRETARIAT, data: { holderId: P.dsp, ...registration(DSP_KEY, { role: 4 }) } }, t);
  return rec;
}
