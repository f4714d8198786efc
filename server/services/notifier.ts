// Writes the notices an event causes into the outbox, inside the event's own transaction (the
// unit of work calls it after the append, with the entry's log index): a committed event always
// has its notices, a rolled-back one never. Each row's idempotency key is derived from the log
// index, so the same event can never enqueue a notice twice, and receivers can deduplicate.
import { deliveryOf, noticeLink, notificationsFor, renderNotice, webhookWants } from '../../approvals/notifications/index.ts';
import type { NotificationIntent, NotificationKind, Preferences, WebhookPayload } from '../../approvals/notifications/index.ts';
import type { ApprovalEvent, ApprovalState } from '../../approvals/index.ts';
import type { LogHalt } from '../../audit/log-halt.ts';
import { accountRecipients, insertOutbox, listEndpoints, preferencesOf } from '../storage/notification-store.ts';
import type { NewOutboxRow } from '../storage/notification-store.ts';
import type { KnexTx } from '../storage/unit-of-work.ts';

export interface NotifierDeps {
  /** KEYGATE_PUBLIC_URL: where the links in messages point. */
  readonly publicUrl: string;
  readonly clock: () => Date;
}

interface Recipient {
  readonly recipient: string;
  readonly name: string;
}

export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** Enqueues the notices of `event` (appended at `index`), in `tx`. */
  async eventAppended(tx: KnexTx, event: ApprovalEvent, before: ApprovalState, after: ApprovalState, index: number): Promise<void> {
    const intents = notificationsFor(event, before, after);
    for (const intent of intents) await this.enqueue(tx, intent, index, await this.recipientsOf(tx, intent, after));
  }

  /**
   * Enqueues the log-halted notice for admins and auditors in the transaction that records the
   * halt. In a savepoint: a failure here must never keep the halt from being recorded.
   */
  async haltRecorded(tx: KnexTx, halt: LogHalt): Promise<void> {
    try {
      await tx.trx.transaction(async (sp) => {
        const intent: NotificationIntent = { kind: 'log.halted', requestId: null, title: '', people: [], accountRoles: ['admin', 'auditor'] };
        const recipients = await accountRecipients(sp, intent.accountRoles);
        await this.enqueue({ trx: sp }, intent, null, recipients, `halt/${halt.at}`);
      });
    } catch {
      // The halt itself is what matters; /readyz and the log report it.
    }
  }

  private async recipientsOf(tx: KnexTx, intent: NotificationIntent, state: ApprovalState): Promise<Recipient[]> {
    const people = intent.people.map((id) => ({ recipient: id, name: state.people.get(id)?.name ?? id }));
    const accounts = await accountRecipients(tx.trx, intent.accountRoles);
    const seen = new Set<string>(people.map((p) => p.recipient));
    return [...people, ...accounts.filter((a) => !seen.has(a.recipient))];
  }

  private async enqueue(tx: Pick<KnexTx, 'trx'>, intent: NotificationIntent, index: number | null, recipients: readonly Recipient[], keyBase = `log/${index}`): Promise<void> {
    const at = this.deps.clock().toISOString();
    const prefs = await preferencesOf(tx.trx, recipients.map((r) => r.recipient));
    const rows: NewOutboxRow[] = [];
    for (const r of recipients) {
      const delivery = deliveryOf((Object.fromEntries(prefs.get(r.recipient) ?? []) as Preferences), intent.kind);
      if (delivery === 'off') continue;
      const message = renderNotice({ kind: intent.kind, requestId: intent.requestId, title: intent.title, logIndex: index ?? -1, recipientName: r.name }, this.deps.publicUrl);
      rows.push(this.row(intent, index, `${keyBase}/${intent.kind}/email/${r.recipient}`, 'email', r, delivery === 'daily_digest' ? 'held' : 'pending', JSON.stringify(message), at));
    }
    for (const endpoint of await listEndpoints(tx.trx, { activeOnly: true })) {
      if (!webhookWants(endpoint.filter as NotificationKind[], intent.kind)) continue;
      const payload: WebhookPayload = { type: intent.kind, timestamp: at, data: { requestId: intent.requestId, logIndex: index, link: noticeLink(this.deps.publicUrl, intent) } };
      rows.push(this.row(intent, index, `${keyBase}/${intent.kind}/webhook/${endpoint.id}`, 'webhook', { recipient: endpoint.id, name: endpoint.url }, 'pending', JSON.stringify(payload), at));
    }
    await insertOutbox(tx.trx, rows);
  }

  private row(intent: NotificationIntent, logIndex: number | null, idempotencyKey: string, channel: 'email' | 'webhook', to: Recipient, status: 'pending' | 'held', message: string, at: string): NewOutboxRow {
    return { idempotencyKey, channel, recipient: to.recipient, recipientName: to.name, kind: intent.kind, requestId: intent.requestId, logIndex, status, message, at };
  }
}
