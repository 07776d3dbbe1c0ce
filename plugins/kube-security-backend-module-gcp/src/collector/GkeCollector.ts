import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CollectOptions,
  CollectorCluster,
  CollectorContribution,
  GkeDescriptor,
  KubeSecurityCollector,
} from '@kube-security/plugin-kube-security-node';
import { GcpApis, GoogleCloudApis } from './apis';
import type { GcpProjectConfig, GkeClusterConfig } from '../config';
import {
  GcpErrorInfo,
  RetriesExhaustedError,
  RetryOptions,
  describeGcpError,
  withBackoff,
} from './errors';
import { ProtoSchema } from './protoJson';

/** The `unreadable` kind recorded when the project's IAM policy cannot be read. */
export const IAM_POLICY_KIND = 'gcp:resourcemanager:projects.getIamPolicy';

const CLUSTER_PERMISSION = 'container.clusters.get';
const IAM_PERMISSION = 'resourcemanager.projects.getIamPolicy';

export interface GkeCollectorOptions {
  logger?: LoggerService;
  retry?: RetryOptions;
  /** Longest one API call may take before it counts as failed. Default 30 s. */
  callTimeoutMs?: number;
}

interface Target {
  project: GcpProjectConfig;
  cluster: GkeClusterConfig;
}

// The schemas are large; read them once, when first needed.
let schemas:
  | { container: ProtoSchema; resourceManager: ProtoSchema }
  | undefined;
function getSchemas() {
  schemas ??= {
    container: ProtoSchema.forPackage('@google-cloud/container'),
    resourceManager: ProtoSchema.forPackage('@google-cloud/resource-manager'),
  };
  return schemas;
}

/**
 * Clusters with legacy basic auth or a client certificate return their password and
 * private key in `masterAuth`. Kube Security never holds credentials: drop them.
 */
function withoutCredentials(cluster: Record<string, any>): Record<string, any> {
  const masterAuth = cluster.masterAuth;
  if (!masterAuth || typeof masterAuth !== 'object') return cluster;
  const { password, clientKey, ...kept } = masterAuth;
  if (password === undefined && clientKey === undefined) return cluster;
  return { ...cluster, masterAuth: kept };
}

function isCredentialsProblem(error: unknown, info: GcpErrorInfo): boolean {
  return (
    info.status === 'UNAUTHENTICATED' ||
    /default credentials|could not refresh access token|invalid_grant/i.test(
      error instanceof Error ? error.message : String(error),
    )
  );
}

/**
 * Live GKE posture: the cluster with its node pools (`clusters.get`) and the project's IAM
 * policy with its audit-log configuration (`projects.getIamPolicy`), in the JSON shapes
 * `gcloud container clusters describe` and `gcloud projects get-iam-policy` print.
 */
export class GkeCollector implements KubeSecurityCollector {
  readonly id = 'gcp';
  private readonly targets = new Map<string, Target>();
  private readonly apis = new Map<string, GcpApis>();

  constructor(
    projects: GcpProjectConfig[],
    private readonly options: GkeCollectorOptions = {},
  ) {
    for (const project of projects) {
      for (const cluster of project.clusters) {
        this.targets.set(cluster.name, { project, cluster });
      }
    }
  }

  async listClusters(): Promise<CollectorCluster[]> {
    return [...this.targets.values()].map(({ cluster }) => ({
      name: cluster.name,
      provider: 'gke',
      ...(cluster.frequency && { frequency: cluster.frequency }),
    }));
  }

