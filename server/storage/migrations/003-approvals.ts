// The approval workflow's current state, as one JSON document per entity (person, appointment,
// provider, key, policy version, request). The audit log holds every event that produced it;
// these rows are a projection the services read and replace inside the same transaction.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('approval_entities', (t) => {
    t.string('kind', 16).notNullable();
    t.string('id', 128).notNullable();
    t.text('body').notNullable();
    /** The request's state, for listing; null for other kinds. */
    t.string('status', 32);
    t.string('updated_at', 40).notNullable();
    t.primary(['kind', 'id']);
    t.index(['kind', 'status']);
  });
  // Evidence documents, addressed by the SHA-256 of their bytes. Insert-only.
  await knex.schema.createTable('documents', (t) => {
    t.string('sha256', 64).primary();
    t.string('name', 256).notNullable();
    t.string('media_type', 128).notNullable();
    t.bigInteger('size').notNullable();
    t.binary('content').notNullable();
    t.string('stored_at', 40).notNullable();
    t.string('stored_by', 256).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('documents');
  await knex.schema.dropTable('approval_entities');
}
