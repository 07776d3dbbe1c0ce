import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import type { ServerSideAuthProvider } from '../config/kubernetesPluginClusters';

/** The auth strategy of each server-side auth provider. */
export type AuthStrategies = (
  authProvider: ServerSideAuthProvider,
) => AuthenticationStrategy;

type KubernetesBackend = typeof import('@backstage/plugin-kubernetes-backend');

/**
 * The Kubernetes backend's own strategies, so that tokens are obtained exactly as that
 * plugin obtains them (its AWS presigned STS token, Azure and Google service credentials).
 *
 * The package (and the AWS, Azure and Google SDKs behind it) is loaded on first use: most
 * backends and tests never scan a Kubernetes plugin cluster. Each strategy is made once,
 * when a cluster first needs it, since some hold a token cache.
 */
export function kubernetesBackendAuthStrategies(options: {
  config: Config;
  logger: LoggerService;
}): AuthStrategies {
  const made = new Map<ServerSideAuthProvider, AuthenticationStrategy>();
  let backend: KubernetesBackend | undefined;
  const make = (provider: ServerSideAuthProvider): AuthenticationStrategy => {
    backend ??=
      require('@backstage/plugin-kubernetes-backend') as KubernetesBackend;
    switch (provider) {
      case 'serviceAccount':
        return new backend.ServiceAccountStrategy();
      case 'aws':
        return new backend.AwsIamStrategy({ config: options.config });
      case 'azure':
        return new backend.AzureIdentityStrategy(options.logger);
      case 'googleServiceAccount':
        return new backend.GoogleServiceAccountStrategy({
          config: options.config,
        });
      default:
        throw new Error(`no auth strategy for '${provider}'`);
    }
  };
  return provider => {
    let strategy = made.get(provider);
    if (!strategy) {
      strategy = make(provider);
      made.set(provider, strategy);
    }
    return strategy;
  };
}
