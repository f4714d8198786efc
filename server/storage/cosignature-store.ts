// The log's witness records on knex (migration 006): cosignature lines per checkpoint and the
// size each witness last told us it cosigned. Row types stay in this file.
import type { Knex } from 'knex';

export interface StoredCosignature {
  readonly treeSize: number;
  /** "name+hash" of the witness's verifier key. */
  readonly witness: string;
  readonly line: string;
  readonly cosignedAt: number;
  readonly receivedAt: string;
}

interface CosignatureRow {
  tree_size: number | string;
  witness: string;
  line: string;
  cosigned_at: number | string;
  received_at: string;
}

export class CosignatureStore {
  constructor(private readonly knex: Knex) {}

  /** Inserts a cosignature; a second one by the same witness for the same size is ignored (first kept). */
  async insert(c: StoredCosignature): Promise<void> {
    await this.knex('witness_cosignatures')
      .insert({ tree_size: c.treeSize, witness: c.witness, line: c.line, cosigned_at: c.cosignedAt, received_at: c.receivedAt })
      .onConflict(['tree_size', 'witness'])
      .ignore();
  }

  /**
   * The largest tree size cosigned by at least `quorum` of `witnesses`, or null. Walks sizes from
   * the largest down through the primary key and stops at the first that qualifies.
   */
  async latestQuorumSize(witnesses: readonly string[], quorum: number): Promise<number | null> {
    if (witnesses.length === 0) return null;
    const row = await this.knex('witness_cosignatures')
      .select('tree_size')
      .whereIn('witness', [...witnesses])
      .groupBy('tree_size')
      .havingRaw('COUNT(DISTINCT witness) >= ?', [quorum])
      .orderBy('tree_size', 'desc')
      .first<{ tree_size: number | string } | undefined>();
    return row === undefined ? null : Number(row.tree_size);
  }

  async at(treeSize: number, witnesses: readonly string[]): Promise<StoredCosignature[]> {
    const rows = await this.knex<CosignatureRow>('witness_cosignatures').where('tree_size', treeSize).whereIn('witness', [...witnesses]);
    return rows.map((r) => ({ treeSize: Number(r.tree_size), witness: r.witness, line: r.line, cosignedAt: Number(r.cosigned_at), receivedAt: r.received_at }));
  }

  /** The largest size each witness cosigned, per stored cosignatures. */
  async largestCosignedSizes(): Promise<Map<string, number>> {
    const rows: Array<{ witness: string; size: number | string }> = await this.knex('witness_cosignatures').select('witness').max({ size: 'tree_size' }).groupBy('witness');
    return new Map(rows.map((r) => [r.witness, Number(r.size)]));
  }

  /** Every cosignature of the next `sizes` tree sizes above `afterSize`, in (tree size, witness) order. */
  async page(afterSize: number, sizes: number): Promise<StoredCosignature[]> {
    const next = this.knex('witness_cosignatures').distinct('tree_size').where('tree_size', '>', afterSize).orderBy('tree_size').limit(sizes);
    const rows = await this.knex<CosignatureRow>('witness_cosignatures')
      .whereIn('tree_size', this.knex.select('tree_size').from(next.as('next_sizes')))
      .orderBy([{ column: 'tree_size' }, { column: 'witness' }]);
    return rows.map((r) => ({ treeSize: Number(r.tree_size), witness: r.witness, line: r.line, cosignedAt: Number(r.cosigned_at), receivedAt: r.received_at }));
  }

  async witnessSizes(): Promise<Map<string, number>> {
    const rows = await this.knex<{ witness: string; size: number | string }>('witness_state').select('witness', 'size');
    return new Map(rows.map((r) => [r.witness, Number(r.size)]));
  }

  async saveWitnessSize(witness: string, size: number, at: string): Promise<void> {
    await this.knex('witness_state').insert({ witness, size, updated_at: at }).onConflict('witness').merge(['size', 'updated_at']);
  }
}
