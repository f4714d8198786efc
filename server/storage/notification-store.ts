// Storage of notifications: contacts, preferences, the outbox, the local mailbox and webhook
// endpoints (migration 011). One function per operation, each on an explicit knex or
// transaction. Outbox rows are claimed with a lease: PostgreSQL skips rows another instance has
// locked (SELECT ... FOR UPDATE SKIP LOCKED), and the lease keeps them out of every other
// instance's claims until the delivery is recorded or the lease runs out (a crashed instance).
import type { Knex } from 'knex';

export type OutboxStatus = 'pending' | 'held' | 'delivered' | 'failed' | 'digested';
export type OutboxChannel = 'email' | 'webhook';

/** What a notice is, whether waiting or sent: the members a new row and a stored row share. */
interface OutboxNotice {
  readonly idempotencyKey: string;
  readonly channel: OutboxChannel;
  readonly recipient: string;
  readonly recipientName: string | null;
  readonly kind: string;
  readonly requestId: string | null;
  readonly logIndex: number | null;
  readonly message: string;
}

export interface NewOutboxRow extends OutboxNotice {
  readonly status: 'pending' | 'held';
  readonly at: string;
}

export interface OutboxRow extends OutboxNotice {
  readonly id: number;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

interface OutboxDbRow {
  id: number;
  idempotency_key: string;
  channel: OutboxChannel;
  recipient: string;
  recipient_name: string | null;
  kind: string;
  request_id: string | null;
  log_index: number | string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  message: string;
  created_at: string;
  delivered_at: string | null;
}

function toOutboxRow(r: OutboxDbRow): OutboxRow {
  return {
    id: Number(r.id),
    idempotencyKey: r.idempotency_key,
    channel: r.channel,
    recipient: r.recipient,
    recipientName: r.recipient_name,
    kind: r.kind,
    requestId: r.request_id,
    logIndex: r.log_index === null ? null : Number(r.log_index),
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    message: r.message,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

/** Inserts the rows; a row whose idempotency key exists already is left as it is. */
export async function insertOutbox(db: Knex | Knex.Transaction, rows: readonly NewOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => ({
    idempotency_key: r.idempotencyKey,
    channel: r.channel,
    recipient: r.recipient,
    recipient_name: r.recipientName,
    kind: r.kind,
    request_id: r.requestId,
    log_index: r.logIndex,
    status: r.status,
    attempts: 0,
    next_attempt_at: r.at,
    message: r.message,
    created_at: r.at,
  }));
  await db('notification_outbox').insert(values).onConflict('idempotency_key').ignore();
}

/**
 * Claims up to `limit` due pending rows for `owner` until `leaseUntil`, in `trx`. On PostgreSQL
 * rows locked by another instance's claim are skipped, so two instances never claim one row.
 */
export async function claimDue(trx: Knex.Transaction, options: { readonly now: string; readonly owner: string; readonly leaseUntil: string; readonly limit: number; readonly postgres: boolean }): Promise<OutboxRow[]> {
  let query = trx<OutboxDbRow>('notification_outbox')
    .where('status', 'pending')
    .andWhere('next_attempt_at', '<=', options.now)
    .andWhere((q) => {
      void q.whereNull('lease_until').orWhere('lease_until', '<', options.now);
    })
    .orderBy('id')
    .limit(options.limit);
  if (options.postgres) query = query.forUpdate().skipLocked();
  const rows = (await query).map(toOutboxRow);
  if (rows.length > 0) {
    await trx('notification_outbox')
      .whereIn('id', rows.map((r) => r.id))
      .update({ lease_owner: options.owner, lease_until: options.leaseUntil });
  }
  return rows;
}

/** Records a delivery of a row this owner holds; false when the lease was lost meanwhile. */
export async function markDelivered(db: Knex | Knex.Transaction, id: number, owner: string, at: string): Promise<boolean> {
  const n = await db('notification_outbox').where({ id, lease_owner: owner, status: 'pending' }).update({ status: 'delivered', delivered_at: at, attempts: db.raw('attempts + 1'), lease_owner: null, lease_until: null, last_error: null });
  return n === 1;
}

/** Records a failed attempt: retried at `nextAttemptAt`, or dead-lettered (`failed`) when `dead`. */
export async function markAttemptFailed(db: Knex | Knex.Transaction, id: number, owner: string, failure: { readonly error: string; readonly nextAttemptAt: string; readonly dead: boolean }): Promise<void> {
  await db('notification_outbox')
    .where({ id, lease_owner: owner, status: 'pending' })
    .update({ status: failure.dead ? 'failed' : 'pending', attempts: db.raw('attempts + 1'), next_attempt_at: failure.nextAttemptAt, last_error: failure.error.slice(0, 2000), lease_owner: null, lease_until: null });
}

/** An admin's retry: a failed row is pending again, due now, with its attempts counted afresh. */
export async function retryOutbox(db: Knex | Knex.Transaction, id: number, now: string): Promise<boolean> {
  const n = await db('notification_outbox').where({ id }).whereIn('status', ['failed', 'pending']).update({ status: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null });
  return n === 1;
}

export async function listOutbox(db: Knex, options: { readonly status?: OutboxStatus; readonly limit: number }): Promise<OutboxRow[]> {
  let query = db<OutboxDbRow>('notification_outbox').orderBy('id', 'desc').limit(options.limit);
  if (options.status !== undefined) query = query.where('status', options.status);
  return (await query).map(toOutboxRow);
}

export async function countOutbox(db: Knex): Promise<Record<OutboxStatus, number>> {
  const rows = (await db('notification_outbox').select('status').count({ n: '*' }).groupBy('status')) as { status: OutboxStatus; n: number | string }[];
  const counts: Record<OutboxStatus, number> = { pending: 0, held: 0, delivered: 0, failed: 0, digested: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Held rows (daily digest) created before `before`, oldest first. */
export async function listHeld(db: Knex | Knex.Transaction, before: string): Promise<OutboxRow[]> {
  return (await db<OutboxDbRow>('notification_outbox').where('status', 'held').andWhere('created_at', '<', before).orderBy('id')).map(toOutboxRow);
}

export async function markDigested(db: Knex | Knex.Transaction, ids: readonly number[], at: string): Promise<void> {
  if (ids.length > 0) await db('notification_outbox').whereIn('id', ids).where('status', 'held').update({ status: 'digested', delivered_at: at });
}

// Contacts and preferences.

export async function emailsOf(db: Knex | Knex.Transaction, recipients: readonly string[]): Promise<Map<string, string>> {
  if (recipients.length === 0) return new Map();
  const rows = (await db('notification_contacts').whereIn('recipient', recipients).select('recipient', 'email')) as { recipient: string; email: string }[];
  return new Map(rows.map((r) => [r.recipient, r.email]));
}

export async function setEmail(db: Knex | Knex.Transaction, recipient: string, email: string, at: string): Promise<void> {
  await db('notification_contacts').insert({ recipient, email, updated_at: at }).onConflict('recipient').merge(['email', 'updated_at']);
}

export async function preferencesOf(db: Knex | Knex.Transaction, recipients: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (recipients.length === 0) return out;
  const rows = (await db('notification_preferences').whereIn('recipient', recipients).select('recipient', 'kind', 'delivery')) as { recipient: string; kind: string; delivery: string }[];
  for (const r of rows) {
    const mine = out.get(r.recipient) ?? new Map<string, string>();
    mine.set(r.kind, r.delivery);
    out.set(r.recipient, mine);
  }
  return out;
}

export async function savePreferences(trx: Knex.Transaction, recipient: string, prefs: ReadonlyMap<string, string>): Promise<void> {
  await trx('notification_preferences').where({ recipient }).delete();
  const rows = [...prefs].map(([kind, delivery]) => ({ recipient, kind, delivery }));
  if (rows.length > 0) await trx('notification_preferences').insert(rows);
}

// The local mailbox.

export interface MailboxMessage {
  readonly id: number;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly receivedAt: string;
}

export async function deliverToMailbox(db: Knex | Knex.Transaction, m: { readonly recipient: string; readonly idempotencyKey: string; readonly subject: string; readonly text: string; readonly html: string; readonly at: string }): Promise<void> {
  await db('notification_mailbox')
    .insert({ recipient: m.recipient, idempotency_key: m.idempotencyKey, subject: m.subject, text: m.text, html: m.html, received_at: m.at })
    .onConflict('idempotency_key')
    .ignore();
}

export async function mailboxOf(db: Knex, recipient: string, limit: number): Promise<MailboxMessage[]> {
  const rows = (await db('notification_mailbox').where({ recipient }).orderBy('id', 'desc').limit(limit)) as { id: number; subject: string; text: string; html: string; received_at: string }[];
  return rows.map((r) => ({ id: Number(r.id), subject: r.subject, text: r.text, html: r.html, receivedAt: r.received_at }));
}

// Webhook endpoints.

export interface WebhookEndpointRow {
  readonly id: string;
  readonly url: string;
  readonly filter: readonly string[];
  readonly secretSealed: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabledAt: string | null;
}

interface EndpointDbRow {
  id: string;
  url: string;
  filter: string;
  secret_sealed: string;
  created_at: string;
  created_by: string;
  disabled_at: string | null;
}

function toEndpoint(r: EndpointDbRow): WebhookEndpointRow {
  return { id: r.id, url: r.url, filter: JSON.parse(r.filter) as string[], secretSealed: r.secret_sealed, createdAt: r.created_at, createdBy: r.created_by, disabledAt: r.disabled_at };
}

export async function insertEndpoint(db: Knex | Knex.Transaction, e: Omit<WebhookEndpointRow, 'disabledAt'>): Promise<void> {
  await db('webhook_endpoints').insert({ id: e.id, url: e.url, filter: JSON.stringify(e.filter), secret_sealed: e.secretSealed, created_at: e.createdAt, created_by: e.createdBy });
}

export async function listEndpoints(db: Knex | Knex.Transaction, options: { readonly activeOnly: boolean }): Promise<WebhookEndpointRow[]> {
  let query = db<EndpointDbRow>('webhook_endpoints').orderBy('created_at');
  if (options.activeOnly) query = query.whereNull('disabled_at');
  return (await query).map(toEndpoint);
}

export async function findEndpoint(db: Knex | Knex.Transaction, id: string): Promise<WebhookEndpointRow | null> {
  const row = (await db<EndpointDbRow>('webhook_endpoints').where({ id }).first()) as EndpointDbRow | undefined;
  return row === undefined ? null : toEndpoint(row);
}

export async function disableEndpoint(db: Knex | Knex.Transaction, id: string, at: string): Promise<boolean> {
  return (await db('webhook_endpoints').where({ id }).whereNull('disabled_at').update({ disabled_at: at })) === 1;
}

// Accounts as recipients (admins, auditors).

export async function accountRecipients(db: Knex | Knex.Transaction, roles: readonly string[]): Promise<{ readonly recipient: string; readonly name: string }[]> {
  if (roles.length === 0) return [];
  const rows = (await db('accounts').whereIn('role', roles).whereNull('disabled_at').select('username', 'person_id')) as { username: string; person_id: string | null }[];
  return rows.map((r) => ({ recipient: r.person_id ?? `account:${r.username}`, name: r.username }));
}
