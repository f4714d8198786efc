// Purged documents: a stored document's content can be removed for good (an upload later found to
// hold something it must not). The row stays, with its hash, size and name, so the log entries
// that cite the hash still resolve; the content becomes empty and these columns say when, by whom
// and why. Downloads of a purged document answer 410 Gone with the reason.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.string('purged_at', 40);
    t.string('purged_by', 256);
    t.text('purge_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('purge_reason');
    t.dropColumn('purged_by');
    t.dropColumn('purged_at');
  });
}
