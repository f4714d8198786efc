// Gets the log's checkpoints cosigned (C2SP tlog-witness), outside every command's transaction.
//
// What must stay true:
// - It follows the stored log, not this process's appends: each round reads the latest committed
//   checkpoint, so entries appended by another instance or by a CLI command are witnessed too.
// - At most one submission per witness per second (SUBMIT_INTERVAL_MS), one at a time; each
//   submission carries the latest checkpoint at that moment, so bursts of commits are batched.
// - A witness that has cosigned more than the log holds, or that holds another root for a size
//   the log has, is evidence that the log lost or changed entries: `onEvidence` is told (the
//   composition latches the log read-only) and the server log says so at error level.
// - Each witness is asked once after start even when the stored records say it is up to date:
//   those records live in the database an operator could have rolled back with the log, and
//   only the witness's own answer (a 409 naming its larger size) shows the loss before the next
//   append is made.
// - A 409 is judged against a fresh read of the log: another instance may have advanced the
//   witness past the checkpoint this process read a moment earlier.
import { findCosignatures } from '../../audit/cosignature.ts';
import { AuditError } from '../../audit/errors.ts';
import type { LogStore, LogTransaction, StoredCheckpoint } from '../../audit/log-store.ts';
import { getConsistencyProof } from '../../audit/proofs.ts';
import { appendSignatureLines } from '../../audit/cosignature.ts';
import { formatAddCheckpointRequest, parseCosignatureResponse, parseSizeResponse } from '../../audit/witness-protocol.ts';
import type { CosignatureStore } from '../storage/cosignature-store.ts';
import type { WitnessPoster } from './witness-client.ts';
import type { ConfiguredWitness } from './witnesses.ts';

/** tlog-witness clients batch: at most one submission per witness per second. */
export const SUBMIT_INTERVAL_MS = 1_000;
/** How often the loop looks at the stored log. */
const TICK_MS = 250;
/** Longest wait after repeated failures (403, 404, network errors), doubling from one second. */
const MAX_BACKOFF_MS = 60_000;

export interface WitnessingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WitnessingOptions {
  readonly store: LogStore<LogTransaction>;
  readonly cosignatures: CosignatureStore;
  readonly witnesses: readonly ConfiguredWitness[];
  readonly poster: WitnessPoster;
  readonly clock: () => Date;
  readonly logger: WitnessingLogger;
  /** Told of the first rollback or fork evidence (the composition halts the log on it). */
  readonly onEvidence: (err: AuditError) => Promise<void>;
}

export interface WitnessStatus {
  readonly witness: string;
  readonly url: string;
  /** The size the witness last told us it cosigned (null: not yet known). */
  readonly size: number | null;
  /** The largest size whose cosignature by this witness the log holds. */
  readonly cosignedSize: number | null;
  readonly lastError: string | null;
}

interface State {
  size: number | null;
  cosignedSize: number | null;
  nextAt: number;
  failures: number;
  lastError: string | null;
  busy: boolean;
  /** The witness has answered (200 or 409) since this process started. */
  answered: boolean;
}

export class Witnessing {
  private readonly states = new Map<string, State>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private loaded = false;
  private evidence: AuditError | null = null;

  constructor(private readonly options: WitnessingOptions) {
    for (const w of options.witnesses) this.states.set(w.id, { size: null, cosignedSize: null, nextAt: 0, failures: 0, lastError: null, busy: false, answered: false });
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.round(), TICK_MS);
    this.timer.unref();
    void this.round();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  status(): WitnessStatus[] {
    return this.options.witnesses.map((w) => {
      const s = this.states.get(w.id)!;
      return { witness: w.id, url: w.url, size: s.size, cosignedSize: s.cosignedSize, lastError: s.lastError };
    });
  }

