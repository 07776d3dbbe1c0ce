import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type {
  CollectOptions,
  CollectorCluster,
  CollectorContribution,
  KubeSecurityCollector,
} from '@kube-security/plugin-kube-security-node';
import type { AzureSubscriptionConfig } from '../config';
import {
  createArmClients,
  type ArmClients,
  type AzureClientOptions,
} from './armClients';
import { collectAks, type AksTarget } from './collectAks';
import { AzureCollectError } from './errors';

export interface AzureAksCollectorOptions {
  /**
   * Where tokens come from. Defaults to DefaultAzureCredential (environment, workload
   * identity, managed identity, Azure CLI…), one per configured tenant.
   */
  credential?: TokenCredential;
  clientOptions?: AzureClientOptions;
  /** Receives a warning for each fact that could not be read. */
  logger?: LoggerService;
}

/**
 * Live AKS posture: the managed cluster with its agent pools, its diagnostic settings
 * (kube-audit), the subscription's Activity Log export and the role assignments on the
 * cluster, shaped as the AKS descriptor the checks read.
 */
export class AzureAksCollector implements KubeSecurityCollector {
  readonly id = 'azure';
  readonly #targets: Map<string, AksTarget>;
  readonly #options: AzureAksCollectorOptions;
  readonly #clients = new Map<string, ArmClients>();
  readonly #credentials = new Map<string, TokenCredential>();

  constructor(
    subscriptions: AzureSubscriptionConfig[],
    options: AzureAksCollectorOptions = {},
  ) {
    this.#options = options;
    this.#targets = new Map(
      subscriptions.flatMap(subscription =>
        subscription.clusters.map(
          cluster => [cluster.name, { subscription, cluster }] as const,
        ),
      ),
    );
  }

  async listClusters(): Promise<CollectorCluster[]> {
    return [...this.#targets.values()].map(({ cluster }) => ({
      name: cluster.name,
      provider: 'aks',
      ...(cluster.frequency ? { frequency: cluster.frequency } : {}),
    }));
  }

  async collect(
    cluster: string,
    options: CollectOptions = {},
  ): Promise<CollectorContribution> {
    const target = this.#targets.get(cluster);
    if (!target) {
      throw new AzureCollectError({
        code: 'config',
        cluster,
        message: `Cluster "${cluster}" is not configured under kubeSecurity.azure.subscriptions`,
      });
    }
    return collectAks({
      clients: this.#clientsFor(target.subscription),
      target,
      signal: options.signal,
      logger: this.#options.logger,
    });
  }

  #clientsFor(subscription: AzureSubscriptionConfig): ArmClients {
    let clients = this.#clients.get(subscription.subscriptionId);
    if (!clients) {
      clients = createArmClients(
        this.#credentialFor(subscription.tenantId),
        subscription,
        this.#options.clientOptions,
      );
      this.#clients.set(subscription.subscriptionId, clients);
    }
    return clients;
  }

  #credentialFor(tenantId: string | undefined): TokenCredential {
    if (this.#options.credential) return this.#options.credential;
    const key = tenantId ?? '';
    let credential = this.#credentials.get(key);
    if (!credential) {
      // Built lazily: constructing it reads the environment but makes no request.
      credential = new DefaultAzureCredential(tenantId ? { tenantId } : {});
      this.#credentials.set(key, credential);
    }
    return credential;
  }
}
