import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AksDescriptor,
  CollectorContribution,
} from '@kube-security/plugin-kube-security-node';
import type { AzureClusterConfig, AzureSubscriptionConfig } from '../config';
import type { ArmClients } from './armClients';
import {
  clusterFromArm,
  plain,
  roleAssignmentEntry,
  type RoleAssignmentLike,
} from './descriptor';
import {
  armErrorInfo,
  AzureCollectError,
  deniedAction,
  errorLabel,
  isAbortError,
  isCredentialError,
} from './errors';

/** One configured cluster with the subscription it lives in. */
export interface AksTarget {
  subscription: AzureSubscriptionConfig;
  cluster: AzureClusterConfig;
}

type Unreadable = Array<{ kind: string; reason: string }>;

/** The RBAC actions this module calls, as listed in docs/cloud/azure.md. */
export const AZURE_ACTIONS = {
  readCluster: 'Microsoft.ContainerService/managedClusters/read',
  readDiagnosticSettings: 'Microsoft.Insights/diagnosticSettings/read',
  readRoleAssignments: 'Microsoft.Authorization/roleAssignments/read',
  readRoleDefinitions: 'Microsoft.Authorization/roleDefinitions/read',
} as const;

/** ARM resource ids go into SDK path templates that add their own leading slash. */
function relative(resourceId: string): string {
  return resourceId.replace(/^\/+/, '');
}

async function listAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function describeTarget({ subscription, cluster }: AksTarget): string {
  const alias =
    cluster.aksClusterName === cluster.name
      ? ''
      : ` (Kube Security cluster "${cluster.name}")`;
  return (
    `AKS cluster "${cluster.aksClusterName}"${alias} in resource group ` +
    `"${cluster.resourceGroup}" of subscription ${subscription.subscriptionId}`
  );
}

function cancelled(target: AksTarget): AzureCollectError {
  return new AzureCollectError({
    code: 'cancelled',
    cluster: target.cluster.name,
    message: `Reading ${describeTarget(target)} was cancelled`,
  });
}

/** Turns a failure of managedClusters.get into an error that says what to fix. */
function clusterReadError(
  error: unknown,
  target: AksTarget,
): AzureCollectError {
  if (error instanceof AzureCollectError) return error;
  if (isAbortError(error)) return cancelled(target);
  const { subscription, cluster } = target;
  const info = armErrorInfo(error);
  const what = describeTarget(target);
  const base = { cluster: cluster.name, status: info.status };
  if (isCredentialError(error)) {
    const tenant = subscription.tenantId
      ? ` in tenant ${subscription.tenantId}`
      : '';
    return new AzureCollectError({
      ...base,
      code: 'authentication',
      message: `Could not get an Azure token${tenant} to read ${what}: ${info.message}`,
    });
  }
  switch (info.status) {
    case 401:
      return new AzureCollectError({
        ...base,
        code: 'authentication',
        message: `Azure Resource Manager rejected the token used to read ${what}: ${errorLabel(
          info,
        )}: ${info.message}`,
      });
    case 403: {
      const action = deniedAction(info.message, AZURE_ACTIONS.readCluster);
      return new AzureCollectError({
        ...base,
        code: 'permission',
        action,
        message: `Not allowed to read ${what}: the identity lacks ${action} (${errorLabel(
          info,
        )}); assign it the Kube Security reader role of docs/cloud/azure.md on the cluster or its resource group`,
      });
    }
    case 404: {
      let message = `${what} was not found (${errorLabel(info)})`;
      if (info.code === 'ResourceGroupNotFound') {
        message =
          `Resource group "${cluster.resourceGroup}" was not found in subscription ` +
          `${subscription.subscriptionId} while looking for AKS cluster "${
            cluster.aksClusterName
          }" (${errorLabel(info)})`;
      } else if (info.code === 'SubscriptionNotFound') {
        message =
          `Subscription ${subscription.subscriptionId} was not found or is not visible to the ` +
          `identity, while looking for AKS cluster "${
            cluster.aksClusterName
          }" in resource group "${cluster.resourceGroup}" (${errorLabel(
            info,
          )})`;
      }
      return new AzureCollectError({ ...base, code: 'not-found', message });
    }
    default:
      return new AzureCollectError({
        ...base,
        code: 'api',
        message: `Could not read ${what}: ${errorLabel(info)}: ${info.message}`,
      });
  }
}

async function readManagedCluster(
  clients: ArmClients,
  target: AksTarget,
  signal: AbortSignal | undefined,
): Promise<Record<string, any>> {
  const { resourceGroup, aksClusterName } = target.cluster;
  // ARM's own JSON is kept (see clusterFromArm); the SDK still makes the call, with
  // its authentication, api-version and retries.
  let body: unknown;
  try {
    const model = await clients.containerService.managedClusters.get(
      resourceGroup,
      aksClusterName,
      {
        abortSignal: signal,
        onResponse: response => {
          if (response.status === 200) body = response.parsedBody;
        },
      },
    );
    return clusterFromArm(body ?? plain(model), resourceGroup);
  } catch (error) {
    throw clusterReadError(error, target);
  }
}

interface Fact<T> {
  /** Entry kind in `unreadable`. */
  kind: string;
  /** The action the call needs, named when ARM's message does not say. */
  action: string;
  /** Where the call reads, for the reason. */
  scope: string;
  /** What stays unjudged without it, for the reason. */
  consequence: string;
  read: () => Promise<T>;
}

