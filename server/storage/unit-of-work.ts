// The one write path. Every state change (approvals, trust anchors, accounts) is a Change run by
// UnitOfWork.run: take the log lock, load, decide with a pure rule, save, append the entry the
// rule encoded, write what it causes (the notification outbox), commit. Before-commit hooks (the audit log's checkpoint) run inside the
// transaction after that work, so a state change, its log entry and the checkpoint that covers
// them commit together or not at all.
import type { Knex } from 'knex';
import type { EncodedEntry } from '../../audit/entry.ts';
import { AuditError } from '../../audit/errors.ts';
import type { AuditLog } from '../../audit/log.ts';
import type { LogHalt } from '../../audit/log-halt.ts';
import type { LogTransaction } from '../../audit/log-store.ts';
import { assertNoPrivateKey } from '../../pki/index.ts';
import type { Database } from './database.ts';

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

/** What a rule decided: the entry recording the change, what to write, and what to answer. */
export interface Decision<W, R> {
  /** Encoded once, by the rule; null when the decision changes nothing (then nothing is saved). */
  readonly entry: EncodedEntry | null;
  /** What `save` writes. */
  readonly write: W;
  /** What the caller gets once the transaction has committed. */
  readonly result: R;
}

/** One state change, in the order the unit of work runs its steps. */
export interface Change<S, W, R> {
  /** Reads what the rule judges. Runs with the log lock held: no other writer changes it meanwhile. */
  load(tx: KnexTx): Promise<S>;
  /** The pure rule: judges `state` at `at` and refuses with its module's coded error. No I/O. */
  decide(state: S, at: Date): Decision<W, R>;
  /** Writes the decision's state, in the same transaction. */
  save(tx: KnexTx, write: W): Promise<void>;
  /**
   * Runs after the entry is appended, in the same transaction, with its log index: what the
   * change causes besides its state (the notification outbox), committed with it or not at all.
   */
  afterAppend?(tx: KnexTx, write: W, appended: { readonly index: number }): Promise<void>;
}

export interface UnitOfWorkDeps {
  readonly db: Database;
  readonly log: AuditLog<KnexTx>;
  readonly clock: () => Date;
}

export class UnitOfWork {
  /** Told of a halt inside the transaction that records it (the notification outbox). */
  onHalt: ((tx: KnexTx, halt: LogHalt) => Promise<void>) | undefined;

  constructor(private readonly deps: UnitOfWorkDeps) {}

  /**
   * Runs `change` in one transaction: lock, load, decide, save, append, commit. The lock is
   * taken before anything is read, so the rule always judges the latest committed state, across
   * every process sharing the database.
   */
  async run<S, W, R>(change: Change<S, W, R>): Promise<R> {
    try {
      return await this.deps.db.transaction(async (tx) => {
        await this.deps.log.lock(tx);
        const state = await change.load(tx);
        const decision = change.decide(state, this.deps.clock());
        if (decision.entry !== null) {
          // The last line of defence for the append-only log, whatever the entry point (API,
          // pages, a CLI command on the data dir): an entry holding key material is never written.
          assertNoPrivateKey(decision.entry.entry.data, { where: 'the log entry' });
          await change.save(tx, decision.write);
          const appended = await this.deps.log.append(tx, decision.entry);
          await change.afterAppend?.(tx, decision.write, appended);
        }
        return decision.result;
      });
    } catch (err) {
      await this.reportIntegrityError(err);
      throw err;
    }
  }

  /**
   * Halts the log when `err` is an integrity error ('log-inconsistent'): every writer, in every
   * process sharing the database, is refused ('log-halted') until an operator resumes the log.
   * The halt is recorded in a transaction of its own, after the failed one has rolled back; if
   * even that fails, this process keeps refusing appends until it restarts.
   */
  async reportIntegrityError(err: unknown): Promise<void> {
    if (!(err instanceof AuditError) || err.code !== 'log-inconsistent') return;
    const halt = this.deps.log.latch(err);
    try {
      await this.deps.db.transaction(async (tx) => {
        await this.deps.log.recordHalt(tx);
        await this.onHalt?.(tx, halt);
      });
    } catch {
      // The latch stays in this process's memory: see AuditLog.recordHalt.
    }
  }
}
