// What people and admins do with notifications: a person's email address, preferences and
// local mailbox; the admin's outbox view and retry; webhook endpoints. Registering and removing an
// endpoint are log entries (webhook.registered, webhook.disabled), written through the unit of
// work with the endpoint row; the secret is in the answer once and stored sealed.
import crypto from 'node:crypto';
import { NotificationError, checkPreferences, isNotificationKind } from '../../approvals/notifications/index.ts';
import type { NotificationKind, Preferences } from '../../approvals/notifications/index.ts';
import { encodeLogEntry } from '../../audit/entry.ts';
import type { Database } from '../storage/database.ts';
import { countOutbox, disableEndpoint, emailsOf, findEndpoint, insertEndpoint, listEndpoints, listOutbox, mailboxOf, preferencesOf, retryOutbox, savePreferences, setEmail } from '../storage/notification-store.ts';
import type { MailboxMessage, OutboxRow, OutboxStatus } from '../storage/notification-store.ts';
import type { UnitOfWork } from '../storage/unit-of-work.ts';
import type { Actor } from './actor.ts';
import { generateWebhookSecret } from './webhook-secrets.ts';
import type { SecretBox } from './webhook-secrets.ts';

export interface NotificationServiceDeps {
  readonly db: Database;
  readonly writes: UnitOfWork;
  readonly clock: () => Date;
  readonly secrets: SecretBox;
}

/** Who receives: a person id, or `account:<username>` for an account without a person. */
export function recipientOf(account: { readonly personId: string | null; readonly username: string }): string {
  return account.personId ?? `account:${account.username}`;
}

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly filter: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabledAt: string | null;
}

const WEBHOOK_SUBJECT = 'webhook';

export class NotificationService {
  constructor(private readonly deps: NotificationServiceDeps) {}

  async preferences(recipient: string): Promise<{ readonly email: string | null; readonly preferences: Preferences }> {
    const [emails, prefs] = await Promise.all([emailsOf(this.deps.db.knex, [recipient]), preferencesOf(this.deps.db.knex, [recipient])]);
    const mine = Object.fromEntries([...(prefs.get(recipient) ?? [])].filter(([kind]) => isNotificationKind(kind))) as Preferences;
    return { email: emails.get(recipient) ?? null, preferences: mine };
  }

  /** Replaces the person's preferences; a security kind set to anything but immediately is refused. */
  async setPreferences(recipient: string, prefs: Preferences): Promise<void> {
    checkPreferences(prefs);
    const stored = new Map(Object.entries(prefs).filter(([, d]) => d !== 'immediately'));
    await this.deps.db.transaction((tx) => savePreferences(tx.trx, recipient, stored));
  }

  async setEmail(recipient: string, email: string): Promise<void> {
    const at = this.deps.clock().toISOString();
    await this.deps.db.transaction((tx) => setEmail(tx.trx, recipient, email, at));
  }

  mailbox(recipient: string, limit = 50): Promise<MailboxMessage[]> {
    return mailboxOf(this.deps.db.knex, recipient, limit);
  }

  async outbox(options: { readonly status?: OutboxStatus; readonly limit?: number } = {}): Promise<{ readonly counts: Record<OutboxStatus, number>; readonly items: OutboxRow[] }> {
    const [counts, items] = await Promise.all([countOutbox(this.deps.db.knex), listOutbox(this.deps.db.knex, { ...options, limit: options.limit ?? 100 })]);
    return { counts, items };
  }

  /** An admin's retry of a failed (or waiting) row: due now, with its tries counted afresh. */
  async retry(id: number): Promise<void> {
    const done = await this.deps.db.transaction((tx) => retryOutbox(tx.trx, id, this.deps.clock().toISOString()));
    if (!done) throw new NotificationError('notification-not-found', `no failed or pending outbox row ${id}`);
  }

  async webhooks(): Promise<WebhookEndpoint[]> {
    return (await listEndpoints(this.deps.db.knex, { activeOnly: false })).map(({ secretSealed: _sealed, ...rest }) => rest);
  }

  /** Registers an endpoint; the answer holds its signing secret, shown this once. */
  async registerWebhook(actor: Actor, input: { readonly url: string; readonly filter: readonly NotificationKind[] }): Promise<WebhookEndpoint & { readonly secret: string }> {
    const url = parseEndpointUrl(input.url);
    const id = `wh_${crypto.randomBytes(8).toString('hex')}`;
    const secret = generateWebhookSecret();
    const filter = [...new Set(input.filter)].sort();
    return this.deps.writes.run({
      load: () => Promise.resolve(null),
      decide: (_state, at) => {
        const endpoint = { id, url, filter, createdAt: at.toISOString(), createdBy: actor.id };
        const entry = encodeLogEntry({ time: at.toISOString(), actor: { id: actor.id, role: actor.role }, action: 'webhook.registered', subject: { type: WEBHOOK_SUBJECT, id }, data: { url, filter } });
        return { entry, write: endpoint, result: { ...endpoint, disabledAt: null, secret } };
      },
      save: (tx, endpoint) => insertEndpoint(tx.trx, { ...endpoint, secretSealed: this.deps.secrets.seal(secret, id) }),
    });
  }

  async disableWebhook(actor: Actor, id: string): Promise<void> {
    await this.deps.writes.run({
      load: (tx) => findEndpoint(tx.trx, id),
      decide: (endpoint, at) => {
        if (endpoint === null || endpoint.disabledAt !== null) throw new NotificationError('notification-not-found', `no active webhook endpoint ${id}`);
        const entry = encodeLogEntry({ time: at.toISOString(), actor: { id: actor.id, role: actor.role }, action: 'webhook.disabled', subject: { type: WEBHOOK_SUBJECT, id }, data: {} });
        return { entry, write: at.toISOString(), result: undefined };
      },
      save: async (tx, at) => {
        await disableEndpoint(tx.trx, id, at);
      },
    });
  }
}

/** http(s) only, no credentials in the URL (they would be logged and shown). */
function parseEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new NotificationError('webhook-invalid', 'the endpoint URL does not parse');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new NotificationError('webhook-invalid', 'the endpoint URL must be http or https');
  if (url.username !== '' || url.password !== '') throw new NotificationError('webhook-invalid', 'the endpoint URL must not hold credentials');
  return url.toString();
}
