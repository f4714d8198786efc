// A C2SP tlog-witness: answers add-checkpoint submissions for the logs it is configured with,
// cosigning a checkpoint only when it is consistent with the latest one it cosigned for that
// origin, and recording the new head durably before the cosignature leaves.
import { cosignCheckpoint } from '../../audit/cosignature.ts';
import type { Cosigner } from '../../audit/cosignature.ts';
import type { NoteVerifier } from '../../audit/note.ts';
import { checkSubmission, judgeSubmission, WitnessError } from '../../audit/witness.ts';
import type { CheckedSubmission, WitnessErrorCode } from '../../audit/witness.ts';
import { formatSizeResponse, TLOG_SIZE_MEDIA_TYPE } from '../../audit/witness-protocol.ts';
import { errorRow } from '../errors/describe.ts';
import type { ErrorStatus } from '../errors/row.ts';
import type { WitnessStore } from './witness-store.ts';

/** tlog-witness "add-checkpoint": the status of each refusal, as the spec gives it (the error table's witness rows). */
function statusOf(code: WitnessErrorCode): ErrorStatus {
  return errorRow('witness', code).status;
}

export interface WitnessAnswer {
  readonly status: 200 | ErrorStatus;
  readonly contentType: string;
  readonly body: string;
  /** For the witness's own logs: what happened, without the body. */
  readonly outcome: { readonly origin?: string; readonly oldSize?: number; readonly treeSize?: number; readonly reason?: string };
}

export interface WitnessServiceOptions {
  readonly store: WitnessStore;
  readonly cosigner: Cosigner;
  /** The logs' verifier keys; a log's origin is its key's name. */
  readonly logKeys: readonly NoteVerifier[];
  readonly clock: () => Date;
}

const TEXT = 'text/plain; charset=utf-8';

export class WitnessService {
  private readonly byOrigin = new Map<string, NoteVerifier[]>();

  constructor(private readonly options: WitnessServiceOptions) {
    for (const key of options.logKeys) this.byOrigin.set(key.name, [...(this.byOrigin.get(key.name) ?? []), key]);
  }

  get origins(): string[] {
    return [...this.byOrigin.keys()];
  }

  async addCheckpoint(body: string): Promise<WitnessAnswer> {
    let sub: CheckedSubmission;
    try {
      sub = checkSubmission(body, (origin) => this.byOrigin.get(origin));
    } catch (err) {
      if (err instanceof WitnessError) return refused(err, {});
      throw err;
    }
    const { origin, treeSize, rootHash } = sub.checkpoint;
    const outcome = { origin, oldSize: sub.request.oldSize, treeSize };
    try {
      const head = { treeSize, rootHash, checkpoint: sub.request.checkpoint, updatedAt: this.options.clock().toISOString() };
      await this.options.store.advance(origin, head, (current) => judgeSubmission(sub, current));
    } catch (err) {
      if (!(err instanceof WitnessError)) throw err;
      // The checkpoint is validly signed by the log: a refusal here may be evidence of a fork or
      // a rollback, so it is kept.
      await this.options.store.recordRefusal({ origin, status: statusOf(err.code), reason: err.message, body }, this.options.clock().toISOString());
      return refused(err, outcome);
    }
    const timestamp = Math.floor(this.options.clock().getTime() / 1000);
    return { status: 200, contentType: TEXT, body: cosignCheckpoint(sub.text, this.options.cosigner, timestamp), outcome };
  }
}

function refused(err: WitnessError, outcome: WitnessAnswer['outcome']): WitnessAnswer {
  const status = statusOf(err.code);
  if (status === 409 && err.size !== undefined) {
    return { status, contentType: TLOG_SIZE_MEDIA_TYPE, body: formatSizeResponse(err.size), outcome: { ...outcome, reason: err.message } };
  }
  return { status, contentType: TEXT, body: `${err.message}\n`, outcome: { ...outcome, reason: err.message } };
}
