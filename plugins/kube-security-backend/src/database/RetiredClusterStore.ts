import { Knex } from 'knex';
import { TABLES, chunks, ID_CHUNK } from './tables';

/**
 * Clusters that left the configuration: marked retired (their findings stay, shown but
 * not scored) and, after the retention, deleted with everything their scans left.
 */
export class RetiredClusterStore {
  constructor(
    readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Marks every known cluster not in `configured` as retired (keeping the time of an
   * earlier retirement); returns the clusters retired by this call.
   */
  async retireAllBut(configured: string[]): Promise<string[]> {
    const keep = new Set(configured);
    return this.db.transaction(async tx => {
      const rows = await tx(TABLES.clusters)
        .whereNull('retired_at')
        .select('name');
      const retiring = rows
        .map(r => r.name as string)
        .filter(name => !keep.has(name))
        .sort();
      for (const chunk of chunks(retiring, ID_CHUNK)) {
        await tx(TABLES.clusters)
          .whereIn('name', chunk)
          .update({ retired_at: this.now(), updated_at: this.now() });
      }
      return retiring;
    });
  }

  /**
   * Deletes the clusters retired before `cutoff` with their findings, coverage, workloads
   * and scans; returns their names.
   */
  async pruneRetiredBefore(cutoff: Date): Promise<string[]> {
    return this.db.transaction(async tx => {
      const names = (
        await tx(TABLES.clusters)
          .whereNotNull('retired_at')
          .where('retired_at', '<', cutoff)
          .select('name')
      )
        .map(r => r.name as string)
        .sort();
      for (const chunk of chunks(names, ID_CHUNK)) {
        for (const table of [
          TABLES.findings,
          TABLES.coverage,
          TABLES.workloads,
        ]) {
          await tx(table).whereIn('cluster', chunk).delete();
        }
        // The cluster row points at its scans: it goes first.
        await tx(TABLES.clusters).whereIn('name', chunk).delete();
        await tx(TABLES.scans).whereIn('cluster', chunk).delete();
      }
      return names;
    });
  }
}
