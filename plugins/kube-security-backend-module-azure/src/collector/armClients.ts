import {
  ContainerServiceClient,
  type ContainerServiceClientOptionalParams,
} from '@azure/arm-containerservice';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { MonitorClient } from '@azure/arm-monitor';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureSubscriptionConfig } from '../config';

/** Public-cloud Azure Resource Manager and its token scope. */
export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
const DEFAULT_SCOPE = `${DEFAULT_ARM_ENDPOINT}/.default`;

/**
 * Transport settings passed to every ARM client. The SDK already retries 429 after the
 * Retry-After delay and 5xx / network errors with exponential backoff (3 retries).
 */
export interface AzureClientOptions {
  /** TLS trust for the ARM endpoint, e.g. the CA of a private endpoint or a test server. */
  tlsOptions?: ContainerServiceClientOptionalParams['tlsOptions'];
  retryOptions?: ContainerServiceClientOptionalParams['retryOptions'];
}

export interface ArmClients {
  containerService: ContainerServiceClient;
  monitor: MonitorClient;
  authorization: AuthorizationManagementClient;
}

/** The token scope for a subscription's endpoint (what the classic ARM clients default to). */
export function tokenScope(subscription: AzureSubscriptionConfig): string {
  if (subscription.audience) return subscription.audience;
  if (!subscription.endpoint) return DEFAULT_SCOPE;
  return `${new URL(subscription.endpoint).origin}/.default`;
}

export function createArmClients(
  credential: TokenCredential,
  subscription: AzureSubscriptionConfig,
  options: AzureClientOptions = {},
): ArmClients {
  const { subscriptionId, endpoint } = subscription;
  const scope = tokenScope(subscription);
  const common = {
    ...(endpoint ? { endpoint } : {}),
    ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}),
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
    userAgentOptions: { userAgentPrefix: 'kube-security' },
  };
  return {
    containerService: new ContainerServiceClient(credential, subscriptionId, {
      ...common,
      credentials: { scopes: [scope] },
    }),
    monitor: new MonitorClient(credential, subscriptionId, {
      ...common,
      credentials: { scopes: [scope] },
    }),
    // The authorization client is of the older generation: its scope option is named apart.
    authorization: new AuthorizationManagementClient(
      credential,
      subscriptionId,
      { ...common, credentialScopes: scope },
    ),
  };
}
