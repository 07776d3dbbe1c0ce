import type { Provider } from '@kube-security/plugin-kube-security-common';
import type { Snapshot } from '../../snapshot/types';
import { collectCluster, type KubernetesContribution } from './collectCluster';
import { kubeConfigFromFile } from './config';
import type { KubernetesApiCollectorOptions } from './KubernetesApiCollector';

export interface CollectFromKubeconfigOptions
  extends KubernetesApiCollectorOptions {
  /** Defaults to `$KUBECONFIG`, then `~/.kube/config`, then the in-cluster service account. */
  kubeconfigPath?: string;
  /** Defaults to the kubeconfig's current context. */
  context?: string;
  /** Overrides the cluster name, which defaults to the context's cluster entry name. */
  clusterName?: string;
  /** Overrides the provider guessed from the cluster's name and server. */
  provider?: Provider;
  signal?: AbortSignal;
}

export interface KubeconfigCollection {
  /** The cluster name: `clusterName`, or the name of the context's cluster entry. */
  cluster: string;
  /** The context used. */
  context: string;
  server: string;
  provider?: Provider;
  contribution: KubernetesContribution;
  /** The contribution as a snapshot (same objects array, no copy). */
  snapshot: Snapshot;
}

/**
 * Scans the cluster of a kubeconfig context, for the CLI's `--kubeconfig` / `--context`.
 * Same code path as the backend's Kubernetes API collector.
 */
export async function collectFromKubeconfig(
  options: CollectFromKubeconfigOptions = {},
): Promise<KubeconfigCollection> {
  const {
    kubeconfigPath,
    context,
    clusterName,
    provider: providerOverride,
    signal,
    logger,
    ...requestOptions
  } = options;
  const config = kubeConfigFromFile(
    { kubeconfigPath, context },
    clusterName ?? context ?? 'current-context',
  );
  const cluster = clusterName ?? config.kubeconfigCluster;
  const provider =
    providerOverride ??
    guessProvider(config.kubeconfigCluster, config.context, config.server);

  const contribution = await collectCluster({
    cluster,
    config,
    options: requestOptions,
    logger,
    signal,
  });
  const snapshot: Snapshot = {
    cluster,
    ...(provider ? { provider } : {}),
    collectedAt: new Date().toISOString(),
    objects: contribution.objects,
    scope: 'cluster',
    ...(contribution.unreadable.length
      ? { unreadableKinds: contribution.unreadable.map(u => u.kind) }
      : {}),
  };
  return {
    cluster,
    context: config.context,
    server: config.server,
    ...(provider ? { provider } : {}),
    contribution,
    snapshot,
  };
}

/**
 * The providers' CLIs name kubeconfig entries recognisably (`aws eks update-kubeconfig`:
 * `arn:aws:eks:…`, `gcloud … get-credentials`: `gke_<project>_<location>_<name>`), and
 * EKS and AKS API servers have recognisable host names.
 */
export function guessProvider(
  kubeconfigCluster: string,
  context: string,
  server: string,
): Provider | undefined {
  const names = [kubeconfigCluster, context];
  let host = '';
  try {
    host = new URL(server).hostname.toLowerCase();
  } catch {
    // An unparsable server is reported by the request itself.
  }
  if (
    names.some(n => n.startsWith('arn:aws:eks:')) ||
    host.endsWith('.eks.amazonaws.com')
  ) {
    return 'eks';
  }
  if (names.some(n => n.startsWith('gke_'))) return 'gke';
  if (host.endsWith('.azmk8s.io')) return 'aks';
  return undefined;
}
