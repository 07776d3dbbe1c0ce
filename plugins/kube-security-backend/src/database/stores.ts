import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { AggregateStore } from './AggregateStore';
import { DecisionStore } from './DecisionStore';
import { FindingStore } from './FindingStore';
import { NotificationStore } from './NotificationStore';
import { PendingAnnotationStore } from './PendingAnnotationStore';
import { MappingStore } from './MappingStore';
import { ReplicaStore } from './ReplicaStore';
import { RetiredClusterStore } from './RetiredClusterStore';
import { ScanStore, StoreOptions } from './ScanStore';
import { applyMigrations } from './migrations';

/** Every store of the plugin, over one database. */
export interface Stores {
  scans: ScanStore;
  findings: FindingStore;
  aggregates: AggregateStore;
  decisions: DecisionStore;
  /** The notification outbox (claim, send, confirm). */
  notifications: NotificationStore;
  /** The last good catalog mapping and its conflicts. */
  mapping: MappingStore;
  /** Clusters that left the configuration. */
  retired: RetiredClusterStore;
  /** Annotation exceptions read but not honoured, shown as pending. */
  pendingAnnotations: PendingAnnotationStore;
  /** The backend replicas sharing the scans, with their leases (real time). */
  replicas: ReplicaStore;
}

/** The stores over a knex client whose schema is migrated already (tests, benchmarks). */
export function storesFor(knex: Knex, options?: Partial<StoreOptions>): Stores {
  const findings = new FindingStore(knex);
  return {
    scans: new ScanStore(knex, findings, options),
    findings,
    aggregates: new AggregateStore(knex, options?.now),
    decisions: new DecisionStore(knex, options?.now),
    notifications: new NotificationStore(knex, options?.now),
    mapping: new MappingStore(knex, options?.now),
    retired: new RetiredClusterStore(knex, options?.now),
    pendingAnnotations: new PendingAnnotationStore(knex, options?.now),
    replicas: new ReplicaStore(knex),
  };
}

/** Migrates the plugin's database (unless the backend skips migrations) and opens the stores. */
export async function createStores(
  database: DatabaseService,
  options?: Partial<StoreOptions>,
): Promise<Stores> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await applyMigrations(knex);
  }
  return storesFor(knex, options);
}
