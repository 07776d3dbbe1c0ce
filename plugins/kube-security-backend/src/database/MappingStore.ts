import type { MappingConflict } from '@kube-security/plugin-kube-security-common';
import { Knex } from 'knex';
import type { StoredCatalog } from '../domain/catalog';

const TABLE = 'kube_security_catalog_mapping';
const ROW = 'current';
/** Conflicts about workloads, which a cluster's scan finds again. */
const WORKLOAD_CONFLICTS = new Set(['kubernetes-id', 'label-selector']);

/** The row, locked until the transaction ends where the database can (SQLite locks the file). */
function lockedRow(tx: Knex.Transaction) {
  const query = tx(TABLE).where({ id: ROW });
  return String(tx.client.config.client).includes('sqlite')
    ? query
    : query.forUpdate();
}

export interface AdoptResult {
  /** True when this call mapped the change; false when the stored mapping had it already. */
  mapped: boolean;
  /** The catalog now stored (another replica's when it mapped the change first). */
  stored: StoredCatalog;
}

function decodeCatalog(row: {
  hash: string;
  catalog: string | null;
}): StoredCatalog | undefined {
  if (!row.hash || !row.catalog) return undefined;
  const parsed = JSON.parse(row.catalog);
  return {
    hash: row.hash,
    entities: parsed.entities ?? [],
    teams: parsed.teams ?? [],
    claims: parsed.claims ?? {},
  };
}

function decodeConflicts(text: string | null | undefined): MappingConflict[] {
  return text ? JSON.parse(text) : [];
}

/**
 * The last good catalog mapping, in one row: what the mapping read last time the catalog
 * answered, and the conflicts it refused. The row is locked while a catalog change is
 * mapped, so each change is mapped by one replica.
 */
export class MappingStore {
  constructor(
    readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The stored catalog, or undefined when no catalog was ever read successfully. */
  async load(): Promise<StoredCatalog | undefined> {
    const row = await this.db(TABLE).where({ id: ROW }).first();
    return row ? decodeCatalog(row) : undefined;
  }

  /**
   * Stores a catalog just read (`build` gets the stored one, to carry what it remembers)
   * and re-maps with it (`remap`), in one transaction with the row locked; when the stored
   * catalog has the same hash already, another replica mapped this change and nothing is
   * done: of several replicas that read the same change, one maps it.
   */
  async adopt(
    hash: string,
    build: (previous: StoredCatalog | undefined) => StoredCatalog,
    remap: (tx: Knex.Transaction, catalog: StoredCatalog) => Promise<void>,
  ): Promise<AdoptResult> {
    await this.db(TABLE)
      .insert({ id: ROW, hash: '', updated_at: this.now() })
      .onConflict('id')
      .ignore();
    return this.db.transaction(async tx => {
      const row = await lockedRow(tx).first();
      const stored = decodeCatalog(row);
      if (stored && stored.hash === hash) {
        return { mapped: false, stored };
      }
      const catalog = build(stored);
      await remap(tx, catalog);
      await tx(TABLE)
        .where({ id: ROW })
        .update({
          hash,
          catalog: JSON.stringify({
            entities: catalog.entities,
            teams: catalog.teams,
            claims: catalog.claims,
          }),
          updated_at: this.now(),
        });
      return { mapped: true, stored: catalog };
    });
  }

  async conflicts(): Promise<MappingConflict[]> {
    const row = await this.db(TABLE).where({ id: ROW }).first('conflicts');
    return decodeConflicts(row?.conflicts);
  }

  /**
   * Replaces every stored conflict (`all`, after a catalog change) or the workload
   * conflicts of some clusters (after their scans), keeping the others', in a
   * transaction: replicas that scanned different clusters do not overwrite each other's.
   */
  async replaceConflicts(
    scope: { clusters?: string[]; all?: boolean },
    conflicts: MappingConflict[],
  ): Promise<void> {
    await this.db(TABLE)
      .insert({ id: ROW, hash: '', updated_at: this.now() })
      .onConflict('id')
      .ignore();
    await this.db.transaction(async tx => {
      const row = await lockedRow(tx).first('conflicts');
      const replaced = new Set(scope.clusters ?? []);
      const kept = scope.all
        ? []
        : decodeConflicts(row?.conflicts).filter(
            c =>
              !WORKLOAD_CONFLICTS.has(c.kind) || !replaced.has(c.cluster ?? ''),
          );
      const next = [...kept, ...conflicts].sort(
        (a, b) =>
          (a.cluster ?? '').localeCompare(b.cluster ?? '') ||
          a.kind.localeCompare(b.kind) ||
          a.subject.localeCompare(b.subject),
      );
      await tx(TABLE)
        .where({ id: ROW })
        .update({ conflicts: JSON.stringify(next) });
    });
  }
}
