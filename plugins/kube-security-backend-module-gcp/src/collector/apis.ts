import { ClusterManagerClient } from '@google-cloud/container';
import { ProjectsClient } from '@google-cloud/resource-manager';
import type { GcpEndpoint, GcpProjectConfig } from '../config';

/** The two reads the collector makes, as the client libraries return them. */
export interface GcpApis {
  /** `clusters.get` on `projects/P/locations/L/clusters/C` (node pools included). */
  getCluster(
    name: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<unknown>;
  /** `projects.getIamPolicy` on `projects/P`. */
  getIamPolicy(
    projectId: string,
    options: { timeoutMs: number },
  ): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Client options for an endpoint override. Credentials are never configured here: the
 * clients find Application Default Credentials themselves.
 */
export function clientOptions(endpoint: GcpEndpoint | undefined) {
  if (!endpoint) return {};
  const port = endpoint.port ?? (endpoint.protocol === 'http' ? 80 : 443);
  return {
    apiEndpoint: endpoint.host,
    port,
    ...(endpoint.transport === 'rest' && {
      fallback: true,
      protocol: endpoint.protocol,
    }),
  };
}

/** The Google Cloud clients of one project, created on first use and then reused. */
export class GoogleCloudApis implements GcpApis {
  private container?: ClusterManagerClient;
  private projects?: ProjectsClient;

  constructor(private readonly project: GcpProjectConfig) {}

  async getCluster(
    name: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<unknown> {
    this.container ??= new ClusterManagerClient(
      clientOptions(this.project.containerEndpoint),
    );
    // Retries are ours (withBackoff), so that both clients behave alike.
    const [cluster] = await this.container.getCluster(
      { name },
      { retry: null, timeout: options.timeoutMs, signal: options.signal },
    );
    return cluster;
  }

  async getIamPolicy(
    projectId: string,
    options: { timeoutMs: number },
  ): Promise<unknown> {
    this.projects ??= new ProjectsClient(
      clientOptions(this.project.resourceManagerEndpoint),
    );
    const [policy] = await this.projects.getIamPolicy(
      // Version 3 returns conditional role bindings too, as gcloud asks for.
      {
        resource: `projects/${projectId}`,
        options: { requestedPolicyVersion: 3 },
      },
      { retry: null, timeout: options.timeoutMs },
    );
    return policy;
  }

  async close(): Promise<void> {
    await Promise.all([this.container?.close(), this.projects?.close()]);
    this.container = undefined;
    this.projects = undefined;
  }
}
