import type * as ClientNode from '@kubernetes/client-node';
import {
  PROVIDERS,
  type Provider,
} from '@kube-security/plugin-kube-security-common';
import { clientNode } from './clientNode';
import { KubernetesCollectError } from './errors';

interface ClusterConfigBase {
  /** The cluster's name, as the catalog's `backstage.io/kubernetes-cluster` refers to it. */
  name: string;
  provider?: Provider;
  /** ISO 8601 duration between scans, e.g. `PT1H`. */
  frequency?: string;
}

/** A cluster reached with a URL and a service-account token. */
export interface KubernetesTokenClusterConfig extends ClusterConfigBase {
  /** API server URL, e.g. `https://1.2.3.4`. */
  url: string;
  serviceAccountToken: string;
  /** Base64-encoded PEM bundle of the API server's CA (kubeconfig `certificate-authority-data`). */
  caData?: string;
  /** Path to a PEM file with the API server's CA. */
  caFile?: string;
  /** Skips TLS verification. Only for test clusters; also required for `http:` URLs. */
  skipTLSVerify?: boolean;
}

/** A cluster reached through a kubeconfig file (or the default loading rules). */
export interface KubernetesKubeconfigClusterConfig extends ClusterConfigBase {
  /** Defaults to `$KUBECONFIG`, then `~/.kube/config`, then the in-cluster service account. */
  kubeconfigPath?: string;
  /** Defaults to the kubeconfig's current context. */
  context?: string;
}

export type KubernetesClusterConfig =
  | KubernetesTokenClusterConfig
  | KubernetesKubeconfigClusterConfig;

export function isTokenClusterConfig(
  config: KubernetesClusterConfig,
): config is KubernetesTokenClusterConfig {
  return 'url' in config && config.url !== undefined;
}

/** Throws a `config` error naming the first problem in a list of cluster configs. */
export function validateClusterConfigs(configs: KubernetesClusterConfig[]) {
  const seen = new Set<string>();
  configs.forEach((config, index) => {
    const fail = (problem: string) => {
      throw new KubernetesCollectError({
        code: 'config',
        cluster: config?.name ?? `#${index}`,
        message: `Kubernetes cluster #${index + 1}${
          config?.name ? ` (${config.name})` : ''
        }: ${problem}`,
      });
    };
    if (!config || typeof config.name !== 'string' || !config.name.trim()) {
      fail('a non-empty name is required');
    }
    if (seen.has(config.name)) fail('the name is used by another cluster');
    seen.add(config.name);
    if (config.provider !== undefined && !PROVIDERS.includes(config.provider)) {
      fail(`provider must be one of ${PROVIDERS.join(', ')}`);
    }
    if (isTokenClusterConfig(config)) {
      if (!/^https?:\/\//.test(config.url)) {
        fail('url must start with https:// (or http:// with skipTLSVerify)');
      }
      if (
        typeof config.serviceAccountToken !== 'string' ||
        !config.serviceAccountToken.trim()
      ) {
        fail('serviceAccountToken is required with url');
      }
      if ('kubeconfigPath' in config || 'context' in config) {
        fail('use either url and serviceAccountToken, or a kubeconfig');
      }
    }
  });
}

/** A loaded kubeconfig plus what error messages may say about it. */
export interface ResolvedKubeConfig {
  kubeConfig: ClientNode.KubeConfig;
  /** The context in use. */
  context: string;
  /** The kubeconfig cluster entry's name (which may differ from the configured name). */
  kubeconfigCluster: string;
  server: string;
  /** Who is asking, for messages: "the service account" or "the kubeconfig user". */
  principal: string;
  /** What was rejected on a 401. */
  credentials: string;
}

/** Builds a client-node KubeConfig for a token config. */
export function kubeConfigFromToken(
  config: KubernetesTokenClusterConfig,
): ResolvedKubeConfig {
  const { KubeConfig } = clientNode();
  const kubeConfig = new KubeConfig();
  const user = `${config.name}-service-account`;
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: config.name,
        server: config.url,
        caData: config.caData,
        caFile: config.caFile,
        skipTLSVerify: config.skipTLSVerify ?? false,
      },
    ],
    // Tokens read from files often end with a newline the API server would reject.
    users: [{ name: user, token: config.serviceAccountToken.trim() }],
    contexts: [{ name: config.name, cluster: config.name, user }],
    currentContext: config.name,
  });
  return {
    kubeConfig,
    context: config.name,
    kubeconfigCluster: config.name,
    server: config.url,
    principal: 'the service account',
    credentials: 'the token was rejected',
  };
}

/**
 * Loads a kubeconfig file (or the default one) and selects a context. Errors say which
 * file or context is wrong, never what the file contains.
 */
export function kubeConfigFromFile(
  options: { kubeconfigPath?: string; context?: string },
  clusterForErrors: string,
): ResolvedKubeConfig {
  const { KubeConfig } = clientNode();
  const kubeConfig = new KubeConfig();
  const source = options.kubeconfigPath ?? 'the default kubeconfig';
  const fail = (problem: string): never => {
    throw new KubernetesCollectError({
      code: 'config',
      cluster: clusterForErrors,
      message: `cluster ${clusterForErrors}: ${problem}`,
    });
  };

  try {
    if (options.kubeconfigPath) kubeConfig.loadFromFile(options.kubeconfigPath);
    else kubeConfig.loadFromDefault();
  } catch (error) {
    fail(`cannot load ${source}: ${describeLoadError(error)}`);
  }

  if (options.context) {
    if (!kubeConfig.getContextObject(options.context)) {
      const known = kubeConfig.getContexts().map(c => c.name);
      fail(
        `context "${options.context}" is not in ${source} (contexts: ${
          known.length ? known.join(', ') : 'none'
        })`,
      );
    }
    kubeConfig.setCurrentContext(options.context);
  }

  const context = kubeConfig.getCurrentContext();
  const contextObject = context
    ? kubeConfig.getContextObject(context)
    : undefined;
  if (!contextObject) {
    fail(`${source} has no current context; pass a context`);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) {
    fail(
      `context "${context}" in ${source} refers to a cluster entry without a server`,
    );
  }
  return {
    kubeConfig,
    context,
    kubeconfigCluster: contextObject!.cluster,
    server: cluster!.server,
    principal: 'the kubeconfig user',
    credentials: `the credentials of context "${context}" were rejected`,
  };
}

export function resolveKubeConfig(
  config: KubernetesClusterConfig,
): ResolvedKubeConfig {
  return isTokenClusterConfig(config)
    ? kubeConfigFromToken(config)
    : kubeConfigFromFile(config, config.name);
}

/**
 * YAML parse errors print a snippet of the offending lines, which in a kubeconfig can hold
 * a token: keep only their reason and position. client-node's own validation messages
 * (`users[0].name is missing`) and file-system codes are safe to show.
 */
function describeLoadError(error: unknown): string {
  // Duck-typed: errors from Node's core modules may come from another realm (jest).
  if (typeof error !== 'object' || error === null) return 'unreadable file';
  const { name, message, code, reason, mark } = error as {
    name?: string;
    message?: string;
    code?: string;
    reason?: string;
    mark?: { line?: number };
  };
  if (name === 'YAMLException' || reason !== undefined) {
    return mark?.line !== undefined
      ? `invalid YAML (${reason ?? 'syntax error'} at line ${mark.line + 1})`
      : `invalid YAML (${reason ?? 'syntax error'})`;
  }
  if (code) return code;
  return message || 'unreadable file';
}
