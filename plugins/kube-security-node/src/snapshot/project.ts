import type { KubeObject, Snapshot } from './types';
import { CLUSTER_SCOPED_KINDS } from './clusterScoped';

/**
 * Keeps of each Kubernetes object only the fields the engine reads, so that a collector (or
 * the manifest loader) holds a fraction of what the API sends. The field lists follow the
 * checks, `buildIndex`, exposure and data store detection, and the accept annotations; the
 * projection test runs the whole engine on full and projected snapshots and requires the
 * same result. Add a field here when a check starts reading it.
 *
 * - Pod-running kinds and PodTemplates keep their metadata, the workload spec's selector and
 *   pod template (template labels and annotations, and the pod spec fields below).
 * - Nodes keep metadata, spec and `status.addresses`.
 * - Other kinds the engine knows lose `status` and the metadata nobody reads (uid,
 *   resourceVersion, timestamps, ...). Kinds it does not know (custom resources such as
 *   policy engines' constraints) are kept whole.
 *
 * Values are shared with the input, never copied or changed; a field that is not a mapping
 * or list where one is expected is kept as it is, so checks see the same oddities.
 */

const METADATA_FIELDS = [
  'name',
  'namespace',
  'labels',
  'annotations',
  'ownerReferences',
] as const;

const POD_SPEC_FIELDS = [
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'os',
  'securityContext',
  'volumes',
] as const;

const CONTAINER_LIST_FIELDS = [
  'initContainers',
  'containers',
  'ephemeralContainers',
] as const;

/** Env entries are kept whole: names, literal values (secret-like ones are findings) and sources. */
const CONTAINER_FIELDS = [
  'name',
  'image',
  'command',
  'args',
  'env',
  'envFrom',
  'ports',
  'volumeMounts',
  'securityContext',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
] as const;

/** Kinds whose pod template sits at `spec.template`. */
const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'DeploymentConfig',
  'Rollout',
  'Job',
]);

/** Where pod specs live, as in the engine's index: these are the kinds a controller can fold. */
const POD_RUNNING_KINDS = new Set([...TEMPLATE_KINDS, 'CronJob', 'Pod']);

/**
 * Folded kinds that may become stubs. Controllers that checks also read through `ofKind`
 * (DaemonSets, for agents and CNIs) are kept, even in the rare case that they are folded.
 */
const STUB_KINDS = new Set(['Pod', 'ReplicaSet', 'Job']);

/** Kinds the engine reads whose `status` it never reads: kept whole but for it and metadata. */
const STATUS_FREE_KINDS = new Set([
  'Namespace',
  'Service',
  'Ingress',
  'NetworkPolicy',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'CustomResourceDefinition',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ConfigMap',
]);

/** Annotations the engine reads on every object (exceptions as code), see decisions/annotations. */
const ACCEPT_ANNOTATION = /^kube-security\.io\/accept([-_.]|$)/;

type Json = Record<string, any>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The listed own fields of `source`, in the listed order (absent ones stay absent). */
function pick(source: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(source, field)) {
      out[field] = source[field];
    }
  }
  return out;
}

function projectMetadata(metadata: unknown): any {
  return isRecord(metadata) ? pick(metadata, METADATA_FIELDS) : metadata;
}

function projectContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map(container =>
    isRecord(container) ? pick(container, CONTAINER_FIELDS) : container,
  );
}

function projectPodSpec(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out = pick(spec, POD_SPEC_FIELDS);
  for (const field of CONTAINER_LIST_FIELDS) {
    if (Object.prototype.hasOwnProperty.call(spec, field)) {
      out[field] = projectContainers(spec[field]);
    }
  }
  return out;
}

function projectTemplate(template: unknown): unknown {
  if (!isRecord(template)) return template;
  const out: Json = {};
  if ('metadata' in template) {
    out.metadata = isRecord(template.metadata)
      ? pick(template.metadata, ['labels', 'annotations'])
      : template.metadata;
  }
  if ('spec' in template) out.spec = projectPodSpec(template.spec);
  return out;
}

/** `{ selector, template }` of a workload spec, the template projected. */
function projectWorkloadSpec(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out = pick(spec, ['selector']);
  if ('template' in spec) out.template = projectTemplate(spec.template);
  return out;
}

function projectCronJobSpec(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out = pick(spec, ['schedule']);
  if ('jobTemplate' in spec) {
    const jobTemplate = spec.jobTemplate;
    if (isRecord(jobTemplate)) {
      const projected = pick(jobTemplate, ['metadata']);
      if ('spec' in jobTemplate) {
        projected.spec = projectWorkloadSpec(jobTemplate.spec);
      }
      out.jobTemplate = projected;
    } else {
      out.jobTemplate = jobTemplate;
    }
  }
  return out;
}

/** `apiVersion`, `kind` and the projected metadata of an object. */
function head(object: KubeObject): Json {
  const out: Json = {};
  if ('apiVersion' in object) out.apiVersion = object.apiVersion;
  out.kind = object.kind;
  out.metadata = projectMetadata(object.metadata);
  return out;
}

/**
 * The object with only the fields the engine reads (see the module comment). Returns a new
 * object sharing values with `object`, or `object` itself for a kind the engine does not know.
 */