  async collect(
    name: string,
    options: CollectOptions = {},
  ): Promise<CollectorContribution> {
    const target = this.targets.get(name);
    if (!target) {
      throw new Error(
        `No GKE cluster named '${name}' is configured under kubeSecurity.gcp`,
      );
    }
    const { project, cluster } = target;
    const apis = this.apisFor(project);
    const timeoutMs = this.options.callTimeoutMs ?? 30_000;
    const retry = { ...this.options.retry, signal: options.signal };
    const resource = `projects/${project.projectId}/locations/${cluster.location}/clusters/${cluster.gkeClusterName}`;

    let raw: unknown;
    try {
      raw = await withBackoff(
        () => apis.getCluster(resource, { timeoutMs, signal: options.signal }),
        retry,
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new Error(this.clusterFailure(target, error), { cause: error });
    }
    const descriptor: GkeDescriptor = {
      provider: 'gke',
      cluster: withoutCredentials(
        getSchemas().container.toJson(raw, 'google.container.v1.Cluster'),
      ),
    };

    const unreadable: CollectorContribution['unreadable'] = [];
    try {
      const policy = await withBackoff(
        () => apis.getIamPolicy(project.projectId, { timeoutMs }),
        retry,
      );
      descriptor.account = {
        iamPolicy: getSchemas().resourceManager.toJson(
          policy,
          'google.iam.v1.Policy',
        ),
      };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // The cluster is still worth evaluating; the account facts stay unknown.
      const reason = this.iamFailure(project, error);
      this.options.logger?.warn(
        `Kube Security: IAM policy of project ${project.projectId} unreadable for cluster ${name}: ${reason}`,
      );
      unreadable.push({ kind: IAM_POLICY_KIND, reason });
    }
    return { cloud: descriptor, unreadable };
  }

  /** Closes the clients (their gRPC channels or HTTP agents). */
  async close(): Promise<void> {
    const all = [...this.apis.values()];
    this.apis.clear();
    await Promise.all(all.map(a => a.close()));
  }

  private apisFor(project: GcpProjectConfig): GcpApis {
    let apis = this.apis.get(project.key);
    if (!apis) {
      apis = new GoogleCloudApis(project);
      this.apis.set(project.key, apis);
    }
    return apis;
  }

  private clusterFailure({ project, cluster }: Target, error: unknown): string {
    const info =
      error instanceof RetriesExhaustedError
        ? error.info
        : describeGcpError(error);
    const what = `GKE cluster '${cluster.gkeClusterName}' in location ${cluster.location} of project ${project.projectId}`;
    if (error instanceof RetriesExhaustedError) {
      return `Cannot read ${what}: still ${info.status} after ${error.attempts} attempts with backoff (${info.message})`;
    }
    if (isCredentialsProblem(error, info)) {
      return `Cannot read ${what}: Google Cloud did not accept the Application Default Credentials (${info.message}); set GOOGLE_APPLICATION_CREDENTIALS, attach a service account, or run gcloud auth application-default login`;
    }
    switch (info.status) {
      case 'PERMISSION_DENIED':
        return `Cannot read ${what}: permission denied; the credentials lack ${CLUSTER_PERMISSION} on the project (roles/container.clusterViewer grants it) (${info.message})`;
      case 'NOT_FOUND':
        return `${what[0].toUpperCase()}${what.slice(
          1,
        )} was not found (Kube Security cluster '${cluster.name}'); check ${
          cluster.key
        }.location and gkeClusterName (${info.message})`;
      default:
        return `Cannot read ${what}: ${info.status}: ${info.message}`;
    }
  }

  private iamFailure(project: GcpProjectConfig, error: unknown): string {
    const info =
      error instanceof RetriesExhaustedError
        ? error.info
        : describeGcpError(error);
    const facts = 'IAM bindings and Data Access audit-log settings are unknown';
    if (error instanceof RetriesExhaustedError) {
      return `${info.status} after ${error.attempts} attempts reading the IAM policy of project ${project.projectId}, so ${facts} (${info.message})`;
    }
    if (info.status === 'PERMISSION_DENIED') {
      return `PERMISSION_DENIED: the credentials lack ${IAM_PERMISSION} on project ${project.projectId}, so ${facts} (${info.message})`;
    }
    return `${info.status} reading the IAM policy of project ${project.projectId}, so ${facts} (${info.message})`;
  }
}