  /** One pass over the witnesses that are due; exposed for tests, which drive it without a timer. */
  async round(): Promise<void> {
    if (this.running !== null) return this.running;
    this.running = this.runRound().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runRound(): Promise<void> {
    try {
      if (!this.loaded) await this.load();
      const now = this.options.clock().getTime();
      const due = this.options.witnesses.filter((w) => this.states.get(w.id)!.nextAt <= now);
      if (due.length === 0 || this.evidence !== null) return;
      const latest = await this.options.store.latestCheckpoint();
      if (latest === null) return;
      await Promise.all(due.filter((w) => this.needs(w, latest)).map((w) => this.submit(w, latest)));
    } catch (err) {
      this.options.logger.warn({ err }, 'witnessing round failed');
    }
  }

  private async load(): Promise<void> {
    const sizes = await this.options.cosignatures.witnessSizes();
    const cosigned = await this.options.cosignatures.largestCosignedSizes();
    for (const w of this.options.witnesses) {
      const s = this.states.get(w.id)!;
      s.size = sizes.get(w.id) ?? null;
      s.cosignedSize = cosigned.get(w.id) ?? null;
    }
    this.loaded = true;
  }

  private needs(w: ConfiguredWitness, latest: StoredCheckpoint): boolean {
    const s = this.states.get(w.id)!;
    return !s.answered || s.cosignedSize !== latest.treeSize || s.size !== latest.treeSize;
  }

  private async submit(w: ConfiguredWitness, latest: StoredCheckpoint): Promise<void> {
    const s = this.states.get(w.id)!;
    s.nextAt = this.options.clock().getTime() + SUBMIT_INTERVAL_MS;
    const oldSize = s.size ?? 0;
    if (oldSize > latest.treeSize) {
      // Only evidence after a fresh read: this process's view may be older than the witness's.
      await this.judgeWitnessSize(w, oldSize);
      return;
    }
    try {
      const proof = await getConsistencyProof(this.options.store, oldSize, latest.treeSize);
      const body = formatAddCheckpointRequest({ oldSize, proof: proof.hashes, checkpoint: latest.note });
      const reply = await this.options.poster(w.url, body);
      await this.handle(w, latest, oldSize, reply);
    } catch (err) {
      this.failed(w, err instanceof Error ? err.message : String(err));
    }
  }

  private async handle(w: ConfiguredWitness, latest: StoredCheckpoint, oldSize: number, reply: { status: number; isSize: boolean; body: string }): Promise<void> {
    const s = this.states.get(w.id)!;
    if (reply.status === 200) return this.accept(w, latest, reply.body);
    if (reply.status === 409 && reply.isSize) {
      s.answered = true;
      const size = parseSizeResponse(reply.body);
      if (size === oldSize && oldSize === latest.treeSize) {
        return this.found(w, `witness ${w.id} holds another root for tree size ${size} than the log's: the log's history was changed (fork)`, { witnessSize: size, logSize: latest.treeSize });
      }
      s.size = size;
      await this.options.cosignatures.saveWitnessSize(w.id, size, this.options.clock().toISOString());
      if (size > latest.treeSize) await this.judgeWitnessSize(w, size);
      s.nextAt = this.options.clock().getTime() + SUBMIT_INTERVAL_MS;
      return;
    }
    if (reply.status === 422) {
      return this.found(w, `witness ${w.id} refused the consistency proof from its size ${oldSize} to ${latest.treeSize}: its tree of size ${oldSize} is not the log's (fork)`, {
        witnessSize: oldSize,
        logSize: latest.treeSize,
      });
    }
    this.failed(w, `HTTP ${reply.status}: ${reply.body.trim().slice(0, 200)}`);
  }

  private async accept(w: ConfiguredWitness, latest: StoredCheckpoint, body: string): Promise<void> {
    const s = this.states.get(w.id)!;
    const lines = parseCosignatureResponse(body);
    // tlog-witness: the client ignores cosignatures from unknown keys; the witness's own must verify.
    const [mine] = findCosignatures(appendSignatureLines(latest.note, lines), [w.verifier]);
    if (mine === undefined) throw new Error(`witness ${w.id} answered 200 without a cosignature by its key`);
    await this.options.cosignatures.insert({ treeSize: latest.treeSize, witness: w.id, line: mine.line, cosignedAt: mine.timestamp, receivedAt: this.options.clock().toISOString() });
    await this.options.cosignatures.saveWitnessSize(w.id, latest.treeSize, this.options.clock().toISOString());
    s.size = latest.treeSize;
    s.cosignedSize = latest.treeSize;
    s.answered = true;
    s.failures = 0;
    s.lastError = null;
  }

  /** A witness size above the log's size is a rollback unless a fresh read shows the log has caught up. */
  private async judgeWitnessSize(w: ConfiguredWitness, witnessSize: number): Promise<void> {
    const fresh = await this.options.store.latestCheckpoint();
    const logSize = fresh?.treeSize ?? 0;
    if (witnessSize > logSize) {
      await this.found(w, `witness ${w.id} has cosigned tree size ${witnessSize} but the log holds ${logSize} entries: the log lost entries (rollback)`, { witnessSize, logSize });
    }
  }

  private async found(w: ConfiguredWitness, message: string, evidence: { witnessSize: number; logSize: number }): Promise<void> {
    const err = new AuditError('log-inconsistent', message, { evidence: { witness: w.id, ...evidence } });
    const s = this.states.get(w.id)!;
    s.lastError = message;
    this.options.logger.error({ evidence: err.evidence }, message);
    if (this.evidence === null) {
      this.evidence = err;
      await this.options.onEvidence(err);
    }
  }

  private failed(w: ConfiguredWitness, message: string): void {
    const s = this.states.get(w.id)!;
    s.failures += 1;
    s.lastError = message;
    s.nextAt = this.options.clock().getTime() + Math.min(MAX_BACKOFF_MS, SUBMIT_INTERVAL_MS * 2 ** (s.failures - 1));
    this.options.logger.warn({ witness: w.id, failures: s.failures }, `witness submission failed: ${message}`);
  }
}
