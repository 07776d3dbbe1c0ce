import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import { PROVIDERS } from '@kube-security/plugin-kube-security-common';

/** A cluster reached through its Kubernetes API. */
export interface ApiClusterConfig {
  name: string;
  provider?: Provider;
  frequency?: string;
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  kubeconfigPath?: string;
  context?: string;
}

/** A cluster whose objects come from files (exports of `kubectl get -A -o yaml`). */
export interface SnapshotClusterConfig {
  name: string;
  provider?: Provider;
  frequency?: string;
  directory: string;
}

export interface KubeSecurityConfig {
  /** Default scan frequency (ISO 8601 duration). */
  frequency: string;
  /** Longest a scan may run (ISO 8601 duration). */
  timeout: string;
  scanOnStartup: boolean;
  clusters: ApiClusterConfig[];
  snapshots: SnapshotClusterConfig[];
  trustedRegistries: string[];
  approvedBaseImages?: string[];
  /** Resolved findings are kept this many days, for history. */
  resolvedRetentionDays: number;
  /** How often the catalog is re-read for mapping (ISO 8601 duration). */
  catalogRefresh: string;
}

function readProvider(config: Config, key: string): Provider | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  const provider = PROVIDERS.find(p => p === value.toLocaleLowerCase('en-US'));
  if (!provider) {
    throw new InputError(
      `Invalid kubeSecurity config: ${key} is "${value}"; expected one of ${PROVIDERS.join(', ')}`,
    );
  }
  return provider;
}

const DURATION_RE = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

function readDuration(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!DURATION_RE.test(value)) {
    throw new InputError(
      `Invalid kubeSecurity config: ${key} is "${value}"; expected an ISO 8601 duration such as PT1H or PT30M`,
    );
  }
  return value;
}

/**
 * Clusters configured for the Backstage Kubernetes plugin
 * (`kubernetes.clusterLocatorMethods` of type `config`), so nobody configures them twice.
 */
function readKubernetesPluginClusters(root: Config): ApiClusterConfig[] {
  const methods = root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(m => m.getOptionalString('type') === 'config')
    .flatMap(m => m.getOptionalConfigArray('clusters') ?? [])
    .filter(c => ['serviceAccount', undefined].includes(c.getOptionalString('authProvider')))
    .map(c => ({
      name: c.getString('name'),
      url: c.getString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
    }));
}

export function readKubeSecurityConfig(root: Config): KubeSecurityConfig {
  const config = root.getOptionalConfig('kubeSecurity');
  const clusters: ApiClusterConfig[] = (config?.getOptionalConfigArray('clusters') ?? []).map(
    (c, i) => {
      const key = `kubeSecurity.clusters[${i}]`;
      const cluster: ApiClusterConfig = {
        name: c.getString('name'),
        provider: readProvider(c, 'provider'),
        frequency: c.has('frequency') ? readDuration(c, 'frequency', 'PT1H') : undefined,
        url: c.getOptionalString('url'),
        serviceAccountToken: c.getOptionalString('serviceAccountToken'),
        caData: c.getOptionalString('caData'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
        kubeconfigPath: c.getOptionalString('kubeconfigPath'),
        context: c.getOptionalString('context'),
      };
      if (!cluster.url && !cluster.kubeconfigPath && !cluster.context) {
        throw new InputError(
          `Invalid kubeSecurity config: ${key} (${cluster.name}) needs url and serviceAccountToken, or kubeconfigPath / context`,
        );
      }
      return cluster;
    },
  );
  if (config?.getOptionalBoolean('useKubernetesPluginClusters') ?? true) {
    const known = new Set(clusters.map(c => c.name));
    clusters.push(...readKubernetesPluginClusters(root).filter(c => !known.has(c.name)));
  }
  const snapshots = (config?.getOptionalConfigArray('snapshots') ?? []).map(c => ({
    name: c.getString('name'),
    provider: readProvider(c, 'provider'),
    frequency: c.has('frequency') ? readDuration(c, 'frequency', 'PT1H') : undefined,
    directory: c.getString('directory'),
  }));
  const names = [...clusters, ...snapshots].map(c => c.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) {
    throw new InputError(
      `Invalid kubeSecurity config: the cluster name "${duplicate}" is used twice; names must be unique`,
    );
  }
  return {
    frequency: config ? readDuration(config, 'schedule.frequency', 'PT1H') : 'PT1H',
    timeout: config ? readDuration(config, 'schedule.timeout', 'PT15M') : 'PT15M',
    scanOnStartup: config?.getOptionalBoolean('scanOnStartup') ?? true,
    clusters,
    snapshots,
    trustedRegistries: config?.getOptionalStringArray('trustedRegistries') ?? [],
    approvedBaseImages: config?.getOptionalStringArray('approvedBaseImages'),
    resolvedRetentionDays: config?.getOptionalNumber('resolvedRetentionDays') ?? 30,
    catalogRefresh: config ? readDuration(config, 'catalogRefresh', 'PT30S') : 'PT30S',
  };
}
