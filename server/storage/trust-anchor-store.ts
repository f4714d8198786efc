// Trust anchor rows. One function per operation, each taking the transaction or the database.
import type { Knex } from 'knex';

export interface AnchorRow {
  fingerprint: string;
  der: Buffer;
  kind: string;
  subject: string;
  record: string;
  added_at: string;
  added_by: string;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
}

export interface TrustAnchor {
  readonly fingerprint: string;
  readonly der: Buffer;
  readonly kind: string;
  readonly subject: string;
  readonly record: unknown;
  readonly addedAt: string;
  readonly addedBy: string;
  readonly removed: { readonly at: string; readonly by: string; readonly reason: string } | null;
}

function toAnchor(row: AnchorRow): TrustAnchor {
  return {
    fingerprint: row.fingerprint,
    der: Buffer.from(row.der),
    kind: row.kind,
    subject: row.subject,
    record: JSON.parse(row.record) as unknown,
    addedAt: row.added_at,
    addedBy: row.added_by,
    removed: row.removed_at === null ? null : { at: row.removed_at, by: row.removed_by ?? '', reason: row.removed_reason ?? '' },
  };
}

export async function findAnchor(q: Knex | Knex.Transaction, fingerprint: string): Promise<TrustAnchor | null> {
  const row = await q<AnchorRow>('trust_anchors').where('fingerprint', fingerprint).first();
  return row === undefined ? null : toAnchor(row);
}

export async function listAnchors(q: Knex | Knex.Transaction, options: { includeRemoved: boolean }): Promise<TrustAnchor[]> {
  const query = q<AnchorRow>('trust_anchors').orderBy('added_at').orderBy('fingerprint');
  if (!options.includeRemoved) query.whereNull('removed_at');
  return (await query).map(toAnchor);
}

export async function insertAnchor(trx: Knex.Transaction, anchor: Omit<TrustAnchor, 'removed'>): Promise<void> {
  await trx('trust_anchors').insert({
    fingerprint: anchor.fingerprint,
    der: anchor.der,
    kind: anchor.kind,
    subject: anchor.subject,
    record: JSON.stringify(anchor.record),
    added_at: anchor.addedAt,
    added_by: anchor.addedBy,
  });
}

/** Marks an active anchor removed; returns false when it was not active. */
export async function markAnchorRemoved(trx: Knex.Transaction, fingerprint: string, removal: { at: string; by: string; reason: string }): Promise<boolean> {
  const n = await trx('trust_anchors')
    .where('fingerprint', fingerprint)
    .whereNull('removed_at')
    .update({ removed_at: removal.at, removed_by: removal.by, removed_reason: removal.reason });
  return n === 1;
}

/** Makes a removed anchor active again (its history stays in the audit log). */
export async function reinstateAnchor(trx: Knex.Transaction, fingerprint: string, added: { at: string; by: string }): Promise<void> {
  await trx('trust_anchors')
    .where('fingerprint', fingerprint)
    .update({ added_at: added.at, added_by: added.by, removed_at: null, removed_by: null, removed_reason: null });
}
