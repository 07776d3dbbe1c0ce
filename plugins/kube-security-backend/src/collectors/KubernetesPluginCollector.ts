import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  KubernetesApiCollector,
  KubernetesCollectError,
  type CollectOptions,
  type CollectorCluster,
  type KubeSecurityCollector,
  type KubernetesContribution,
  type KubernetesRequestOptions,
} from '@kube-security/plugin-kube-security-node';
import { catalogClusterOf, type HostLookup } from '../config/catalogClusters';
import type {
  CatalogLocatorOptions,
  KubernetesPluginCluster,
} from '../config/kubernetesPluginClusters';
import type { AuthStrategies } from './kubernetesAuth';

/** What the catalog read changed: clusters to schedule, clusters gone, and why some are skipped. */
export interface CatalogClustersUpdate {
  added: KubernetesPluginCluster[];
  removed: string[];
  /** Resources with an API server annotation that are not scanned, and why. */
  problems: string[];
}

export interface KubernetesPluginCollectorOptions {
  /** The Kubernetes backend's auth strategies, by auth provider. */
  strategies: AuthStrategies;
  /** Names and API server URLs configured under kubeSecurity: those entries win. */
  reserved?: { names: ReadonlySet<string>; urls: readonly string[] };
  /** Set when the `catalog` locator is configured. */
  catalog?: CatalogLocatorOptions;
  logger?: LoggerService;
  requestOptions?: KubernetesRequestOptions;
  /** DNS lookup for the API server check of catalog clusters (tests pass their own). */
  resolveHost?: HostLookup;
}

const sameUrl = (a: string, b: string) => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
};

/**
 * Scans the clusters the Backstage Kubernetes plugin knows, with that plugin's own auth
 * strategies: before each scan the cluster's strategy gives a fresh credential (an AWS
 * token lasts minutes), then the Kubernetes API collector lists the cluster with it.
 *
 * The `config` clusters are fixed at start-up; the `catalog` ones follow the catalog
 * (`updateFromCatalog`). Names and API servers configured under kubeSecurity win.
 */
