import type { Provider } from '@kube-security/plugin-kube-security-common';
import type { SnapshotIndex } from '../../engine/SnapshotIndex';
import type {
  AksDescriptor,
  CloudDescriptor,
  EksDescriptor,
  GkeDescriptor,
  KubeObject,
} from '../../snapshot/types';

/**
 * Small readers over cloud descriptors shared by the cloud-*, cluster-* and image-*
 * checks. Descriptors are untyped provider output, so every read is defensive.
 */

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a list, else an empty list (CLIs print `null` for unset lists). */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** First defined value among alternative spellings (az CLI vs ARM REST casing). */
export function either(o: unknown, ...keys: string[]): any {
  if (!isObject(o)) return undefined;
  for (const key of keys) {
    if (o[key] !== undefined) return o[key];
  }
  return undefined;
}

/** The key of `o` that holds a value among alternative spellings, for evidence paths. */
export function keyOf(o: unknown, ...keys: string[]): string {
  if (isObject(o)) {
    for (const key of keys) {
      if (o[key] !== undefined) return key;
    }
  }
  return keys[0];
}

export const PROVIDER_NAMES: Record<Provider, string> = {
  eks: 'EKS',
  gke: 'GKE',
  aks: 'AKS',
};

export function eksOf(index: SnapshotIndex): EksDescriptor | undefined {
  const d = index.cloud;
  return d?.provider === 'eks' && isObject(d.cluster) ? d : undefined;
}

export function gkeOf(index: SnapshotIndex): GkeDescriptor | undefined {
  const d = index.cloud;
  return d?.provider === 'gke' && isObject(d.cluster) ? d : undefined;
}

export function aksOf(index: SnapshotIndex): AksDescriptor | undefined {
  const d = index.cloud;
  return d?.provider === 'aks' && isObject(d.cluster) ? d : undefined;
}

/**
 * Whether the descriptor's cluster is a complete CLI describe output. The CLIs leave
 * out settings that are off (gcloud omits `privateClusterConfig`, aws omits
 * `encryptionConfig`), so an absent field means "off" only in a complete output; in a
 * hand-written partial descriptor it means "unknown".
 */
export function isDescribed(d: CloudDescriptor | undefined): boolean {
  const c = d?.cluster;
  if (!isObject(c)) return false;
  switch (d!.provider) {
    case 'eks':
      return typeof c.arn === 'string' && isObject(c.resourcesVpcConfig);
    case 'gke':
      return typeof c.selfLink === 'string' || typeof c.endpoint === 'string';
    case 'aks':
      return (
        typeof c.provisioningState === 'string' ||
        (typeof c.id === 'string' && /managedclusters/i.test(c.id))
      );
    default:
      return false;
  }
}

export function clusterName(index: SnapshotIndex): string {
  const name = index.cloud?.cluster?.name;
  return typeof name === 'string' && name ? name : index.snapshot.cluster;
}

export function clusterResource(index: SnapshotIndex) {
  return { kind: 'Cluster', name: clusterName(index) };
}

/**
 * The account-level scope of a descriptor (AWS account, Google Cloud project, Azure
 * subscription), for findings about account facts rather than the cluster.
 */
export function accountResource(index: SnapshotIndex): {
  kind: string;
  name: string;
} {
  const d = index.cloud;
  const c = d?.cluster ?? {};
  if (d?.provider === 'eks') {
    const account = /^arn:aws[a-z-]*:eks:[^:]*:(\d+):/.exec(
      String(c.arn ?? ''),
    )?.[1];
    if (account) return { kind: 'AWSAccount', name: account };
  }
  if (d?.provider === 'gke') {
    const project = /\/projects\/([^/]+)\//.exec(String(c.selfLink ?? ''))?.[1];
    if (project) return { kind: 'GCPProject', name: project };
  }
  if (d?.provider === 'aks') {
    const subscription = /\/subscriptions\/([^/]+)\//i.exec(
      String(c.id ?? ''),
    )?.[1];
    if (subscription) return { kind: 'AzureSubscription', name: subscription };
  }
  return clusterResource(index);
}

/** A CIDR that admits every address (`0.0.0.0/0`, `::/0`). */
export function isOpenCidr(cidr: unknown): boolean {
  return typeof cidr === 'string' && /\/0$/.test(cidr.trim());
}

/** Last segment of an ARN or resource path (`…:role/eks-nodes` -> `eks-nodes`). */
export function lastSegment(value: unknown): string {
  const s = String(value ?? '');
  return s.slice(s.lastIndexOf('/') + 1);
}

/** Node-pool labels that the providers put on their nodes. */
export const NODE_POOL_LABELS = [
  'eks.amazonaws.com/nodegroup',
  'cloud.google.com/gke-nodepool',
  'kubernetes.azure.com/agentpool',
  'agentpool',
];

export function nodePoolOf(node: KubeObject): string | undefined {
  const labels = node.metadata.labels ?? {};
  for (const label of NODE_POOL_LABELS) {
    if (labels[label]) return labels[label];
  }
  return undefined;
}

export function zoneOf(node: KubeObject): string | undefined {
  const labels = node.metadata.labels ?? {};
  return (
    labels['topology.kubernetes.io/zone'] ??
    labels['failure-domain.beta.kubernetes.io/zone']
  );
}

/** An Azure diagnostic setting that sends at least one log category somewhere. */
export function exportsLogs(setting: unknown): boolean {
  if (!isObject(setting)) return false;
  const destination =
    setting.workspaceId ??
    setting.storageAccountId ??
    setting.eventHubAuthorizationRuleId ??
    setting.eventHubName ??
    setting.marketplacePartnerId;
  return (
    Boolean(destination) &&
    list(setting.logs).some(l => isObject(l) && l.enabled === true)
  );
}
