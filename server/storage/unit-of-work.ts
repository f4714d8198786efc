// The only way the product opens a write transaction. Before-commit hooks (the audit log's
// checkpoint) run inside the transaction after the caller's work, so a state change, its log
// entries and the checkpoint that covers them commit together or not at all.
import type { Knex } from 'knex';
import type { LogTransaction } from '../../audit/log-store.ts';

export class KnexTx implements LogTransaction {
  private readonly hooks = new Map<object, () => Promise<void>>();
  readonly committed: (() => void)[] = [];

  constructor(readonly trx: Knex.Transaction) {}

  beforeCommit(key: object, hook: () => Promise<void>): void {
    if (!this.hooks.has(key)) this.hooks.set(key, hook);
  }

  afterCommit(hook: () => void): void {
    this.committed.push(hook);
  }

  /** Runs the hooks in registration order; a hook may register further hooks. */
  async runHooks(): Promise<void> {
    const done = new Set<object>();
    for (let next = this.nextHook(done); next !== undefined; next = this.nextHook(done)) {
      done.add(next[0]);
      await next[1]();
    }
  }

  private nextHook(done: Set<object>): [object, () => Promise<void>] | undefined {
    for (const entry of this.hooks) if (!done.has(entry[0])) return entry;
    return undefined;
  }
}

export async function runInTransaction<T>(knex: Knex, work: (tx: KnexTx) => Promise<T>): Promise<T> {
  let tx: KnexTx | undefined;
  const result = await knex.transaction(async (trx) => {
    tx = new KnexTx(trx);
    const r = await work(tx);
    await tx.runHooks();
    return r;
  });
  for (const hook of tx?.committed ?? []) hook();
  return result;
}