export class KubernetesPluginCollector implements KubeSecurityCollector {
  readonly id = 'kubernetes-plugin';
  // Private fields keep tokens out of JSON.stringify and log dumps of the collector.
  readonly #configured: Map<string, KubernetesPluginCluster>;
  #catalog = new Map<string, KubernetesPluginCluster>();
  #catalogRead = false;
  readonly #options: KubernetesPluginCollectorOptions & {
    reserved: NonNullable<KubernetesPluginCollectorOptions['reserved']>;
  };

  constructor(
    clusters: KubernetesPluginCluster[],
    options: KubernetesPluginCollectorOptions,
  ) {
    this.#options = {
      ...options,
      reserved: options.reserved ?? { names: new Set(), urls: [] },
    };
    this.#configured = new Map(clusters.map(c => [c.name, c]));
  }

  /** Whether clusters come from the catalog too (a `catalog` locator is configured). */
  get readsCatalog(): boolean {
    return this.#options.catalog !== undefined;
  }

  /** Whether the catalog clusters are known (the catalog was read at least once). */
  get catalogRead(): boolean {
    return this.#catalogRead;
  }

  async listClusters(): Promise<CollectorCluster[]> {
    return [...this.#configured.values(), ...this.#catalog.values()].map(
      ({ name, provider }) => ({ name, ...(provider ? { provider } : {}) }),
    );
  }

  /** Catalog cluster name → the ref of the `kubernetes-cluster` Resource it was found through. */
  catalogEntities(): ReadonlyMap<string, string> {
    return new Map(
      [...this.#catalog.values()].map(c => [c.name, c.entityRef ?? '']),
    );
  }

  /** Whether the cluster is (still) one of the Kubernetes plugin's. */
  has(name: string): boolean {
    return this.#configured.has(name) || this.#catalog.has(name);
  }

  #reservedReason(cluster: KubernetesPluginCluster): string | undefined {
    const { names, urls } = this.#options.reserved;
    if (names.has(cluster.name)) {
      return `the name ${cluster.name} is configured under kubeSecurity`;
    }
    if (urls.some(u => sameUrl(u, cluster.url))) {
      return `its API server ${cluster.url} is configured under kubeSecurity.clusters`;
    }
    return undefined;
  }

  /**
   * Re-reads the catalog clusters from the catalog's `kubernetes-cluster` Resources.
   * A name already used (kubeSecurity, a config cluster, an earlier Resource) keeps its
   * first owner; the others are listed in `problems`.
   */
  async updateFromCatalog(entities: Entity[]): Promise<CatalogClustersUpdate> {
    const options = this.#options.catalog;
    const problems: string[] = [];
    const next = new Map<string, KubernetesPluginCluster>();
    if (options) {
      for (const entity of entities) {
        const result = await catalogClusterOf(
          entity,
          options,
          this.#options.resolveHost,
        );
        if (!result) continue;
        if ('problem' in result) {
          problems.push(result.problem);
          continue;
        }
        const { cluster } = result;
        const reserved = this.#reservedReason(cluster);
        if (reserved) {
          // Configured explicitly: that entry is scanned instead, not an error.
          continue;
        }
        const taken = this.#configured.has(cluster.name)
          ? 'a cluster of the config locator'
          : next.get(cluster.name)?.entityRef;
        if (taken) {
          problems.push(
            `kubernetes-cluster Resource ${cluster.entityRef} names cluster ${cluster.name}, already used by ${taken}; it is not scanned (set kube-security.io/cluster to tell them apart)`,
          );
          continue;
        }
        next.set(cluster.name, cluster);
      }
    }
    const added = [...next.values()].filter(c => !this.#catalog.has(c.name));
    const removed = [...this.#catalog.keys()].filter(n => !next.has(n));
    this.#catalog = next;
    this.#catalogRead = true;
    return { added, removed, problems };
  }

  async collect(
    cluster: string,
    options: CollectOptions = {},
  ): Promise<KubernetesContribution> {
    const config = this.#configured.get(cluster) ?? this.#catalog.get(cluster);
    if (!config) {
      throw new KubernetesCollectError({
        code: 'config',
        cluster,
        message: `cluster ${cluster} is no longer one of the Kubernetes plugin's clusters`,
      });
    }
    const details: ClusterDetails = {
      name: config.name,
      url: config.url,
      authMetadata: {
        'kubernetes.io/auth-provider': config.authProvider,
        ...config.authMetadata,
      },
      skipTLSVerify: config.skipTLSVerify,
      caData: config.caData,
      caFile: config.caFile,
    };
    let credential: KubernetesCredential;
    try {
      // A configured service-account token is the credential, as the Kubernetes
      // backend's ServiceAccountStrategy returns it; the other providers make one.
      const token = details.authMetadata.serviceAccountToken;
      credential =
        config.authProvider === 'serviceAccount' && token
          ? { type: 'bearer token', token }
          : await this.#options
              .strategies(config.authProvider)
              .getCredential(details, {});
    } catch (e) {
      throw new KubernetesCollectError({
        code: 'config',
        cluster,
        message: `cluster ${cluster}: the Kubernetes plugin's ${
          config.authProvider
        } auth strategy gave no credential: ${(e as Error).message}`,
      });
    }
    if (credential.type !== 'bearer token' || !credential.token.trim()) {
      throw new KubernetesCollectError({
        code: 'config',
        cluster,
        message: `cluster ${cluster}: the ${
          config.authProvider
        } auth strategy gave ${
          credential.type === 'bearer token'
            ? 'an empty token'
            : `a credential of type "${credential.type}"`
        }; Kube Security scans with a bearer token only`,
      });
    }
    const collector = new KubernetesApiCollector(
      [
        {
          name: config.name,
          url: config.url,
          serviceAccountToken: credential.token,
          caData: config.caData,
          caFile: config.caFile,
          // Plain HTTP (allowed for loopback and dangerouslyAllowClusterUrls hosts) has
          // no TLS to verify; client-node wants the flag set for it.
          skipTLSVerify:
            config.skipTLSVerify || /^http:\/\//i.test(config.url) || undefined,
        },
      ],
      { ...this.#options.requestOptions, logger: this.#options.logger },
    );
    return collector.collect(cluster, options);
  }
}
