import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where a Google API is reached; absent means Google's public endpoint over gRPC. */
export interface GcpEndpoint {
  /** `grpc` for a bare host, `rest` for an http(s) URL. */
  transport: 'grpc' | 'rest';
  protocol: 'http' | 'https';
  host: string;
  port?: number;
}

export interface GkeClusterConfig {
  /** The Kube Security cluster name (catalog annotations, other sources, the API). */
  name: string;
  /** Region (regional cluster) or zone (zonal cluster), e.g. `europe-west1`. */
  location: string;
  /** The cluster's name in GKE. Defaults to `name`. */
  gkeClusterName: string;
  frequency?: string;
  /** Config key of this entry, for messages. */
  key: string;
}

export interface GcpProjectConfig {
  projectId: string;
  containerEndpoint?: GcpEndpoint;
  resourceManagerEndpoint?: GcpEndpoint;
  clusters: GkeClusterConfig[];
  key: string;
}

const ROOT = 'kubeSecurity.gcp';

/** Project ids (optionally domain-scoped, `example.com:proj`), locations, cluster names. */
const PROJECT_ID = /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const LOCATION = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const GKE_NAME = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * Reads an endpoint override: `http(s)://host[:port]` selects the REST transport (what a
 * test server or an HTTP proxy speaks), a bare `host[:port]` keeps gRPC.
 */
export function parseEndpoint(value: string, key: string): GcpEndpoint {
  const text = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InputError(`${key}: '${value}' is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InputError(
        `${key}: use an http:// or https:// URL (REST) or a bare host[:port] (gRPC), not ${url.protocol}//`,
      );
    }
    if (url.username || url.password) {
      throw new InputError(`${key}: credentials do not belong in the URL`);
    }
    if (url.pathname !== '/' || url.search || url.hash) {
      throw new InputError(
        `${key}: '${value}' must be a host without a path; the client adds the API paths itself`,
      );
    }
    return {
      transport: 'rest',
      protocol: url.protocol === 'http:' ? 'http' : 'https',
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      ...(url.port && { port: Number(url.port) }),
    };
  }
  const match = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) {
    throw new InputError(
      `${key}: '${value}' is neither host[:port] nor an http(s):// URL`,
    );
  }
  return {
    transport: 'grpc',
    protocol: 'https',
    host: match[1],
    ...(match[2] && { port: Number(match[2]) }),
  };
}

function optionalEndpoint(config: Config, field: string, key: string) {
  const value = config.getOptionalString(field);
  return value === undefined
    ? undefined
    : parseEndpoint(value, `${key}.${field}`);
}

function readClusters(project: Config, key: string): GkeClusterConfig[] {
  const entries = project.getOptionalConfigArray('clusters');
  if (!entries?.length) {
    throw new InputError(
      `${key}.clusters: list at least one GKE cluster ({ name, location })`,
    );
  }
  return entries.map((entry, i) => {
    const at = `${key}.clusters[${i}]`;
    const name = entry.getOptionalString('name')?.trim();
    if (!name) throw new InputError(`${at}.name is required`);
    const location = entry.getOptionalString('location')?.trim();
    if (!location) {
      throw new InputError(
        `${at}.location is required: the cluster's region (e.g. europe-west1) or zone (e.g. europe-west1-b)`,
      );
    }
    if (!LOCATION.test(location)) {
      throw new InputError(
        `${at}.location: '${location}' is not a Google Cloud region or zone (such as europe-west1 or europe-west1-b)`,
      );
    }
    const gkeClusterName =
      entry.getOptionalString('gkeClusterName')?.trim() ?? name;
    if (!GKE_NAME.test(gkeClusterName)) {
      throw new InputError(
        `${at}.${
          entry.has('gkeClusterName') ? 'gkeClusterName' : 'name'
        }: '${gkeClusterName}' is not a valid GKE cluster name (lowercase letters, digits and hyphens, at most 40 characters)${
          entry.has('gkeClusterName')
            ? ''
            : '; set gkeClusterName when the Kube Security name differs'
        }`,
      );
    }
    const frequency = entry.getOptionalString('frequency');
    return {
      name,
      location,
      gkeClusterName,
      ...(frequency && { frequency }),
      key: at,
    };
  });
}

function readProject(project: Config, key: string): GcpProjectConfig {
  const projectId = project.getOptionalString('projectId')?.trim();
  if (!projectId) throw new InputError(`${key}.projectId is required`);
  if (!PROJECT_ID.test(projectId)) {
    throw new InputError(
      `${key}.projectId: '${projectId}' is not a Google Cloud project id (6 to 30 lowercase letters, digits and hyphens); use the id, not the project name or number`,
    );
  }
  const containerEndpoint = optionalEndpoint(project, 'apiEndpoint', key);
  const resourceManagerEndpoint =
    optionalEndpoint(project, 'resourceManagerApiEndpoint', key) ??
    containerEndpoint;
  return {
    projectId,
    ...(containerEndpoint && { containerEndpoint }),
    ...(resourceManagerEndpoint && { resourceManagerEndpoint }),
    clusters: readClusters(project, key),
    key,
  };
}

/**
 * Reads `kubeSecurity.gcp`: one project inline (`projectId`, `clusters`, …), a list under
 * `projects`, or both. Returns an empty list when the section is absent.
 */
export function readGcpConfig(root: Config): GcpProjectConfig[] {
  const gcp = root.getOptionalConfig(ROOT);
  if (!gcp) return [];
  const projects: GcpProjectConfig[] = [];
  if (gcp.has('projectId') || gcp.has('clusters')) {
    projects.push(readProject(gcp, ROOT));
  }
  (gcp.getOptionalConfigArray('projects') ?? []).forEach((project, i) =>
    projects.push(readProject(project, `${ROOT}.projects[${i}]`)),
  );
  if (!projects.length) {
    throw new InputError(
      `${ROOT}: give a projectId with its clusters, or a list of them under projects`,
    );
  }
  const seen = new Map<string, string>();
  for (const cluster of projects.flatMap(p => p.clusters)) {
    const first = seen.get(cluster.name);
    if (first) {
      throw new InputError(
        `${cluster.key}.name: cluster name '${cluster.name}' is already used by ${first}`,
      );
    }
    seen.set(cluster.name, cluster.key);
  }
  return projects;
}
