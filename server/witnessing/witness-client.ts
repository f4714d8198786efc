// The HTTP side of tlog-witness for the log: one POST <prefix>/add-checkpoint. Node's fetch keeps
// connections alive, as the spec asks of clients.
import { TLOG_SIZE_MEDIA_TYPE } from '../../audit/witness-protocol.ts';

export interface WitnessReply {
  readonly status: number;
  /** True for a text/x.tlog.size body (the 409 answer). */
  readonly isSize: boolean;
  readonly body: string;
}

/** Answers bigger than this are refused unread: a cosignature reply is a few lines. */
const MAX_REPLY_BYTES = 64 * 1024;

export type WitnessPoster = (url: string, body: string) => Promise<WitnessReply>;

export function httpWitnessPoster(options: { timeoutMs: number }): WitnessPoster {
  return async (url, body) => {
    const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(options.timeoutMs) });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_REPLY_BYTES) throw new Error(`the witness answered ${bytes.length} bytes`);
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    return { status: res.status, isSize: type === TLOG_SIZE_MEDIA_TYPE, body: bytes.toString('utf8') };
  };
}