export function projectObject(object: KubeObject): KubeObject {
  if (!isRecord(object) || !isRecord(object.metadata)) return object;
  const kind = object.kind;
  if (kind === 'Pod') {
    const out = head(object);
    if ('spec' in object) out.spec = projectPodSpec(object.spec);
    return out as KubeObject;
  }
  if (TEMPLATE_KINDS.has(kind)) {
    const out = head(object);
    if ('spec' in object) out.spec = projectWorkloadSpec(object.spec);
    return out as KubeObject;
  }
  if (kind === 'CronJob') {
    const out = head(object);
    if ('spec' in object) out.spec = projectCronJobSpec(object.spec);
    return out as KubeObject;
  }
  if (kind === 'PodTemplate') {
    const out = head(object);
    if ('template' in object) out.template = projectTemplate(object.template);
    return out as KubeObject;
  }
  if (kind === 'Node') {
    const out = head(object);
    if ('spec' in object) out.spec = object.spec;
    if ('status' in object) {
      out.status = isRecord(object.status)
        ? pick(object.status, ['addresses'])
        : object.status;
    }
    return out as KubeObject;
  }
  if (STATUS_FREE_KINDS.has(kind)) {
    const out = head(object);
    for (const key of Object.keys(object)) {
      if (key !== 'status' && !(key in out)) out[key] = object[key];
    }
    return out as KubeObject;
  }
  return object;
}

/**
 * The controller of an object as the engine's index finds it: the `controller: true` owner
 * reference, else the first owner of a pod-running kind.
 */
function controllerOf(object: KubeObject) {
  const owners = object.metadata.ownerReferences;
  if (!Array.isArray(owners) || owners.length === 0) return undefined;
  for (const owner of owners) if (owner?.controller === true) return owner;
  for (const owner of owners) {
    if (owner && POD_RUNNING_KINDS.has(owner.kind)) return owner;
  }
  return undefined;
}

const text = (value: unknown) =>
  typeof value === 'string' ? value : String(value);

function keyOf(kind: string, namespace: unknown, name: unknown): string {
  const ns = CLUSTER_SCOPED_KINDS.has(kind) ? '' : text(namespace ?? 'default');
  return `${kind}\u0000${ns}\u0000${text(name)}`;
}

/**
 * A kube-apiserver pod: the admission check reads its flags, whether or not a controller
 * runs it, so it is never reduced to a stub.
 */
function mayBeApiServer(object: KubeObject): boolean {
  const { namespace, name, labels } = object.metadata;
  if (namespace && namespace !== 'kube-system') return false;
  return (
    (isRecord(labels) && labels.component === 'kube-apiserver') ||
    /^kube-apiserver(-|$)/.test(String(name))
  );
}

/** The stubs made here: already as small as they get. */
const STUBS = new WeakSet<object>();

/** What the engine reads of a folded object: who it is, its labels, owners and accept annotations. */
function stubOf(object: KubeObject): KubeObject {
  const { name, namespace, labels, annotations, ownerReferences } =
    object.metadata;
  const metadata: Json = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  if (labels !== undefined) metadata.labels = labels;
  if (isRecord(annotations)) {
    const accept = Object.keys(annotations).filter(k =>
      ACCEPT_ANNOTATION.test(k),
    );
    if (accept.length) metadata.annotations = pick(annotations, accept);
  }
  if (ownerReferences !== undefined) metadata.ownerReferences = ownerReferences;
  const stub: Json = {};
  if ('apiVersion' in object) stub.apiVersion = object.apiVersion;
  stub.kind = object.kind;
  stub.metadata = metadata;
  STUBS.add(stub);
  return stub as KubeObject;
}

/**
 * Folds as the engine's index does, while objects arrive: `note` the pod-running objects
 * that are in the snapshot for good, then `reduce` gives the metadata stub of a Pod,
 * ReplicaSet or Job whose controller was noted (a Pod of a ReplicaSet, a ReplicaSet of a
 * Deployment, a Job of a CronJob), and the object itself otherwise. The engine folds such
 * objects into their controller and never judges them.
 */
export class WorkloadFolder {
  readonly #present = new Set<string>();

  note(object: KubeObject) {
    if (
      object &&
      POD_RUNNING_KINDS.has(object.kind) &&
      isRecord(object.metadata)
    ) {
      this.#present.add(
        keyOf(object.kind, object.metadata.namespace, object.metadata.name),
      );
    }
  }

  /** Whether `reduce` would stub this object. */
  folds(object: KubeObject): boolean {
    if (
      !object ||
      !STUB_KINDS.has(object.kind) ||
      !isRecord(object.metadata) ||
      STUBS.has(object)
    ) {
      return false;
    }
    const owner = controllerOf(object);
    if (
      !owner ||
      !POD_RUNNING_KINDS.has(owner.kind) ||
      !this.#present.has(
        keyOf(owner.kind, object.metadata.namespace, owner.name),
      )
    ) {
      return false;
    }
    return !(object.kind === 'Pod' && mayBeApiServer(object));
  }

  reduce(object: KubeObject): KubeObject {
    return this.folds(object) ? stubOf(object) : object;
  }
}

/**
 * Replaces, in place, every Pod, ReplicaSet and Job whose controller is a pod-running object
 * of `objects` by a metadata stub (see `WorkloadFolder`). Returns how many were replaced.
 */
export function stubFoldedWorkloads(objects: KubeObject[]): number {
  const folder = new WorkloadFolder();
  for (const object of objects) folder.note(object);
  let stubbed = 0;
  for (let i = 0; i < objects.length; i++) {
    if (folder.folds(objects[i])) {
      objects[i] = stubOf(objects[i]);
      stubbed++;
    }
  }
  return stubbed;
}

/** A snapshot whose objects are projected and folded objects stubbed (the input is not changed). */
export function projectSnapshot(snapshot: Snapshot): Snapshot {
  const objects = snapshot.objects.map(projectObject);
  stubFoldedWorkloads(objects);
  return { ...snapshot, objects };
}
