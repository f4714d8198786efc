// Reads and writes the approval projection (approval_entities). Row shapes stay in this file.
import type { Knex } from 'knex';
import type { ApprovalState, ChairAppointment, EnrolledCredential, Person, Policy, RegisteredKey, RequestId, ServiceProvider, StateParts, TransferRequest } from '../../approvals/index.ts';

type Kind = 'person' | 'appointment' | 'provider' | 'key' | 'policy' | 'request' | 'credential';
type Q = Knex | Knex.Transaction;

interface EntityRow {
  kind: Kind;
  id: string;
  body: string;
  status: string | null;
  updated_at: string;
}

async function bodies<T>(q: Q, kind: Kind): Promise<T[]> {
  const rows = await q<EntityRow>('approval_entities').select('body').where('kind', kind).orderBy('id');
  return rows.map((r) => JSON.parse(r.body) as T);
}

/** The policy in force: the highest version. */
function latestPolicy(policies: readonly Policy[]): Policy | null {
  return policies.reduce<Policy | null>((best, p) => (best === null || p.version > best.version ? p : best), null);
}

export async function loadPolicies(q: Q): Promise<Policy[]> {
  return (await bodies<Policy>(q, 'policy')).sort((a, b) => a.version - b.version);
}

/**
 * Everything but requests (roster, appointments, providers, keys, the policy in force), and the
 * one request named, in one query: every command reads this before deciding.
 */
export async function loadWorld(q: Q, requestId: RequestId | null = null): Promise<StateParts> {
  const query = q<EntityRow>('approval_entities').select('kind', 'body').whereNot('kind', 'request').orderBy(['kind', 'id']);
  if (requestId !== null) query.orWhere((w) => void w.where({ kind: 'request', id: requestId }));
  const parts = {
    person: [] as Person[],
    appointment: [] as ChairAppointment[],
    provider: [] as ServiceProvider[],
    key: [] as RegisteredKey[],
    policy: [] as Policy[],
    request: [] as TransferRequest[],
    credential: [] as EnrolledCredential[],
  };
  for (const row of await query) (parts[row.kind] as unknown[]).push(JSON.parse(row.body));
  return { people: parts.person, appointments: parts.appointment, providers: parts.provider, keys: parts.key, policy: latestPolicy(parts.policy), requests: parts.request, credentials: parts.credential };
}

/** The credentials of one person, revoked ones included, in id order. */
export async function loadCredentials(q: Q, personId: string): Promise<EnrolledCredential[]> {
  return (await bodies<EnrolledCredential>(q, 'credential')).filter((c) => c.personId === personId);
}

/** Whether any of these statement hashes was used before (a replayed signature). */
export async function usedStatement(q: Q, hashes: readonly string[]): Promise<string | null> {
  if (hashes.length === 0) return null;
  const row = await q<{ statement_sha256: string }>('signed_statements').select('statement_sha256').whereIn('statement_sha256', [...hashes]).first();
  return row?.statement_sha256 ?? null;
}

export async function recordStatements(trx: Knex.Transaction, rows: readonly { readonly hash: string; readonly credentialId: string }[], at: string): Promise<void> {
  for (const r of rows) await trx('signed_statements').insert({ statement_sha256: r.hash, credential_id: r.credentialId, used_at: at });
}

export async function loadRequest(q: Q, id: RequestId): Promise<TransferRequest | null> {
  const row = await q<EntityRow>('approval_entities').where({ kind: 'request', id }).first();
  return row === undefined ? null : (JSON.parse(row.body) as TransferRequest);
}

export async function listRequests(q: Q, options: { status?: readonly string[] } = {}): Promise<TransferRequest[]> {
  const query = q<EntityRow>('approval_entities').select('body').where('kind', 'request').orderBy('id');
  if (options.status !== undefined) query.whereIn('status', [...options.status]);
  return (await query).map((r) => JSON.parse(r.body) as TransferRequest);
}

function changed<K, V>(before: ReadonlyMap<K, V>, after: ReadonlyMap<K, V>): V[] {
  return [...after].filter(([id, v]) => before.get(id) !== v).map(([, v]) => v);
}

/**
 * Writes every entity that differs (by identity) between two states. applyEvent replaces what
 * it changes and keeps the rest, so identity is exactly "changed by this event".
 */
export async function saveChanges(trx: Knex.Transaction, before: ApprovalState, after: ApprovalState, at: string): Promise<void> {
  const rows: EntityRow[] = [
    ...changed(before.people, after.people).map((v) => row('person', v.id, v, null, at)),
    ...changed(before.appointments, after.appointments).map((v) => row('appointment', v.id, v, null, at)),
    ...changed(before.providers, after.providers).map((v) => row('provider', v.id, v, null, at)),
    ...changed(before.keys, after.keys).map((v) => row('key', v.id, v, null, at)),
    ...changed(before.requests, after.requests).map((v) => row('request', v.id, v, v.state, at)),
    ...changed(before.credentials, after.credentials).map((v) => row('credential', v.id, v, null, at)),
  ];
  if (after.policy !== null && after.policy !== before.policy) rows.push(row('policy', String(after.policy.version), after.policy, null, at));
  for (const r of rows) {
    await trx('approval_entities').insert(r).onConflict(['kind', 'id']).merge(['body', 'status', 'updated_at']);
  }
}

function row(kind: Kind, id: string, body: unknown, status: string | null, at: string): EntityRow {
  return { kind, id, body: JSON.stringify(body), status, updated_at: at };
}

/** A projection row as fsck compares it: what saveChanges writes for an entity, without its time. */
export interface ProjectionRow {
  readonly kind: Kind;
  readonly id: string;
  readonly body: unknown;
  readonly status: string | null;
}

/**
 * The rows the projection must hold for `state` (every policy version in `policies`, as
 * saveChanges keeps each version it saw), keyed `kind/id`.
 */
export function projectionOf(state: ApprovalState, policies: readonly Policy[]): Map<string, ProjectionRow> {
  const rows: ProjectionRow[] = [
    ...[...state.people.values()].map((v) => ({ kind: 'person' as const, id: v.id, body: v, status: null })),
    ...[...state.appointments.values()].map((v) => ({ kind: 'appointment' as const, id: v.id, body: v, status: null })),
    ...[...state.providers.values()].map((v) => ({ kind: 'provider' as const, id: v.id, body: v, status: null })),
    ...[...state.keys.values()].map((v) => ({ kind: 'key' as const, id: v.id, body: v, status: null })),
    ...[...state.requests.values()].map((v) => ({ kind: 'request' as const, id: v.id, body: v, status: v.state })),
    ...[...state.credentials.values()].map((v) => ({ kind: 'credential' as const, id: v.id, body: v, status: null })),
    ...policies.map((v) => ({ kind: 'policy' as const, id: String(v.version), body: v, status: null })),
  ];
  return new Map(rows.map((r) => [`${r.kind}/${r.id}`, r]));
}

/** Every projection row as stored, keyed `kind/id`. */
export async function readProjection(q: Q): Promise<Map<string, ProjectionRow>> {
  const rows = await q<EntityRow>('approval_entities').select('kind', 'id', 'body', 'status');
  return new Map(rows.map((r) => [`${r.kind}/${r.id}`, { kind: r.kind, id: r.id, body: JSON.parse(r.body) as unknown, status: r.status }]));
}
