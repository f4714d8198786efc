// Serving the log as C2SP tlog-tiles from stored nodes: a hash tile is one indexed read of its
// 256 (or W) stored nodes, an entry bundle one range read of its entries. Neither reads or hashes
// anything outside the tile, so a tile read costs the same at any log size.
import { AuditError } from './errors.ts';
import type { LogStore, LogTransaction } from './log-store.ts';
import { nodeKey } from './log-store.ts';
import { bundleRange, encodeEntryBundle, tileNodes } from './tiles.ts';
import type { TilePath } from './tiles.ts';

export async function readHashTile(store: LogStore<LogTransaction>, tile: Extract<TilePath, { kind: 'hashes' }>): Promise<Buffer> {
  const ids = tileNodes(tile);
  const found = await store.readNodes(ids);
  return Buffer.concat(
    ids.map((id) => {
      const hash = found.get(nodeKey(id));
      if (hash === undefined) throw new AuditError('log-inconsistent', `stored tree node ${nodeKey(id)} is missing`, { evidence: { level: id.level, index: id.index } });
      return hash;
    }),
  );
}

/** The bundle's entries, each already checked against its stored leaf hash by the store. */
export async function readEntryBundle(store: LogStore<LogTransaction>, tile: Extract<TilePath, { kind: 'entries' }>): Promise<Buffer> {
  const { start, end } = bundleRange(tile);
  const leaves = await store.readLeaves(start, end);
  if (leaves.length !== end - start || leaves.some((l, i) => l.index !== start + i)) {
    throw new AuditError('log-inconsistent', `entries ${start}..${end - 1} are incomplete in the database`, { evidence: { start, end, found: leaves.length } });
  }
  return encodeEntryBundle(leaves.map((l) => l.bytes));
}