/**
 * Reads one fact; on failure records it as unreadable (making the scan partial) and
 * returns undefined, so the checks that need it report no evidence instead of a pass.
 */
async function readFact<T>(
  fact: Fact<T>,
  target: AksTarget,
  unreadable: Unreadable,
): Promise<T | undefined> {
  try {
    return await fact.read();
  } catch (error) {
    if (error instanceof AzureCollectError) throw error;
    if (isAbortError(error)) throw cancelled(target);
    const info = armErrorInfo(error);
    const reason =
      info.status === 403
        ? `${errorLabel(info)}: the identity lacks ${deniedAction(
            info.message,
            fact.action,
          )} on ${fact.scope}, so ${fact.consequence} cannot be judged`
        : `${errorLabel(info)}: ${info.message}; ${
            fact.consequence
          } cannot be judged`;
    unreadable.push({ kind: fact.kind, reason });
    return undefined;
  }
}

/** Role names by role definition id; a deleted definition (404) just stays unnamed. */
async function roleNames(
  clients: ArmClients,
  ids: string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  // Settled together so that no request outlives the scan when one of them fails.
  const results = await Promise.allSettled(
    ids.map(id =>
      clients.authorization.roleDefinitions.getById(relative(id), {
        abortSignal: signal,
      }),
    ),
  );
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      if (result.value.roleName) names.set(ids[i], result.value.roleName);
    } else if (armErrorInfo(result.reason).status !== 404) {
      throw result.reason;
    }
  });
  return names;
}

/**
 * Reads one AKS cluster and the facts around it. Throws only when the cluster itself
 * cannot be read; any other fact that fails is left out and listed in `unreadable`.
 */
export async function collectAks(options: {
  clients: ArmClients;
  target: AksTarget;
  signal?: AbortSignal;
  logger?: LoggerService;
}): Promise<CollectorContribution> {
  const { clients, target, signal, logger } = options;
  const { subscription, cluster: config } = target;
  const cluster = await readManagedCluster(clients, target, signal);
  const clusterId =
    typeof cluster.id === 'string' && cluster.id
      ? cluster.id
      : `/subscriptions/${subscription.subscriptionId}/resourceGroups/${config.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${config.aksClusterName}`;
  const subscriptionScope = `/subscriptions/${subscription.subscriptionId}`;
  const unreadable: Unreadable = [];

  const [diagnosticSettings, activityLogSettings, assignments] =
    await Promise.all([
      readFact(
        {
          kind: 'azure:monitor:diagnosticSettings',
          action: AZURE_ACTIONS.readDiagnosticSettings,
          scope: clusterId,
          consequence: 'control-plane audit logging (kube-audit)',
          read: () =>
            listAll(
              clients.monitor.diagnosticSettings.list(relative(clusterId), {
                abortSignal: signal,
              }),
            ),
        },
        target,
        unreadable,
      ),
      readFact(
        {
          kind: 'azure:monitor:subscriptionDiagnosticSettings',
          action: AZURE_ACTIONS.readDiagnosticSettings,
          scope: subscriptionScope,
          consequence: 'the subscription Activity Log export',
          read: () =>
            listAll(
              clients.monitor.diagnosticSettings.list(
                relative(subscriptionScope),
                { abortSignal: signal },
              ),
            ),
        },
        target,
        unreadable,
      ),
      readFact(
        {
          kind: 'azure:authorization:roleAssignments',
          action: AZURE_ACTIONS.readRoleAssignments,
          scope: clusterId,
          consequence: 'who administers the cluster and roles held by users',
          // atScope(): assignments on the cluster and inherited from above it.
          read: () =>
            listAll(
              clients.authorization.roleAssignments.listForScope(
                relative(clusterId),
                { filter: 'atScope()', abortSignal: signal },
              ),
            ),
        },
        target,
        unreadable,
      ),
    ]);

  let roleAssignments: Array<Record<string, unknown>> | undefined;
  if (assignments) {
    const ids = [
      ...new Set(
        assignments
          .map(a => a.roleDefinitionId)
          .filter((id): id is string => typeof id === 'string' && !!id),
      ),
    ];
    const names = await readFact(
      {
        kind: 'azure:authorization:roleDefinitions',
        action: AZURE_ACTIONS.readRoleDefinitions,
        scope: subscriptionScope,
        consequence: 'who administers the cluster and roles held by users',
        read: () => roleNames(clients, ids, signal),
      },
      target,
      unreadable,
    );
    // Without role names an Owner looks like any other role: leave the list out
    // rather than let the admin count pass on incomplete data.
    if (names) {
      roleAssignments = assignments.map(a =>
        roleAssignmentEntry(
          a as RoleAssignmentLike,
          a.roleDefinitionId ? names.get(a.roleDefinitionId) : undefined,
        ),
      );
    }
  }

  for (const entry of unreadable) {
    logger?.warn(
      `Kube Security could not read ${entry.kind} for ${describeTarget(
        target,
      )}: ${entry.reason}`,
    );
  }

  const account: NonNullable<AksDescriptor['account']> = {};
  if (diagnosticSettings) {
    account.diagnosticSettings = plain(diagnosticSettings);
  }
  if (activityLogSettings) {
    account.activityLogSettings = plain(activityLogSettings);
  }
  if (roleAssignments) account.roleAssignments = roleAssignments;

  const cloud: AksDescriptor = {
    provider: 'aks',
    cluster,
    ...(Object.keys(account).length ? { account } : {}),
  };
  return { cloud, unreadable, notes: [] };
}
