// Notifications (issue 14): people's email addresses and delivery preferences, the transactional
// outbox, the local mailbox, and webhook endpoints. Outbox rows are written in the transaction of
// the log entry that causes them (their idempotency key names its log index) and change only
// through the delivery worker and an admin's retry; mailbox rows are written once, with the
// outbox row's delivery. Webhook secrets are stored sealed (AES-256-GCM), never in clear.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_contacts', (t) => {
    // A person id, or `account:<username>` for an account without a person (admins, auditors).
    t.string('recipient', 160).primary();
    t.string('email', 320).notNullable();
    t.string('updated_at', 40).notNullable();
  });
  await knex.schema.createTable('notification_preferences', (t) => {
    t.string('recipient', 160).notNullable();
    t.string('kind', 64).notNullable();
    t.string('delivery', 16).notNullable();
    t.primary(['recipient', 'kind']);
  });
  await knex.schema.createTable('notification_outbox', (t) => {
    t.increments('id').primary();
    t.string('idempotency_key', 255).notNullable().unique();
    // 'email' (SMTP, or the local mailbox without SMTP) or 'webhook'.
    t.string('channel', 16).notNullable();
    // The person (email) or the endpoint id (webhook).
    t.string('recipient', 160).notNullable();
    t.string('recipient_name', 200);
    t.string('kind', 64).notNullable();
    t.string('request_id', 128);
    t.bigInteger('log_index');
    // pending, held (for a daily digest), delivered, failed (dead letter), digested.
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 40).notNullable();
    t.string('lease_owner', 64);
    t.string('lease_until', 40);
    t.text('last_error');
    // The rendered message (JSON): {subject, text, html} or the webhook payload.
    t.text('message').notNullable();
    t.string('created_at', 40).notNullable();
    t.string('delivered_at', 40);
    t.index(['status', 'next_attempt_at']);
  });
  await knex.schema.createTable('notification_mailbox', (t) => {
    t.increments('id').primary();
    t.string('recipient', 160).notNullable();
    t.string('idempotency_key', 255).notNullable().unique();
    t.string('subject', 400).notNullable();
    t.text('text').notNullable();
    t.text('html').notNullable();
    t.string('received_at', 40).notNullable();
    t.index(['recipient', 'id']);
  });
  await knex.schema.createTable('webhook_endpoints', (t) => {
    t.string('id', 64).primary();
    t.text('url').notNullable();
    // JSON list of notification kinds; empty: every kind.
    t.text('filter').notNullable();
    // base64(iv || tag || ciphertext) of the whsec_ secret, under a key derived from the log key.
    t.text('secret_sealed').notNullable();
    t.string('created_at', 40).notNullable();
    t.string('created_by', 64).notNullable();
    t.string('disabled_at', 40);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['webhook_endpoints', 'notification_mailbox', 'notification_outbox', 'notification_preferences', 'notification_contacts']) await knex.schema.dropTable(table);
}
