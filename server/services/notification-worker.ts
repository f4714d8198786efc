// Delivers the outbox: email (SMTP, or the local mailbox without SMTP) and webhooks signed per
// Standard Webhooks. At least once: a row is marked delivered only after the send succeeded, so a
// crash between the two sends it again after restart (with the same idempotency key, which the
// message id and the webhook-id carry, for receivers to deduplicate). Mailbox deliveries are
// exactly once: the message and the delivered mark commit in one transaction.
//
// Instances share the work without sending one row twice: a claim takes due rows under a lease,
// skipping rows another instance has locked (PostgreSQL: FOR UPDATE SKIP LOCKED), and the lease
// (longer than any send may take) keeps them from every other claim until the outcome is
// recorded. A failed attempt is retried with exponential backoff; after `maxAttempts` the row is
// dead-lettered (status failed, with the last error) until an admin retries it.
import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { renderDigest } from '../../approvals/notifications/index.ts';
import type { NotificationKind, RenderedMessage } from '../../approvals/notifications/index.ts';
import type { Database } from '../storage/database.ts';
import { claimDue, deliverToMailbox, emailsOf, findEndpoint, insertOutbox, listHeld, markAttemptFailed, markDelivered, markDigested } from '../storage/notification-store.ts';
import type { OutboxRow } from '../storage/notification-store.ts';
import { SMTP_TIMEOUT_MS } from './mail-transport.ts';
import type { SmtpSender } from './mail-transport.ts';
import type { SecretBox } from './webhook-secrets.ts';

export interface DeliverySettings {
  /** Tries before a row is dead-lettered (KEYGATE_NOTIFY_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
  /** The first retry's delay; each further one doubles it, up to an hour (KEYGATE_NOTIFY_RETRY_BASE_MS). */
  readonly retryBaseMs: number;
  /** The UTC hour daily digests are sent at. */
  readonly digestHourUtc: number;
}


export interface NotificationWorkerDeps {
  readonly db: Database;
  readonly clock: () => Date;
  /** Null: email goes to the local mailbox. */
  readonly smtp: SmtpSender | null;
  readonly secrets: SecretBox;
  readonly settings: DeliverySettings;
  readonly publicUrl: string;
  readonly logger: { warn(obj: object, msg: string): void };
}

const MAX_DELAY_MS = 3_600_000;
const WEBHOOK_TIMEOUT_MS = 10_000;
/** The lease outlasts the slowest send: a row is never claimed again while its send may still run. */
const LEASE_MS = SMTP_TIMEOUT_MS * 4;
const BATCH = 20;
const POLL_MS = 1_000;

