import { InputError } from '@backstage/errors';

/** What decides whether a configured live cluster can be scanned safely. */
export interface ClusterEndpoint {
  name: string;
  url?: string;
  serviceAccountToken?: string;
  /** Lets an `http://` url through: the token then travels unencrypted. */
  allowInsecureHttp?: boolean;
  /**
   * A Kubernetes plugin cluster's auth provider: only `serviceAccount` (the default) takes
   * its token from the configuration; the others get one from their auth strategy.
   */
  authProvider?: string;
}

const HTTP = /^http:\/\//i;
const hasToken = (c: ClusterEndpoint) => Boolean(c.serviceAccountToken?.trim());

/** A loopback API server (a local cluster, a port-forward): plain HTTP never leaves the host. */
function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return (
      host === 'localhost' ||
      /^127\.\d+\.\d+\.\d+$/.test(host) ||
      host === '::1'
    );
  } catch {
    return false;
  }
}

/**
 * A `kubeSecurity.clusters` entry: one with a url but no token is skipped with a warning
 * (start-up goes on with the others); an `http://` url is refused unless the entry says
 * `allowInsecureHttp: true`.
 */
export function usableConfiguredCluster(
  cluster: ClusterEndpoint,
  key: string,
  warnings: string[],
): boolean {
  if (!cluster.url) return true;
  if (HTTP.test(cluster.url) && !cluster.allowInsecureHttp) {
    throw new InputError(
      `Invalid kubeSecurity config: ${key} (${cluster.name}): url is http://, so the token would travel unencrypted; use https:// or set allowInsecureHttp: true`,
    );
  }
  if (!hasToken(cluster)) {
    warnings.push(
      `${key} (${cluster.name}) has a url but no serviceAccountToken; it is not scanned`,
    );
    return false;
  }
  return true;
}

/**
 * A cluster of the Kubernetes plugin's config: skipped with a warning, never failing
 * start-up, when its service-account auth has no token, or its url is `http://` to another
 * host than this one (configure it under kubeSecurity.clusters with allowInsecureHttp to
 * scan it anyway).
 */
export function usablePluginCluster(
  cluster: ClusterEndpoint,
  warnings: string[],
): boolean {
  const ownToken =
    (cluster.authProvider ?? 'serviceAccount') === 'serviceAccount';
  if (ownToken && !hasToken(cluster)) {
    warnings.push(
      `Kubernetes plugin cluster ${cluster.name} has no serviceAccountToken; it is not scanned`,
    );
    return false;
  }
  if (cluster.url && HTTP.test(cluster.url) && !isLoopback(cluster.url)) {
    warnings.push(
      `Kubernetes plugin cluster ${cluster.name} has an http:// url; it is not scanned (add it under kubeSecurity.clusters with allowInsecureHttp: true to scan it unencrypted)`,
    );
    return false;
  }
  return true;
}
