// Proofs served from stored nodes: each answer reads O(log n) nodes in one query and never
// recomputes from the leaves.
import { assembleProof, consistencyProofPlan, foldRange, inclusionProofPlan, rootPlan } from './merkle.ts';
import type { NodeId, ProofPlan } from './merkle.ts';
import { AuditError } from './errors.ts';
import { EMPTY_ROOT } from './hash.ts';
import { nodeKey } from './log-store.ts';
import type { LogStore, LogTransaction } from './log-store.ts';

export interface InclusionProof {
  readonly index: number;
  readonly treeSize: number;
  readonly leafHash: Buffer;
  readonly root: Buffer;
  readonly hashes: readonly Buffer[];
}

export interface ConsistencyProof {
  readonly oldSize: number;
  readonly oldRoot: Buffer;
  readonly treeSize: number;
  readonly root: Buffer;
  readonly hashes: readonly Buffer[];
}

/** JSON shape shared by the CLI and HTTP: hashes in standard padded base64. */
export function inclusionProofToJson(p: InclusionProof): Record<string, unknown> {
  return { index: p.index, treeSize: p.treeSize, leafHash: b64(p.leafHash), root: b64(p.root), hashes: p.hashes.map(b64) };
}

export function consistencyProofToJson(p: ConsistencyProof): Record<string, unknown> {
  return { oldSize: p.oldSize, oldRoot: b64(p.oldRoot), treeSize: p.treeSize, root: b64(p.root), hashes: p.hashes.map(b64) };
}

function b64(b: Buffer): string {
  return b.toString('base64');
}

/** The tree size to answer at: the given one, or the latest checkpoint's; never beyond it. */
async function resolveTreeSize(store: LogStore<LogTransaction>, requested: number | undefined): Promise<number> {
  const latest = await store.latestCheckpoint();
  const published = latest?.treeSize ?? 0;
  const size = requested ?? published;
  if (!Number.isSafeInteger(size) || size < 0 || size > published) {
    throw new AuditError('range-invalid', `tree size ${size} is not between 0 and the latest checkpoint's size ${published}`, {
      evidence: { requested: String(requested), published },
    });
  }
  return size;
}

async function readAll(store: LogStore<LogTransaction>, ids: readonly NodeId[]): Promise<(id: NodeId) => Buffer> {
  const found = await store.readNodes(ids);
  return (id) => {
    const hash = found.get(nodeKey(id));
    if (hash === undefined) {
      throw new AuditError('log-inconsistent', `stored tree node ${nodeKey(id)} is missing`, { evidence: { level: id.level, index: id.index } });
    }
    return hash;
  };
}

function rootFrom(lookup: (id: NodeId) => Buffer, plan: readonly NodeId[]): Buffer {
  return plan.length === 0 ? Buffer.from(EMPTY_ROOT) : foldRange(plan.map(lookup));
}

export async function getInclusionProof(
  store: LogStore<LogTransaction>,
  index: number,
  requestedSize?: number,
): Promise<InclusionProof> {
  const treeSize = await resolveTreeSize(store, requestedSize);
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new AuditError('range-invalid', `index ${index} is not below tree size ${treeSize}`, { evidence: { index, treeSize } });
  }
  const plan: ProofPlan = inclusionProofPlan(index, treeSize);
  const leafId: NodeId = { level: 0, index };
  const roots = rootPlan(treeSize);
  const lookup = await readAll(store, [...plan.nodes, leafId, ...roots]);
  return { index, treeSize, leafHash: lookup(leafId), root: rootFrom(lookup, roots), hashes: assembleProof(plan, lookup) };
}

export async function getConsistencyProof(
  store: LogStore<LogTransaction>,
  oldSize: number,
  requestedSize?: number,
): Promise<ConsistencyProof> {
  const treeSize = await resolveTreeSize(store, requestedSize);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > treeSize) {
    throw new AuditError('range-invalid', `old size ${oldSize} is not between 0 and tree size ${treeSize}`, { evidence: { oldSize, treeSize } });
  }
  const plan = consistencyProofPlan(oldSize, treeSize);
  const oldRoots = rootPlan(oldSize);
  const roots = rootPlan(treeSize);
  const lookup = await readAll(store, [...plan.nodes, ...oldRoots, ...roots]);
  return {
    oldSize,
    oldRoot: rootFrom(lookup, oldRoots),
    treeSize,
    root: rootFrom(lookup, roots),
    hashes: assembleProof(plan, lookup),
  };
}

/** The root hash at any published size, from stored nodes. */
export async function getRootAt(store: LogStore<LogTransaction>, treeSize: number): Promise<Buffer> {
  const size = await resolveTreeSize(store, treeSize);
  const roots = rootPlan(size);
  return rootFrom(await readAll(store, roots), roots);
}
