import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type { Provider } from '@kube-security/plugin-kube-security-common';

/*
 * The clusters the Backstage Kubernetes plugin knows (`kubernetes.clusterLocatorMethods`),
 * read the way the Kubernetes backend reads them, so that an app that runs that plugin
 * needs no cluster lines for Kube Security.
 */

/** Auth providers whose credential the backend obtains on its own, without a user. */
export const SERVER_SIDE_AUTH_PROVIDERS = [
  'serviceAccount',
  'aws',
  'azure',
  'googleServiceAccount',
] as const;
export type ServerSideAuthProvider =
  (typeof SERVER_SIDE_AUTH_PROVIDERS)[number];

/**
 * Auth providers that forward the token of the Backstage user looking at the page: a scan
 * runs in the background with no user, so these clusters cannot be scanned.
 */
const USER_TOKEN_AUTH_PROVIDERS = new Set(['google', 'oidc', 'aks']);

/** A cluster of the Kubernetes plugin, as Kube Security scans it. */
export interface KubernetesPluginCluster {
  /** The cluster's name (a catalog cluster's Resource name, or its kube-security.io/cluster). */
  name: string;
  url: string;
  authProvider: ServerSideAuthProvider;
  /** What the auth strategy reads: the token, AWS role and cluster id, and so on. */
  authMetadata: Record<string, string>;
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
  provider?: Provider;
  /** Where the Kubernetes plugin finds it. */
  origin: 'config' | 'catalog';
  /** For a catalog cluster: the `kubernetes-cluster` Resource it was found through. */
  entityRef?: string;
}

/** The `catalog` locator's own safety switches (the Kubernetes plugin's names). */
export interface CatalogLocatorOptions {
  /** Hosts (or `*.domain` patterns) allowed although private or plain HTTP. */
  dangerouslyAllowClusterUrls?: string[];
  /** Honour `kubernetes.io/skip-tls-verify: 'true'` on catalog clusters. */
  dangerouslyAllowSkipTLSVerify?: boolean;
}

export interface KubernetesPluginClusterConfig {
  /** Clusters of the `config` locator methods that can be scanned. */
  clusters: KubernetesPluginCluster[];
  /** Set when a `catalog` locator method is configured. */
  catalog?: CatalogLocatorOptions;
}

/** The provider whose remediation fits, from the auth provider when nothing else says. */
export function providerOfAuth(authProvider: string): Provider | undefined {
  if (authProvider === 'aws') return 'eks';
  if (authProvider === 'azure' || authProvider === 'aks') return 'aks';
  if (authProvider === 'google' || authProvider === 'googleServiceAccount') {
    return 'gke';
  }
  return undefined;
}

/**
 * Why a cluster using `authProvider` cannot be scanned, or undefined when it can. `where`
 * names the cluster in the message.
 */
export function authProviderProblem(
  authProvider: string,
  where: string,
): string | undefined {
  if (
    (SERVER_SIDE_AUTH_PROVIDERS as readonly string[]).includes(authProvider)
  ) {
    return undefined;
  }
  if (USER_TOKEN_AUTH_PROVIDERS.has(authProvider)) {
    return `${where} uses the '${authProvider}' auth provider, which sends the token of the Backstage user viewing the page; scans run in the background without a user, so it is not scanned (give Kube Security its own identity under kubeSecurity.clusters${
      authProvider === 'google' ? ', or use googleServiceAccount' : ''
    })`;
  }
  return `${where} uses the auth provider '${authProvider}', which Kube Security cannot use (it uses ${SERVER_SIDE_AUTH_PROVIDERS.join(
    ', ',
  )}); it is not scanned`;
}

const stringEntries = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(
      value && typeof value === 'object' ? (value as object) : {},
    ).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );

/** The auth metadata the Kubernetes backend builds for a `config` cluster. */
function authMetadataOf(c: Config): Record<string, string> {
  const metadata: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value) metadata[key] = value;
  };
  put('serviceAccountToken', c.getOptionalString('serviceAccountToken'));
  put(ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE, c.getOptionalString('assumeRole'));
  put(ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID, c.getOptionalString('externalId'));
  put(
    ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
    c.getOptionalString('oidcTokenProvider'),
  );
  return { ...metadata, ...stringEntries(c.getOptional('authMetadata')) };
}

