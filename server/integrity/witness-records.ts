// What the log holds from its witnesses, against the log itself: no witness may have cosigned
// more than the log holds (a rollback), and with `full`, every stored cosignature must verify
// on the checkpoint the log holds at its size (a changed checkpoint would not).
import { parseNote } from '../../audit/note.ts';
import { verifyCosignatureLine } from '../../audit/cosignature.ts';
import type { LogStore, LogTransaction } from '../../audit/log-store.ts';
import type { CosignatureStore } from '../storage/cosignature-store.ts';
import type { ConfiguredWitness } from '../witnessing/witnesses.ts';

/** Tree sizes per page of cosignatures. */
const PAGE = 500;

export async function witnessRecordProblems(
  deps: { readonly cosignatures: CosignatureStore; readonly store: LogStore<LogTransaction>; readonly witnesses: readonly ConfiguredWitness[] },
  logSize: number,
  options: { full: boolean },
): Promise<string[]> {
  const problems: string[] = [];
  for (const [witness, size] of await deps.cosignatures.witnessSizes()) {
    if (size > logSize) problems.push(`witness ${witness} told the log it cosigned tree size ${size}; the log holds ${logSize} entries`);
  }
  for (const [witness, size] of await deps.cosignatures.largestCosignedSizes()) {
    if (size > logSize) problems.push(`the log holds a cosignature by ${witness} for tree size ${size}; the log holds ${logSize} entries`);
  }
  if (!options.full) return problems;
  const byId = new Map(deps.witnesses.map((w) => [w.id, w]));
  for (let after = -1; ; ) {
    const page = await deps.cosignatures.page(after, PAGE);
    if (page.length === 0) break;
    for (const c of page) {
      if (c.treeSize > logSize) continue; // reported above
      const cp = await deps.store.checkpointAt(c.treeSize);
      if (cp === null) {
        problems.push(`a cosignature by ${c.witness} names tree size ${c.treeSize}, where the log holds no checkpoint`);
        continue;
      }
      const w = byId.get(c.witness);
      if (w === undefined) continue;
      try {
        verifyCosignatureLine(parseNote(cp.note).text, c.line, w.verifier);
      } catch (err) {
        problems.push(`the cosignature by ${c.witness} for tree size ${c.treeSize} does not verify on the stored checkpoint: ${(err as Error).message}`);
      }
    }
    after = page.at(-1)!.treeSize;
  }
  return problems;
}
