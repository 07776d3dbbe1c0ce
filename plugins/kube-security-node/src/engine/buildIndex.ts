import type { KubeObject, Snapshot } from '../snapshot/types';
import { computeExposure } from './exposure';
import { IndexedSnapshot } from './IndexedSnapshot';
import { ByNamespaceAndName, ObjectsByKind } from './objectsByKind';
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
  // Argo Rollouts' progressive-delivery Deployment, when it carries its own pod template.
  Rollout: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
  Pod: 'spec',
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/** POD_SPEC_PATHS split into fields, and where each kind's pod labels live. */
const POD_SPEC_FIELDS = new Map(
  WORKLOAD_KINDS.map(kind => {
    const podSpecPath = POD_SPEC_PATHS[kind];
    const templatePath = podSpecPath.replace(/\.?spec$/, '');
    return [
      kind,
      {
        podSpecPath,
        podSpec: podSpecPath.split('.'),
        // The template's labels, or the object's own for a Pod.
        labels: templatePath
          ? `${templatePath}.metadata.labels`.split('.')
          : undefined,
      },
    ];
  }),
);

const CONTAINER_LISTS: Array<{ field: string; init: boolean }> = [
  { field: 'initContainers', init: true },
  { field: 'containers', init: false },
  { field: 'ephemeralContainers', init: false },
];

function get(object: any, fields: readonly string[]): any {
  let value = object;
  for (const field of fields) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[field];
  }
  return value;
}

function asStringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}

/** The owner that controls an object: the `controller: true` reference, else a workload kind. */
function controllerOf(object: KubeObject) {
  const owners = object.metadata.ownerReferences;
  if (!Array.isArray(owners) || owners.length === 0) return undefined;
  for (const owner of owners) if (owner?.controller === true) return owner;
  for (const owner of owners) {
    if (owner && POD_SPEC_PATHS[owner.kind] !== undefined) return owner;
  }
  return undefined;
}

/**
 * A Rollout may run the pods of a Deployment it names (`spec.workloadRef`) instead of a
 * template of its own: that Deployment is judged, and the Rollout has no pod spec to judge.
 */
function runsPodsOfItsOwn(object: KubeObject): boolean {
  if (object.kind !== 'Rollout') return true;
  const template = get(object, ['spec', 'template']);
  return template !== null && typeof template === 'object';
}

function workloadFrom(object: KubeObject): Workload {
  const fields = POD_SPEC_FIELDS.get(object.kind)!;
  const podSpec = get(object, fields.podSpec) ?? {};
  const podLabels = asStringMap(
    fields.labels ? get(object, fields.labels) : object.metadata.labels,
  );
  return {
    object,
    kind: object.kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name,
    podLabels,
    labels: { ...podLabels, ...asStringMap(object.metadata.labels) },
    podSpec,
    podSpecPath: fields.podSpecPath,
    serviceAccountName:
      podSpec.serviceAccountName ?? podSpec.serviceAccount ?? 'default',
    exposure: { internet: false, dataStore: false },
    services: [],
    // Declared now rather than added later: every workload keeps one hidden class.
    exposedThrough: undefined,
    dataStoreKind: undefined,
    facts: undefined,
  };
}

/**
 * Indexes a snapshot once, in O(objects), so that every check reads maps instead of
 * scanning the snapshot. Pods and ReplicaSets / Jobs whose controller is in the snapshot
 * are folded into it; the others are judged on their own.
 */
export function buildIndex(snapshot: Snapshot): SnapshotIndex {
  const byKind = new Map<string, KubeObject[]>();
  const namespaceSet = new Set<string>();

  // Objects come grouped by kind and namespace (as the API lists them): the last list and
  // namespace seen save most map lookups.
  let lastKind: string | undefined;
  let lastList: KubeObject[] = [];
  let lastNamespace: string | undefined;
  const objects = snapshot.objects;
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    const kind = object.kind;
    if (kind !== lastKind) {
      let list = byKind.get(kind);
      if (!list) {
        list = [];
        byKind.set(kind, list);
      }
      lastKind = kind;
      lastList = list;
    }
    lastList.push(object);
    const namespace = object.metadata.namespace;
    if (kind === 'Namespace') namespaceSet.add(object.metadata.name);
    else if (namespace && namespace !== lastNamespace) {
      namespaceSet.add(namespace);
      lastNamespace = namespace;
    }
  }
  const objectsByKind = new ObjectsByKind(byKind);
  const ofKind = (kind: string) => objectsByKind.ofKind(kind);
  const find = (kind: string, namespace: string | undefined, name: string) =>
    objectsByKind.find(kind, namespace, name);

  const workloads: Workload[] = [];
  const workloadByKey = new Map<string, ByNamespaceAndName<Workload>>();
  for (const kind of WORKLOAD_KINDS) {
    const ofThis = ofKind(kind);
    for (let i = 0; i < ofThis.length; i++) {
      const object = ofThis[i];
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
      if (!runsPodsOfItsOwn(object)) continue;
      const workload = workloadFrom(object);
      workloads.push(workload);
      let ofThisKind = workloadByKey.get(kind);
      if (!ofThisKind) {
        ofThisKind = new ByNamespaceAndName();
        workloadByKey.set(kind, ofThisKind);
      }
      ofThisKind.set(workload.namespace, workload.name, workload);
      if (!namespace) namespaceSet.add(workload.namespace);
    }
  }

  const containers: ContainerRef[] = [];
  const byNamespace = new Map<string, Workload[]>();
  const byServiceAccount = new Map<string, Workload[]>();
  for (let w = 0; w < workloads.length; w++) {
    const workload = workloads[w];
    for (let l = 0; l < CONTAINER_LISTS.length; l++) {
      const { field, init } = CONTAINER_LISTS[l];
      const list = workload.podSpec[field];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        const container = list[i];
        if (!container || typeof container !== 'object') continue;
        containers.push({
          workload,
          container,
          path: `${workload.podSpecPath}.${field}[${i}]`,
          init,
          facts: undefined,
        });
      }
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
  return new IndexedSnapshot(snapshot, {
    objects: objectsByKind,
    workloads,
    containers,
    namespaces: [...namespaceSet].sort(),
    byNamespace,
    byServiceAccount,
    policiesByNamespace,
    workloadByKey,
    unreadable,
  });
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