/**
 * One `config` cluster. Throws with a message naming the field when the entry is unusable;
 * returns a reason string when it is well formed but cannot be scanned.
 */
function readConfigCluster(
  c: Config,
  key: string,
): KubernetesPluginCluster | string {
  const name = c.getOptionalString('name');
  if (!name?.trim()) {
    throw new Error(`${key}.name is missing; every cluster needs a name`);
  }
  const where = `Kubernetes plugin cluster ${name} (${key})`;
  const url = c.getOptionalString('url');
  if (!url?.trim()) throw new Error(`${where}: ${key}.url is missing`);
  if (!URL.canParse(url)) {
    throw new Error(`${where}: ${key}.url "${url}" is not a URL`);
  }
  const authMetadata = authMetadataOf(c);
  // As in the Kubernetes backend, the authMetadata block may name the provider. Without
  // either, the entry is taken as service-account auth.
  const authProvider =
    authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    c.getOptionalString('authProvider') ??
    'serviceAccount';
  const problem = authProviderProblem(authProvider, where);
  if (problem) return problem;
  const provider = providerOfAuth(authProvider);
  return {
    name,
    url,
    authProvider: authProvider as ServerSideAuthProvider,
    authMetadata,
    caData: c.getOptionalString('caData'),
    caFile: c.getOptionalString('caFile'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
    ...(provider && { provider }),
    origin: 'config',
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Reads `kubernetes.clusterLocatorMethods`. A bad entry never stops start-up: it is skipped
 * with a warning naming the field, and the other clusters are used. Clusters whose auth
 * needs a signed-in user are skipped with a warning saying why.
 */
export function readKubernetesPluginClusterConfig(
  root: Config,
  warnings: string[],
): KubernetesPluginClusterConfig {
  const result: KubernetesPluginClusterConfig = { clusters: [] };
  let methods: Config[];
  try {
    methods =
      root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  } catch (e) {
    warnings.push(
      `kubernetes.clusterLocatorMethods is not a list of locator methods; the Kubernetes plugin's clusters are not scanned: ${messageOf(
        e,
      )}`,
    );
    return result;
  }
  methods.forEach((method, i) => {
    const key = `kubernetes.clusterLocatorMethods[${i}]`;
    const type = method.getOptional('type');
    if (type === 'config') {
      let clusters: Config[] = [];
      try {
        clusters = method.getOptionalConfigArray('clusters') ?? [];
      } catch (e) {
        warnings.push(
          `${key}.clusters is not a list of clusters; they are not scanned: ${messageOf(
            e,
          )}`,
        );
      }
      clusters.forEach((c, j) => {
        try {
          const cluster = readConfigCluster(c, `${key}.clusters[${j}]`);
          if (typeof cluster === 'string') warnings.push(cluster);
          else result.clusters.push(cluster);
        } catch (e) {
          warnings.push(
            `Invalid Kubernetes plugin cluster, not scanned: ${messageOf(e)}`,
          );
        }
      });
    } else if (type === 'catalog') {
      try {
        result.catalog = {
          dangerouslyAllowClusterUrls: method.getOptionalStringArray(
            'dangerouslyAllowClusterUrls',
          ),
          dangerouslyAllowSkipTLSVerify: method.getOptionalBoolean(
            'dangerouslyAllowSkipTLSVerify',
          ),
        };
      } catch (e) {
        warnings.push(
          `${key} (catalog) is invalid; catalog clusters are not scanned: ${messageOf(
            e,
          )}`,
        );
      }
    } else if (type === 'gke') {
      warnings.push(
        `${key} (gke): clusters discovered from Google Cloud are not scanned by Kube Security (by default that locator uses the google auth provider, which needs a signed-in user); add them under kubeSecurity.clusters, or as kubernetes-cluster Resources with the catalog locator and googleServiceAccount auth`,
      );
    } else if (type === 'localKubectlProxy') {
      warnings.push(
        `${key} (localKubectlProxy): a local kubectl proxy is not scanned by Kube Security; add the cluster under kubeSecurity.clusters with a kubeconfig context`,
      );
    } else {
      warnings.push(
        `${key}.type is ${JSON.stringify(
          type,
        )}; Kube Security reads the config and catalog locator methods only`,
      );
    }
  });
  return result;
}
