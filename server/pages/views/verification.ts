// The auditor's checks, as named steps with a plain result each. Every step recomputes from the
// signed checkpoints and the proof; nothing is taken from the database's word: the checkpoint
// notes are verified with the log's verifier key, proofs with the RFC 9162 verifiers. A failed
// step is a result to show, not an exception: the page must say plainly what did not hold.
import { verifyCheckpoint } from '../../../audit/checkpoint.ts';
import type { SignedCheckpoint } from '../../../audit/checkpoint.ts';
import { leafHash } from '../../../audit/hash.ts';
import { verifyConsistency, verifyInclusion } from '../../../audit/merkle-verify.ts';
import { getConsistencyProof, getInclusionProof } from '../../../audit/proofs.ts';
import type { Keygate } from '../../compose.ts';

export interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Outcome {
  readonly ok: boolean;
  readonly steps: readonly Step[];
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs the steps in order and stops at the first that fails: later steps depend on earlier ones. */
async function checklist(steps: readonly [string, () => Promise<string> | string][]): Promise<Outcome> {
  const done: Step[] = [];
  for (const [name, run] of steps) {
    try {
      done.push({ name, ok: true, detail: await run() });
    } catch (err) {
      done.push({ name, ok: false, detail: messageOf(err) });
      return { ok: false, steps: done };
    }
  }
  return { ok: true, steps: done };
}

export async function latestSigned(kg: Keygate): Promise<SignedCheckpoint> {
  return verifyCheckpoint((await kg.log.latestCheckpoint()).note, kg.log.verifier, kg.log.origin);
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** Is entry `index` in the tree of the latest checkpoint? */
export async function checkInclusion(kg: Keygate, index: number) {
  let latest: SignedCheckpoint | undefined;
  let proof: Awaited<ReturnType<typeof getInclusionProof>> | undefined;
  let leaf: Buffer | undefined;
  const outcome = await checklist([
    ['The latest checkpoint is signed by the log key', async () => {
      latest = await latestSigned(kg);
      return `tree size ${latest.treeSize}, root ${b64(latest.rootHash)}`;
    }],
    ['The entry is stored and hashes to the proof\'s leaf hash', async () => {
      const [stored] = await kg.logStore.readLeaves(index, index + 1);
      if (stored === undefined || index >= latest!.treeSize) throw new Error(`entry ${index} is not in the tree of size ${latest!.treeSize}`);
      leaf = stored.bytes;
      proof = await getInclusionProof(kg.logStore, index, latest!.treeSize);
      const hash = leafHash(leaf);
      if (!hash.equals(proof.leafHash)) throw new Error(`the entry hashes to ${b64(hash)}, the stored leaf hash is ${b64(proof.leafHash)}`);
      return `leaf hash ${b64(hash)}`;
    }],
    ['The inclusion proof leads to the checkpoint\'s root (RFC 9162 §2.1.3.2)', () => {
      verifyInclusion({ index, treeSize: latest!.treeSize, leafHash: leafHash(leaf!), proof: proof!.hashes, root: latest!.rootHash });
      return `${proof!.hashes.length} hashes`;
    }],
  ]);
  return { outcome, latest: latest ?? null, proof: proof === undefined ? null : { ...proof, hashes: proof.hashes.map(b64), leafHash: b64(proof.leafHash), root: b64(proof.root) }, leaf: leaf?.toString('utf8') ?? null };
}

/** Does the latest checkpoint extend `earlierNote`, a checkpoint the auditor kept from before? */
export async function checkConsistency(kg: Keygate, earlierNote: string) {
  let earlier: SignedCheckpoint | undefined;
  let latest: SignedCheckpoint | undefined;
  let hashes: string[] = [];
  const outcome = await checklist([
    ['The earlier checkpoint is signed by the log key, for this log', () => {
      earlier = verifyCheckpoint(earlierNote.replace(/\r\n/g, '\n').replace(/\n*$/, '\n'), kg.log.verifier, kg.log.origin);
      return `tree size ${earlier.treeSize}, root ${b64(earlier.rootHash)}`;
    }],
    ['The latest checkpoint is signed by the log key', async () => {
      latest = await latestSigned(kg);
      return `tree size ${latest.treeSize}, root ${b64(latest.rootHash)}`;
    }],
    ['The log has not shrunk', () => {
      if (earlier!.treeSize > latest!.treeSize) throw new Error(`the earlier checkpoint covers ${earlier!.treeSize} entries, the latest only ${latest!.treeSize}`);
      return `${latest!.treeSize - earlier!.treeSize} entries added since`;
    }],
    ['The consistency proof shows the earlier tree is a prefix of the latest (RFC 9162 §2.1.4.2)', async () => {
      const proof = await getConsistencyProof(kg.logStore, earlier!.treeSize, latest!.treeSize);
      hashes = proof.hashes.map(b64);
      verifyConsistency({ oldSize: earlier!.treeSize, treeSize: latest!.treeSize, oldRoot: earlier!.rootHash, root: latest!.rootHash, proof: proof.hashes });
      return `${proof.hashes.length} hashes`;
    }],
  ]);
  return { outcome, earlier: earlier ?? null, latest: latest ?? null, hashes };
}
