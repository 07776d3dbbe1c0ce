import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import { PROVIDERS } from '@kube-security/plugin-kube-security-common';
import type { ManifestLimits } from '@kube-security/plugin-kube-security-node';
import { readManifestLimits } from './manifestLimits';
import { usableConfiguredCluster, usablePluginCluster } from './clusterSafety';
import {
  readKubernetesPluginClusterConfig,
  type CatalogLocatorOptions,
  type KubernetesPluginCluster,
} from './kubernetesPluginClusters';

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
  /** Lets an `http://` url through (the token travels unencrypted). */
  allowInsecureHttp?: boolean;
  /**
   * Set for a cluster of the Kubernetes plugin's config (not kubeSecurity.clusters): it is
   * scanned with that plugin's auth strategy for its auth provider.
   */
  kubernetesPlugin?: KubernetesPluginCluster;
}

/** A cluster whose objects come from files (exports of `kubectl get -A -o yaml`). */
export interface SnapshotClusterConfig {
  name: string;
  provider?: Provider;
  frequency?: string;
  directory: string;
  /** Bounds on each manifest file of the folder (kubeSecurity.manifestLimits). */
  limits?: ManifestLimits;
  /**
   * A folder of earlier versions of the snapshot (one subfolder each, oldest first by
   * name), replayed as backdated scans on the first start (see scan/HistoryReplay).
   */
  history?: string;
}

export interface KubeSecurityConfig {
  /** Default scan frequency (ISO 8601 duration). */
  frequency: string;
  /** Longest a scan may run (ISO 8601 duration). */
  timeout: string;
  scanOnStartup: boolean;
  clusters: ApiClusterConfig[];
  /**
   * The Kubernetes plugin's `catalog` locator, when configured (and
   * useKubernetesPluginClusters is not false): its clusters are read from the catalog.
   */
  kubernetesPluginCatalog?: CatalogLocatorOptions;
  snapshots: SnapshotClusterConfig[];
  /** Largest manifest file and YAML alias expansion read from snapshot folders. */
  manifestLimits: ManifestLimits;
  trustedRegistries: string[];
  approvedBaseImages?: string[];
  /** Resolved findings are kept this many days, for history. */
  resolvedRetentionDays: number;
  /** Findings of a cluster removed from the configuration are kept this many days. */
  retiredClusterRetentionDays: number;
  /**
   * Cluster name → the entity ref (lower-case) its cluster-level findings belong to,
   * whatever other catalog entities claim: `clusterEntities` and per-cluster `entity`.
   */
  clusterEntities: Record<string, string>;
  /** How often the catalog is re-read for mapping (ISO 8601 duration). */
  catalogRefresh: string;
  decisions: DecisionSettings;
  notifications: NotificationSettings;
  /** Clusters skipped and why: the plugin logs them at start-up. */
  warnings: string[];
}

/** Active decisions one entity may hold unless configured otherwise. */
export const DEFAULT_MAX_ACTIVE_DECISIONS_PER_ENTITY = 200;

export interface DecisionSettings {
  /** Longest an exception may last, in days. */
  maxExceptionDays: number;
  /** Longest an attestation may last, in days. */
  maxAttestationDays: number;
  /** How often expiries are recorded and reminders sent (ISO 8601 duration). */
  checkFrequency: string;
  /** Most active exceptions and attestations one entity may hold (default 200). */
  maxActivePerEntity?: number;
}

export interface NotificationSettings {
  /** The off switch for every notification of the plugin. */
  enabled: boolean;
  /** Tell a team when its grade drops. */
  gradeDrop: boolean;
  /** Tell the owners of an entity when a new critical finding appears on it. */
  newCriticalFindings: boolean;
  /** Days before an exception or attestation expires that its owners are reminded. */
  expiryReminderDays: number;
}

function readPositiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
  max = 3650,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(
      `Invalid kubeSecurity config: ${key} is ${value}; expected a whole number of days from 1 to ${max}`,
    );
  }
  return value;
}

