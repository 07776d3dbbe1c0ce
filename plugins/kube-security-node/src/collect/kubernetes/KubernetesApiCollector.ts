import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CollectOptions,
  CollectorCluster,
  KubeSecurityCollector,
} from '../types';
import { collectCluster, type KubernetesContribution } from './collectCluster';
import {
  resolveKubeConfig,
  validateClusterConfigs,
  type KubernetesClusterConfig,
} from './config';
import { KubernetesCollectError } from './errors';
import type { KubernetesRequestOptions } from './transport';

export interface KubernetesApiCollectorOptions
  extends KubernetesRequestOptions {
  /** Receives retry warnings. Messages never contain credentials. */
  logger?: LoggerService;
}

/**
 * Collects live clusters through the Kubernetes API: every kind the checks read, listed
 * cluster-wide with a read-only service account (or a kubeconfig context). Secrets are
 * never requested.
 */
export class KubernetesApiCollector implements KubeSecurityCollector {
  readonly id = 'kubernetes';
  // Private fields keep tokens out of JSON.stringify and log dumps of the collector.
  readonly #clusters: Map<string, KubernetesClusterConfig>;
  readonly #options: KubernetesApiCollectorOptions;

  constructor(
    clusters: KubernetesClusterConfig[],
    options: KubernetesApiCollectorOptions = {},
  ) {
    validateClusterConfigs(clusters);
    this.#clusters = new Map(clusters.map(c => [c.name, { ...c }]));
    this.#options = options;
  }

  async listClusters(): Promise<CollectorCluster[]> {
    return [...this.#clusters.values()].map(
      ({ name, provider, frequency }) => ({
        name,
        ...(provider ? { provider } : {}),
        ...(frequency ? { frequency } : {}),
      }),
    );
  }

  async collect(
    cluster: string,
    options: CollectOptions = {},
  ): Promise<KubernetesContribution> {
    const config = this.#clusters.get(cluster);
    if (!config) {
      throw new KubernetesCollectError({
        code: 'config',
        cluster,
        message: `cluster ${cluster} is not configured for the Kubernetes API collector`,
      });
    }
    const { logger, ...requestOptions } = this.#options;
    return collectCluster({
      cluster,
      // Loaded per scan so that an updated kubeconfig file is picked up.
      config: resolveKubeConfig(config),
      options: requestOptions,
      logger,
      signal: options.signal,
    });
  }
}
