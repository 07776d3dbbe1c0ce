import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { KubernetesPluginCollector } from '../collectors/KubernetesPluginCollector';
import type { ClusterSource } from './ScanService';

/**
 * The clusters being scanned, by name. Most are known at start-up; the Kubernetes
 * plugin's catalog clusters come and go with the catalog: a new one is registered and
 * scheduled, one removed from the catalog is no longer scanned (its source keeps no
 * collector) and is retired like a cluster removed from the configuration.
 */
export class ClusterSourceSet {
  readonly #byName = new Map<string, ClusterSource>();
  readonly #logged = new Set<string>();

  constructor(
    private readonly options: {
      /** Records clusters in the store (their provider and source). */
      register: (sources: ClusterSource[]) => Promise<void>;
      /** Schedules the scan task of a cluster (once per name). */
      schedule: (source: ClusterSource) => Promise<void>;
      logger: LoggerService;
    },
  ) {}

  /** Registers and schedules sources (at start-up). */
  async add(sources: ClusterSource[]): Promise<void> {
    const fresh = sources.filter(s => !this.#byName.has(s.name));
    fresh.forEach(s => this.#byName.set(s.name, s));
    await this.options.register(fresh);
    for (const source of fresh) await this.options.schedule(source);
  }

  /** The clusters scanned now. */
  active(): ClusterSource[] {
    return [...this.#byName.values()].filter(s => s.collectors.length > 0);
  }

  isActive(name: string): boolean {
    return (this.#byName.get(name)?.collectors.length ?? 0) > 0;
  }

  /**
   * Follows the catalog's `kubernetes-cluster` Resources for the Kubernetes plugin's
   * collector. Each reason a Resource is skipped is logged once.
   */
  async refreshCatalogClusters(
    collector: KubernetesPluginCollector,
    entities: Entity[],
  ): Promise<void> {
    const { added, removed, problems } = await collector.updateFromCatalog(
      entities,
    );
    for (const problem of problems) {
      if (this.#logged.has(problem)) continue;
      this.#logged.add(problem);
      this.options.logger.warn(problem);
    }
    for (const name of removed) {
      const source = this.#byName.get(name);
      if (!source) continue;
      source.collectors = source.collectors.filter(c => c !== collector);
      this.options.logger.info(
        `Cluster ${name} is no longer a kubernetes-cluster Resource of the catalog; it is not scanned any more`,
      );
    }
    const toRegister: ClusterSource[] = [];
    const toSchedule: ClusterSource[] = [];
    for (const cluster of added) {
      let source = this.#byName.get(cluster.name);
      if (!source) {
        source = { name: cluster.name, collectors: [] };
        this.#byName.set(cluster.name, source);
        toSchedule.push(source);
      }
      source.provider ??= cluster.provider;
      if (!source.collectors.includes(collector)) {
        source.collectors.push(collector);
      }
      toRegister.push(source);
      this.options.logger.info(
        `Cluster ${cluster.name} of the Kubernetes plugin's catalog locator (${cluster.entityRef}, ${cluster.authProvider} auth) is scanned`,
      );
    }
    if (toRegister.length) await this.options.register(toRegister);
    for (const source of toSchedule) await this.options.schedule(source);
  }
}