function readActiveDecisionCap(config: Config | undefined): number {
  const key = 'maxActiveDecisionsPerEntity';
  const value =
    config?.getOptionalNumber(key) ?? DEFAULT_MAX_ACTIVE_DECISIONS_PER_ENTITY;
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new InputError(
      `Invalid kubeSecurity config: ${key} is ${value}; expected a whole number from 1 to 100000`,
    );
  }
  return value;
}

function readProvider(config: Config, key: string): Provider | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  const provider = PROVIDERS.find(p => p === value.toLocaleLowerCase('en-US'));
  if (!provider) {
    throw new InputError(
      `Invalid kubeSecurity config: ${key} is "${value}"; expected one of ${PROVIDERS.join(
        ', ',
      )}`,
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
 * Clusters configured for the Backstage Kubernetes plugin (`kubernetes.clusterLocatorMethods`
 * of type `config`), so nobody configures them twice, minus those configured under
 * kubeSecurity (same name, or same API server URL): those entries win.
 */
function readKubernetesPluginClusters(
  root: Config,
  reserved: { names: Set<string>; urls: string[] },
  warnings: string[],
): { clusters: ApiClusterConfig[]; catalog?: CatalogLocatorOptions } {
  const { clusters, catalog } = readKubernetesPluginClusterConfig(
    root,
    warnings,
  );
  const sameServer = (url: string) =>
    reserved.urls.some(u => {
      try {
        return new URL(u).href === new URL(url).href;
      } catch {
        return u === url;
      }
    });
  return {
    clusters: clusters
      .filter(c => !reserved.names.has(c.name) && !sameServer(c.url))
      .filter(c =>
        usablePluginCluster(
          {
            name: c.name,
            url: c.url,
            serviceAccountToken: c.authMetadata.serviceAccountToken,
            authProvider: c.authProvider,
          },
          warnings,
        ),
      )
      .map(c => ({
        name: c.name,
        provider: c.provider,
        url: c.url,
        caData: c.caData,
        skipTLSVerify: c.skipTLSVerify,
        kubernetesPlugin: c,
      })),
    catalog,
  };
}

/** A configured entity ref (`resource:default/name`, or a Resource's `name`), normalized. */
function readEntityRef(value: string, key: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'resource',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch (e) {
    throw new InputError(
      `Invalid kubeSecurity config: ${key} is "${value}"; expected an entity ref such as resource:default/my-cluster`,
    );
  }
}

/** `kubeSecurity.clusterEntities` and the `entity` of each configured cluster, merged. */
function readClusterEntities(
  config: Config | undefined,
  perCluster: Array<{ name: string; entity?: string; key: string }>,
): Record<string, string> {
  const pins: Record<string, string> = {};
  const map = config?.getOptionalConfig('clusterEntities');
  for (const cluster of map?.keys() ?? []) {
    const key = `kubeSecurity.clusterEntities.${cluster}`;
    pins[cluster] = readEntityRef(map!.getString(cluster), key);
  }
  for (const c of perCluster) {
    if (c.entity === undefined) continue;
    const ref = readEntityRef(c.entity, `${c.key}.entity`);
    if (pins[c.name] !== undefined && pins[c.name] !== ref) {
      throw new InputError(
        `Invalid kubeSecurity config: cluster ${c.name} is pinned to ${
          pins[c.name]
        } in kubeSecurity.clusterEntities and to ${ref} in ${c.key}.entity`,
      );
    }
    pins[c.name] = ref;
  }
  return pins;
}

export function readKubeSecurityConfig(root: Config): KubeSecurityConfig {
  const config = root.getOptionalConfig('kubeSecurity');
  const warnings: string[] = [];
  const clusters: ApiClusterConfig[] = (
    config?.getOptionalConfigArray('clusters') ?? []
  ).flatMap((c, i) => {
    const key = `kubeSecurity.clusters[${i}]`;
    const cluster: ApiClusterConfig = {
      name: c.getString('name'),
      provider: readProvider(c, 'provider'),
      frequency: c.has('frequency')
        ? readDuration(c, 'frequency', 'PT1H')
        : undefined,
      url: c.getOptionalString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      kubeconfigPath: c.getOptionalString('kubeconfigPath'),
      context: c.getOptionalString('context'),
      allowInsecureHttp: c.getOptionalBoolean('allowInsecureHttp'),
    };
    if (!cluster.url && !cluster.kubeconfigPath && !cluster.context) {
      throw new InputError(
        `Invalid kubeSecurity config: ${key} (${cluster.name}) needs url and serviceAccountToken, or kubeconfigPath / context`,
      );
    }
    return usableConfiguredCluster(cluster, key, warnings) ? [cluster] : [];
  });
  const manifestLimits = readManifestLimits(config);
  const snapshots = (config?.getOptionalConfigArray('snapshots') ?? []).map(
    c => ({
      name: c.getString('name'),
      provider: readProvider(c, 'provider'),
      frequency: c.has('frequency')
        ? readDuration(c, 'frequency', 'PT1H')
        : undefined,
      directory: c.getString('directory'),
      limits: manifestLimits,
      ...(c.has('history') ? { history: c.getString('history') } : {}),
    }),
  );
  let kubernetesPluginCatalog: CatalogLocatorOptions | undefined;
  if (config?.getOptionalBoolean('useKubernetesPluginClusters') ?? true) {
    const plugin = readKubernetesPluginClusters(
      root,
      {
        names: new Set([...clusters, ...snapshots].map(c => c.name)),
        urls: clusters.flatMap(c => (c.url ? [c.url] : [])),
      },
      warnings,
    );
    clusters.push(...plugin.clusters);
    kubernetesPluginCatalog = plugin.catalog;
  }
  const names = [...clusters, ...snapshots].map(c => c.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) {
    throw new InputError(
      `Invalid kubeSecurity config: the cluster name "${duplicate}" is used twice; names must be unique`,
    );
  }
  return {
    frequency: config
      ? readDuration(config, 'schedule.frequency', 'PT1H')
      : 'PT1H',
    timeout: config
      ? readDuration(config, 'schedule.timeout', 'PT15M')
      : 'PT15M',
    scanOnStartup: config?.getOptionalBoolean('scanOnStartup') ?? true,
    clusters,
    ...(kubernetesPluginCatalog && { kubernetesPluginCatalog }),
    snapshots,
    manifestLimits,
    trustedRegistries:
      config?.getOptionalStringArray('trustedRegistries') ?? [],
    approvedBaseImages: config?.getOptionalStringArray('approvedBaseImages'),
    resolvedRetentionDays:
      config?.getOptionalNumber('resolvedRetentionDays') ?? 30,
    retiredClusterRetentionDays: readPositiveInteger(
      config,
      'retiredClusterRetentionDays',
      30,
    ),
    clusterEntities: readClusterEntities(config, [
      ...(config?.getOptionalConfigArray('clusters') ?? []).map((c, i) => ({
        name: c.getString('name'),
        entity: c.getOptionalString('entity'),
        key: `kubeSecurity.clusters[${i}]`,
      })),
      ...(config?.getOptionalConfigArray('snapshots') ?? []).map((c, i) => ({
        name: c.getString('name'),
        entity: c.getOptionalString('entity'),
        key: `kubeSecurity.snapshots[${i}]`,
      })),
    ]),
    catalogRefresh: config
      ? readDuration(config, 'catalogRefresh', 'PT30S')
      : 'PT30S',
    decisions: {
      maxExceptionDays: readPositiveInteger(config, 'exceptions.maxDays', 180),
      maxAttestationDays: readPositiveInteger(
        config,
        'attestations.maxDays',
        365,
      ),
      checkFrequency: config
        ? readDuration(config, 'decisionsCheckFrequency', 'PT1H')
        : 'PT1H',
      maxActivePerEntity: readActiveDecisionCap(config),
    },
    notifications: {
      enabled: config?.getOptionalBoolean('notifications.enabled') ?? true,
      gradeDrop: config?.getOptionalBoolean('notifications.gradeDrop') ?? true,
      newCriticalFindings:
        config?.getOptionalBoolean('notifications.newCriticalFindings') ?? true,
      expiryReminderDays: readPositiveInteger(
        config,
        'notifications.expiryReminderDays',
        14,
        365,
      ),
    },
    warnings,
  };
}
