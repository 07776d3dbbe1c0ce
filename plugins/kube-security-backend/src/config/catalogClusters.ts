import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import {
  PROVIDERS,
  type Provider,
} from '@kube-security/plugin-kube-security-common';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import {
  authProviderProblem,
  providerOfAuth,
  type CatalogLocatorOptions,
  type KubernetesPluginCluster,
  type ServerSideAuthProvider,
} from './kubernetesPluginClusters';

/*
 * `kubernetes-cluster` Resources as the Kubernetes plugin's `catalog` locator reads them:
 * the same annotations, the same refusals (no service-account auth, no private or plain
 * HTTP API server unless allowed), so Kube Security scans what that plugin would show.
 */

/** On a `kubernetes-cluster` Resource: the cluster name Kube Security uses, when it differs. */
const CLUSTER_NAME_ANNOTATION = 'kube-security.io/cluster';
const PROVIDER_ANNOTATION = 'kube-security.io/provider';

/** Addresses the Kubernetes plugin will not call for a catalog cluster. */
const NON_PUBLIC = (() => {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 3],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['2001::', 32],
    ['2001:db8::', 32],
    ['2002::', 16],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
})();

export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // IPv4-mapped IPv6 (BlockList would judge the IPv4 part alone): never a public server.
  if (family === 6 && /^::ffff:/i.test(address)) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function allowedByPattern(hostname: string, patterns: string[] = []) {
  return patterns.some(p => {
    const pattern = p.toLocaleLowerCase('en-US');
    return pattern.startsWith('*.')
      ? hostname.endsWith(pattern.slice(1)) || hostname === pattern.slice(2)
      : hostname === pattern;
  });
}

export type HostLookup = (hostname: string) => Promise<string[]>;

const dnsLookup: HostLookup = async hostname =>
  (await lookup(hostname, { all: true })).map(a => a.address);

/**
 * Why the Kubernetes plugin would refuse this API server URL for a catalog cluster, or
 * undefined when it is fine: not a URL, credentials in it, plain HTTP, or a host that is
 * or resolves to a non-public address, unless `dangerouslyAllowClusterUrls` names it.
 */
export async function apiServerUrlProblem(
  url: string,
  options: CatalogLocatorOptions,
  resolveHost: HostLookup = dnsLookup,
): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `its API server URL "${url}" is not a URL`;
  }
  if (parsed.username || parsed.password) {
    return 'its API server URL must not contain credentials';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return 'its API server URL must use https';
  }
  const hostname = parsed.hostname.toLocaleLowerCase('en-US');
  if (allowedByPattern(hostname, options.dangerouslyAllowClusterUrls)) {
    return undefined;
  }
  if (parsed.protocol !== 'https:') {
    return 'its API server URL must use https (or be listed in dangerouslyAllowClusterUrls of the catalog locator)';
  }
  const bare = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(bare)) {
    addresses = [bare];
  } else {
    try {
      addresses = await resolveHost(bare);
    } catch (e) {
      return `its API server host ${bare} does not resolve (${
        (e as { code?: string }).code ?? 'lookup failed'
      })`;
    }
  }
  if (addresses.some(isNonPublicAddress)) {
    return `its API server host ${bare} is a non-public address (list it in dangerouslyAllowClusterUrls of the catalog locator to allow it)`;
  }
  return undefined;
}

/** A located cluster, or why a Resource with an API server annotation is not scanned. */
export type CatalogClusterResult =
  | { cluster: KubernetesPluginCluster }
  | { problem: string }
  | undefined;

/**
 * Reads one catalog entity. Undefined for entities the `catalog` locator ignores (not a
 * `kubernetes-cluster` Resource, or without an API server, CA and auth provider
 * annotations, the three the Kubernetes plugin asks for).
 */
export async function catalogClusterOf(
  entity: Entity,
  options: CatalogLocatorOptions,
  resolveHost?: HostLookup,
): Promise<CatalogClusterResult> {
  const spec = (entity.spec ?? {}) as { type?: unknown };
  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    spec.type !== 'kubernetes-cluster'
  ) {
    return undefined;
  }
  const annotations = entity.metadata.annotations ?? {};
  const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
  if (url === undefined) return undefined;
  const ref = stringifyEntityRef(entity);
  const where = `kubernetes-cluster Resource ${ref}`;
  const authProvider = annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  const caData = annotations[ANNOTATION_KUBERNETES_API_SERVER_CA];
  if (authProvider === undefined || caData === undefined) {
    return {
      problem: `${where} has ${ANNOTATION_KUBERNETES_API_SERVER} but no ${
        authProvider === undefined
          ? ANNOTATION_KUBERNETES_AUTH_PROVIDER
          : ANNOTATION_KUBERNETES_API_SERVER_CA
      } annotation; the Kubernetes plugin's catalog locator skips it, and so does Kube Security`,
    };
  }
  if (authProvider === 'serviceAccount') {
    return {
      problem: `${where} uses the serviceAccount auth provider, which the Kubernetes plugin refuses for catalog clusters (whoever edits the catalog could send the backend's token anywhere); it is not scanned (add it under kubeSecurity.clusters or a config locator instead)`,
    };
  }
  const authProblem = authProviderProblem(authProvider, where);
  if (authProblem) return { problem: authProblem };
  const urlProblem = await apiServerUrlProblem(url, options, resolveHost);
  if (urlProblem) {
    return { problem: `${where} is not scanned: ${urlProblem}` };
  }
  const authMetadata = Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) =>
        key.startsWith('kubernetes.io/') && key !== 'serviceAccountToken',
    ),
  );
  const provider =
    PROVIDERS.find(
      p => p === annotations[PROVIDER_ANNOTATION]?.toLocaleLowerCase('en-US'),
    ) ?? providerOfAuth(authProvider);
  return {
    cluster: {
      name: annotations[CLUSTER_NAME_ANNOTATION] ?? entity.metadata.name,
      url,
      authProvider: authProvider as ServerSideAuthProvider,
      authMetadata,
      caData: caData || undefined,
      skipTLSVerify:
        (options.dangerouslyAllowSkipTLSVerify ?? false) &&
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
      ...(provider && { provider: provider as Provider }),
      origin: 'catalog',
      entityRef: ref,
    },
  };
}
