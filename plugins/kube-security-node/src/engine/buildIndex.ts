import {
  UNREADABLE_FILE_KIND,
  type KubeObject,
  type Snapshot,
} from '../snapshot/types';
import { CLUSTER_SCOPED_KINDS } from '../snapshot/clusterScoped';
import { computeExposure } from './exposure';
import type { ContainerRef, SnapshotIndex, Workload } from './SnapshotIndex';

/** Where the pod spec of each pod-running kind lives. */
const POD_SPEC_PATHS: Record<string, string> = {
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  // OpenShift's Deployment: its pod template sits where a Deployment's does.
  DeploymentConfig: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
  Pod: 'spec',
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

const CONTAINER_LISTS: Array<{ field: string; init: boolean }> = [
  { field: 'initContainers', init: true },
  { field: 'containers', init: false },
  { field: 'ephemeralContainers', init: false },
];

function get(object: any, path: string): any {
  let value = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[part];
  }
  return value;
}

function asStringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}

function objectKey(kind: string, namespace: string | undefined, name: string) {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function nameKey(namespace: string | undefined, name: string) {
  return `${namespace ?? ''}\u0000${name}`;
}

/** The owner that controls an object: the `controller: true` reference, else a workload kind. */
function controllerOf(object: KubeObject) {
  const owners = object.metadata.ownerReferences;
  if (!Array.isArray(owners) || owners.length === 0) return undefined;
  return (
    owners.find(o => o?.controller === true) ??
    owners.find(o => o && POD_SPEC_PATHS[o.kind] !== undefined)
  );
}

function workloadFrom(object: KubeObject): Workload {
  const podSpecPath = POD_SPEC_PATHS[object.kind];
  const podSpec = get(object, podSpecPath) ?? {};
  const templatePath = podSpecPath.replace(/\.?spec$/, '');
  const podLabels = asStringMap(
    templatePath
      ? get(object, `${templatePath}.metadata.labels`)
      : object.metadata.labels,
  );
  return {
    object,
    kind: object.kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name,
    podLabels,
    labels: { ...podLabels, ...asStringMap(object.metadata.labels) },
    podSpec,
    podSpecPath,
    serviceAccountName:
      podSpec.serviceAccountName ?? podSpec.serviceAccount ?? 'default',
    exposure: { internet: false, dataStore: false },
    services: [],
  };
}

/**
 * The namespace an object of a kind lives in: none for cluster-scoped kinds, `default` for a
 * namespaced object written without one (where `kubectl apply` puts it).
 */
function namespaceOf(kind: string, namespace: string | undefined) {
  if (CLUSTER_SCOPED_KINDS.has(kind)) return undefined;
  return namespace ?? 'default';
}

/**
 * Indexes a snapshot once, in O(objects), so that every check reads maps instead of
 * scanning the snapshot. Pods and ReplicaSets / Jobs whose controller is in the snapshot
 * are folded into it; the others are judged on their own.
 */
export function buildIndex(snapshot: Snapshot): SnapshotIndex {
  const byKind = new Map<string, KubeObject[]>();
  const namespaceSet = new Set<string>();

  for (const object of snapshot.objects) {
    const list = byKind.get(object.kind);
    if (list) list.push(object);
    else byKind.set(object.kind, [object]);
    const namespace = object.metadata.namespace;
    if (object.kind === 'Namespace') namespaceSet.add(object.metadata.name);
    else if (namespace) namespaceSet.add(namespace);
  }
  const ofKind = (kind: string) => byKind.get(kind) ?? [];

  // Objects by namespace and name, one map per kind, built the first time a kind is looked
  // up: most lookups are of controllers and RBAC objects, and keying every Pod of a large
  // cluster would cost more than all of them. The last object with a key wins.
  const byKindAndKey = new Map<string, Map<string, KubeObject>>();
  const keyed = (kind: string) => {
    let map = byKindAndKey.get(kind);
    if (!map) {
      map = new Map();
      for (const object of ofKind(kind)) {
        map.set(
          nameKey(namespaceOf(kind, object.metadata.namespace), object.metadata.name),
          object,
        );
      }
      byKindAndKey.set(kind, map);
    }
    return map;
  };
  const find = (kind: string, namespace: string | undefined, name: string) =>
    keyed(kind).get(nameKey(namespaceOf(kind, namespace), name));

  const workloads: Workload[] = [];
  const workloadByKey = new Map<string, Workload>();
  for (const kind of WORKLOAD_KINDS) {
    for (const object of ofKind(kind)) {
      const owner = controllerOf(object);
      const namespace = object.metadata.namespace;
      // Folded: its controller is a pod-running object of the snapshot (Pod → ReplicaSet →
      // Deployment, Pod → Job → CronJob); the controller carries the findings.
      if (
        owner &&
        POD_SPEC_PATHS[owner.kind] !== undefined &&
        find(owner.kind, namespace, owner.name) !== undefined
      ) {
        continue;
      }
      const workload = workloadFrom(object);
      workloads.push(workload);
      workloadByKey.set(
        objectKey(kind, workload.namespace, workload.name),
        workload,
      );
      if (!namespace) namespaceSet.add(workload.namespace);
    }
  }

  const containers: ContainerRef[] = [];
  const byNamespace = new Map<string, Workload[]>();
  const byServiceAccount = new Map<string, Workload[]>();
  for (const workload of workloads) {
    for (const { field, init } of CONTAINER_LISTS) {
      const list = workload.podSpec[field];
      if (!Array.isArray(list)) continue;
      list.forEach((container: any, i: number) => {
        if (!container || typeof container !== 'object') return;
        containers.push({
          workload,
          container,
          path: `${workload.podSpecPath}.${field}[${i}]`,
          init,
        });
      });
    }
    push(byNamespace, workload.namespace, workload);
    push(
      byServiceAccount,
      `${workload.namespace}/${workload.serviceAccountName}`,
      workload,
    );
  }

  const policiesByNamespace = new Map<string, KubeObject[]>();
  for (const policy of ofKind('NetworkPolicy')) {
    push(policiesByNamespace, policy.metadata.namespace ?? 'default', policy);
  }

  computeExposure(workloads, ofKind);

  const unreadable = new Set(
    (snapshot.unreadableKinds ?? []).map(k => k.toLowerCase()),
  );
  const namespaces = [...namespaceSet].sort();

  return {
    snapshot,
    cloud: snapshot.cloud,
    ofKind,
    namespaces: () => namespaces,
    namespaceObject: name => find('Namespace', undefined, name),
    workloads,
    workloadsInNamespace: namespace => byNamespace.get(namespace) ?? [],
    containers,
    networkPoliciesIn: namespace => policiesByNamespace.get(namespace) ?? [],
    workloadsByServiceAccount: (namespace, name) =>
      byServiceAccount.get(`${namespace}/${name}`) ?? [],
    roleRules(roleRef, namespace) {
      const role =
        roleRef.kind === 'ClusterRole'
          ? find('ClusterRole', undefined, roleRef.name)
          : find(roleRef.kind, namespace, roleRef.name);
      if (!role) return undefined;
      return Array.isArray(role.rules) ? (role.rules as any[]) : [];
    },
    canRead(kind) {
      // A file that could not be read may have held objects of any kind.
      if (unreadable.has(UNREADABLE_FILE_KIND)) return false;
      const lower = kind.toLowerCase();
      // A 403 may be recorded by kind (`ClusterRole`) or by resource (`clusterroles`).
      return !unreadable.has(lower) && !unreadable.has(`${lower}s`);
    },
    find,
    workload: (kind, namespace, name) =>
      workloadByKey.get(objectKey(kind, namespace, name)),
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
