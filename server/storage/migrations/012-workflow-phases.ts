// Issue 13 (items 8-10): a request whose transfer is executed stays `executed` only while a
// post-execution condition is open, and settles into `completed` once none is. Requests executed
// before conditions had phases have none open: their projection rows become `completed`, which is
// what replaying their entries now builds (fsck compares the two). Nothing else in a row changes.
import type { Knex } from 'knex';

interface Row {
  kind: string;
  id: string;
  body: string;
  status: string | null;
}

async function restate(knex: Knex, from: string, to: string): Promise<void> {
  const rows = await knex<Row>('approval_entities').select('id', 'body').where({ kind: 'request', status: from });
  for (const r of rows) {
    const body = JSON.parse(r.body) as { state: string };
    await knex('approval_entities').where({ kind: 'request', id: r.id }).update({ status: to, body: JSON.stringify({ ...body, state: to }) });
  }
}

export async function up(knex: Knex): Promise<void> {
  await restate(knex, 'executed', 'completed');
}

export async function down(knex: Knex): Promise<void> {
  await restate(knex, 'completed', 'executed');
}