export class NotificationWorker {
  private readonly owner = `worker-${crypto.randomBytes(8).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly deps: NotificationWorkerDeps) {}

  /** Polls the outbox until stopped. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.drain()
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'notification delivery pass failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, POLL_MS);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
    this.deps.smtp?.close();
  }

  /** Delivers every due row (and gathers due digests); returns how many attempts were made. */
  async drain(): Promise<number> {
    await this.gatherDigests();
    let attempts = 0;
    for (;;) {
      const rows = await this.claim();
      if (rows.length === 0) return attempts;
      for (const row of rows) await this.deliver(row);
      attempts += rows.length;
    }
  }

  private claim(): Promise<OutboxRow[]> {
    const now = this.deps.clock();
    return this.deps.db.transaction((tx) =>
      claimDue(tx.trx, { now: now.toISOString(), owner: this.owner, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), limit: BATCH, postgres: this.deps.db.engine === 'postgres' }),
    );
  }

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      if (row.channel === 'webhook') await this.sendWebhook(row);
      else if (await this.sendEmail(row)) return;
      await markDelivered(this.deps.db.knex, row.id, this.owner, this.deps.clock().toISOString());
    } catch (err) {
      await this.failed(row, err);
    }
  }

  /** True when the delivery was already recorded (the mailbox, in its own transaction). */
  private async sendEmail(row: OutboxRow): Promise<boolean> {
    const message = JSON.parse(row.message) as RenderedMessage;
    const address = (await emailsOf(this.deps.db.knex, [row.recipient])).get(row.recipient);
    if (this.deps.smtp === null || address === undefined) {
      const at = this.deps.clock().toISOString();
      await this.deps.db.transaction(async (tx) => {
        await deliverToMailbox(tx.trx, { recipient: row.recipient, idempotencyKey: row.idempotencyKey, ...message, at });
        await markDelivered(tx.trx, row.id, this.owner, at);
      });
      return true;
    }
    const digest = crypto.createHash('sha256').update(row.idempotencyKey).digest('hex').slice(0, 32);
    await this.deps.smtp.send({ to: address, ...message, messageId: `<${digest}@keygate>`, idempotencyKey: row.idempotencyKey });
    return false;
  }

  private async sendWebhook(row: OutboxRow): Promise<void> {
    const endpoint = await findEndpoint(this.deps.db.knex, row.recipient);
    if (endpoint === null || endpoint.disabledAt !== null) throw new Error(`webhook endpoint ${row.recipient} is removed`);
    const webhook = new Webhook(this.deps.secrets.open(endpoint.secretSealed, endpoint.id));
    const id = `msg_${crypto.createHash('sha256').update(row.idempotencyKey).digest('hex').slice(0, 32)}`;
    const now = this.deps.clock();
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': webhook.sign(id, now, row.message) };
    const response = await fetch(endpoint.url, { method: 'POST', headers, body: row.message, redirect: 'manual', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) throw new Error(`the endpoint answered ${response.status}`);
  }

  private async failed(row: OutboxRow, err: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const delay = Math.min(MAX_DELAY_MS, this.deps.settings.retryBaseMs * 2 ** (attempts - 1));
    const error = err instanceof Error ? err.message : String(err);
    const dead = attempts >= this.deps.settings.maxAttempts;
    await markAttemptFailed(this.deps.db.knex, row.id, this.owner, { error, dead, nextAttemptAt: new Date(this.deps.clock().getTime() + delay).toISOString() });
    this.deps.logger.warn({ outboxId: row.id, channel: row.channel, attempts, dead, error }, dead ? 'notification dead-lettered' : 'notification delivery failed; retrying later');
  }

  /** The latest digest time that has passed: today's digest hour, or yesterday's. */
  private digestCutoff(now: Date): Date {
    const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), this.deps.settings.digestHourUtc));
    return cutoff > now ? new Date(cutoff.getTime() - 86_400_000) : cutoff;
  }

  /** Gathers each reader's held notices from before the last digest time into one message. */
  private async gatherDigests(): Promise<void> {
    const now = this.deps.clock();
    const cutoff = this.digestCutoff(now).toISOString();
    await this.deps.db.transaction(async (tx) => {
      const held = await listHeld(tx.trx, cutoff);
      const byRecipient = new Map<string, OutboxRow[]>();
      for (const r of held) byRecipient.set(r.recipient, [...(byRecipient.get(r.recipient) ?? []), r]);
      for (const [recipient, rows] of byRecipient) {
        const name = rows[0]?.recipientName ?? recipient;
        const notices = rows.map((r) => ({ kind: r.kind as NotificationKind, requestId: r.requestId, title: '', logIndex: r.logIndex ?? -1 }));
        const message = renderDigest(name, notices, this.deps.publicUrl);
        await insertOutbox(tx.trx, [{ idempotencyKey: `digest/${cutoff}/email/${recipient}`, channel: 'email', recipient, recipientName: name, kind: 'digest', requestId: null, logIndex: null, status: 'pending', message: JSON.stringify(message), at: now.toISOString() }]);
        await markDigested(tx.trx, rows.map((r) => r.id), now.toISOString());
      }
    });
  }
}
