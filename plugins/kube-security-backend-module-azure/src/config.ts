import type { Config } from '@backstage/config';

/** One AKS cluster to read, as configured. */
export interface AzureClusterConfig {
  /** The Kube Security cluster name (catalog annotations, snapshots, the API). */
  name: string;
  resourceGroup: string;
  /** The managed cluster's name in Azure; defaults to `name`. */
  aksClusterName: string;
  /** Time between scans (ISO 8601 duration); defaults to the backend's schedule. */
  frequency?: string;
}

/** The clusters of one subscription and how to reach its Azure Resource Manager. */
export interface AzureSubscriptionConfig {
  subscriptionId: string;
  /** Entra ID tenant to request tokens from; defaults to the credential's own. */
  tenantId?: string;
  /** ARM endpoint override (sovereign clouds, private endpoints, tests). */
  endpoint?: string;
  /** Token scope for that endpoint; defaults to `<endpoint origin>/.default`. */
  audience?: string;
  clusters: AzureClusterConfig[];
}

export const CONFIG_ROOT = 'kubeSecurity.azure';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DURATION = /^P(?=.)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;
// ARM naming rules: resource groups take letters, digits and `._-()`, not ending in `.`;
// AKS clusters take letters, digits, `_` and `-`, starting with a letter or digit.
const RESOURCE_GROUP = /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u;
const AKS_NAME = /^[a-zA-Z0-9][-\w]{0,62}$/;

/** Thrown for a bad `kubeSecurity.azure` setting; the message names the key. */
export class AzureConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid config at ${key}: ${problem}`);
    this.name = 'AzureConfigError';
  }
}

function readEndpoint(config: Config, key: string, fullKey: string) {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AzureConfigError(fullKey, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'https:') {
    // Bearer tokens are only ever sent over TLS (the Azure SDK refuses plain HTTP).
    throw new AzureConfigError(fullKey, 'must be an https:// URL');
  }
  return url.toString().replace(/\/+$/, '');
}

function readCluster(
  config: Config,
  key: string,
  seen: Map<string, string>,
): AzureClusterConfig {
  const name = config.getString('name');
  if (!name.trim()) {
    throw new AzureConfigError(`${key}.name`, 'must not be empty');
  }
  const earlier = seen.get(name);
  if (earlier) {
    throw new AzureConfigError(
      `${key}.name`,
      `cluster "${name}" is already configured at ${earlier}`,
    );
  }
  seen.set(name, key);
  const resourceGroup = config.getString('resourceGroup');
  if (!RESOURCE_GROUP.test(resourceGroup)) {
    throw new AzureConfigError(
      `${key}.resourceGroup`,
      `"${resourceGroup}" is not a resource group name`,
    );
  }
  const aksClusterName = config.getOptionalString('aksClusterName') ?? name;
  if (!AKS_NAME.test(aksClusterName)) {
    throw new AzureConfigError(
      config.has('aksClusterName') ? `${key}.aksClusterName` : `${key}.name`,
      `"${aksClusterName}" is not an AKS cluster name; set aksClusterName to the name the cluster has in Azure`,
    );
  }
  const frequency = config.getOptionalString('frequency');
  if (frequency !== undefined && !ISO_DURATION.test(frequency)) {
    throw new AzureConfigError(
      `${key}.frequency`,
      `"${frequency}" is not an ISO 8601 duration such as PT1H`,
    );
  }
  return {
    name,
    resourceGroup,
    aksClusterName,
    ...(frequency ? { frequency } : {}),
  };
}

/**
 * Reads `kubeSecurity.azure`. Returns an empty list when the section is absent, so the
 * module stays silent where it is not used.
 */
export function readAzureConfig(root: Config): AzureSubscriptionConfig[] {
  const azure = root.getOptionalConfig(CONFIG_ROOT);
  if (!azure) return [];
  const subscriptions = azure.getOptionalConfigArray('subscriptions') ?? [];
  const seenClusters = new Map<string, string>();
  const seenSubscriptions = new Map<string, string>();
  return subscriptions.map((sub, i) => {
    const key = `${CONFIG_ROOT}.subscriptions[${i}]`;
    const subscriptionId = sub.getString('subscriptionId');
    if (!GUID.test(subscriptionId)) {
      throw new AzureConfigError(
        `${key}.subscriptionId`,
        `"${subscriptionId}" is not a subscription id (a GUID)`,
      );
    }
    const earlier = seenSubscriptions.get(subscriptionId.toLowerCase());
    if (earlier) {
      throw new AzureConfigError(
        `${key}.subscriptionId`,
        `subscription ${subscriptionId} is already configured at ${earlier}; list all its clusters there`,
      );
    }
    seenSubscriptions.set(subscriptionId.toLowerCase(), key);
    const tenantId = sub.getOptionalString('tenantId');
    if (tenantId !== undefined && !GUID.test(tenantId)) {
      throw new AzureConfigError(
        `${key}.tenantId`,
        `"${tenantId}" is not a tenant id (a GUID)`,
      );
    }
    const endpoint = readEndpoint(sub, 'endpoint', `${key}.endpoint`);
    const audience = sub.getOptionalString('audience');
    const clusters = sub.getConfigArray('clusters');
    if (!clusters.length) {
      throw new AzureConfigError(
        `${key}.clusters`,
        'list at least one cluster',
      );
    }
    return {
      subscriptionId,
      ...(tenantId ? { tenantId } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(audience ? { audience } : {}),
      clusters: clusters.map((c, j) =>
        readCluster(c, `${key}.clusters[${j}]`, seenClusters),
      ),
    };
  });
}
