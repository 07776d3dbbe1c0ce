import type { CheckContext, RawFinding } from '../../engine/check';
import type {
  ContainerFacts,
  ContainerRef,
  SnapshotIndex,
  Workload,
  WorkloadFacts,
} from '../../engine/SnapshotIndex';
import { WORKLOAD_KINDS } from '../../engine/buildIndex';
import type { KubeObject } from '../../snapshot/types';
import { keepShape } from '../../util/keepShape';

/** Kinds a workload check needs: a 403 on any of them leaves the verdict partial. */
export const WORKLOAD_READS = [...WORKLOAD_KINDS];

export function isSystemNamespace(
  ctx: CheckContext,
  namespace: string,
): boolean {
  return ctx.options.systemNamespaces.includes(namespace);
}

/**
 * Whether workloads of a namespace are left out of the per-workload checks: on a whole
 * cluster, the platform's own namespaces are. Platform components (CNI, log agents, Falco)
 * legitimately need host access, and a finding on them is nobody's to-do; apps placed in
 * kube-system are flagged by workload-namespace-isolation/system-namespace instead. Manifests
 * are the change under review, whatever namespace they name: every one is judged.
 */
export function isExemptNamespace(
  ctx: CheckContext,
  namespace: string,
): boolean {
  return (
    ctx.index.snapshot.scope === 'cluster' && isSystemNamespace(ctx, namespace)
  );
}

/** Workloads that belong to teams (see isExemptNamespace). */
export function teamWorkloads(ctx: CheckContext): Workload[] {
  return teamPodSpecsOf(ctx).workloadsOnly;
}

export function teamContainers(ctx: CheckContext): ContainerRef[] {
  return ctx.index.containers.filter(
    c => !isExemptNamespace(ctx, c.workload.namespace),
  );
}

/**
 * Whether per-workload checks can conclude: a whole cluster (even one without workloads)
 * or manifests that contain at least one workload.
 */
export function hasWorkloadEvidence(ctx: CheckContext): boolean {
  return (
    ctx.index.snapshot.scope === 'cluster' || ctx.index.workloads.length > 0
  );
}

/** The workload's description, finding resource and metadata path, worked out once. */
export function workloadFacts(workload: Workload): WorkloadFacts {
  let facts = workload.facts;
  if (!facts) {
    const template = workload.podSpecPath.replace(/\.?spec$/, '');
    facts = {
      description: `${workload.kind} '${workload.name}'`,
      resource: Object.freeze({
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
      }),
      podMetadataPath: template ? `${template}.metadata` : 'metadata',
    };
    workload.facts = facts;
  }
  return facts;
}

/** The workload as a finding's resource (shared and frozen: findings copy it). */
export function workloadResource(workload: Workload): RawFinding['resource'] {
  return workloadFacts(workload).resource;
}

/** The container's name, description and finding resource, worked out once per scan. */
export function containerFacts(ref: ContainerRef): ContainerFacts {
  let facts = ref.facts;
  if (!facts) {
    const { workload } = ref;
    const name =
      typeof ref.container.name === 'string' ? ref.container.name : '(unnamed)';
    let kind = 'Container';
    if (ref.init) kind = 'Init container';
    else if (ref.path.includes('.ephemeralContainers['))
      kind = 'Ephemeral container';
    facts = {
      name,
      description: `${kind} '${name}'`,
      resource: Object.freeze({
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
        container: name,
      }),
      securityContextStandard: undefined,
      imageResource: Object.freeze({
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
        container: String(ref.container?.name ?? ''),
      }),
    };
    ref.facts = facts;
  }
  return facts;
}

/**
 * A container of a pod that is not in any snapshot: helpers make one object of each of their
 * shapes from it when the module loads (see keepShape), so that the code optimized for those
 * shapes survives the garbage collection between evaluations instead of being compiled again.
 */
export const SAMPLE_CONTAINER = {
  workload: {
    kind: 'Pod',
    namespace: '',
    name: '',
    podSpec: {},
    podSpecPath: 'spec',
    facts: undefined,
  },
  container: {},
  path: 'spec.containers[0]',
  init: false,
  facts: undefined,
} as unknown as ContainerRef;
keepShape(containerFacts(SAMPLE_CONTAINER));
keepShape(workloadFacts(SAMPLE_CONTAINER.workload));

/** The container as a finding's resource (shared and frozen: findings copy it). */
export function containerResource(ref: ContainerRef): RawFinding['resource'] {
  return containerFacts(ref).resource;
}

export function containerName(ref: ContainerRef): string {
  return containerFacts(ref).name;
}

/** `Container 'api'`, `Init container 'migrate'`, `Ephemeral container 'debugger'`. */
export function describeContainer(ref: ContainerRef): string {
  return containerFacts(ref).description;
}

/** `Deployment 'web'` */
export function describeWorkload(workload: Workload): string {
  return workloadFacts(workload).description;
}

/** The cluster itself, as the resource of cluster-wide findings. */
export function clusterResource(ctx: CheckContext): RawFinding['resource'] {
  return { kind: 'Cluster', name: ctx.index.snapshot.cluster };
}

/**
 * The pod runs in its own user namespace (`hostUsers: false`): root in it is not root on the
 * node, which the Pod Security Standards take into account from Kubernetes v1.35.
 */
export function hasOwnUserNamespace(workload: Workload): boolean {
  return workload.podSpec?.hostUsers === false;
}

/** Windows pods have no Linux user ids or privilege escalation settings to judge. */
export function isWindowsPod(workload: Workload): boolean {
  return workload.podSpec?.os?.name === 'windows';
}

/** `a, b and c`, or `a, b, c and 4 more` for long lists. */
export function listNames(names: string[], max = 3): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) {
    return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  }
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** listNames of `items.map(text)`, making the text of the items shown only. */
export function listSome<T>(
  items: readonly T[],
  text: (item: T) => string,
  max = 3,
): string {
  if (items.length <= max) return listNames(items.map(text), max);
  return `${items.slice(0, max).map(text).join(', ')} and ${
    items.length - max
  } more`;
}

/** The path to a pod template's labels: `spec.template.metadata.labels` or `metadata.labels`. */
export function podLabelsPath(workload: Workload): string {
  return `${workloadFacts(workload).podMetadataPath}.labels`;
}

export function asArray<T = any>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Appends to a list in a map of lists. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A PodTemplate object (`template.spec`) as a workload: it runs nothing itself, but what it
 * declares is what pods created from it get, so pod-spec checks judge it like the others.
 */
function podTemplateWorkload(object: KubeObject): Workload {
  const template = (object as any).template ?? {};
  const podLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(template.metadata?.labels ?? {})) {
    if (v !== null && v !== undefined) podLabels[k] = String(v);
  }
  const podSpec =
    template.spec && typeof template.spec === 'object' ? template.spec : {};
  return {
    object,
    kind: object.kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name,
    podLabels,
    labels: { ...podLabels, ...(object.metadata.labels ?? {}) },
    podSpec,
    podSpecPath: 'template.spec',
    serviceAccountName:
      podSpec.serviceAccountName ?? podSpec.serviceAccount ?? 'default',
    exposure: { internet: false, dataStore: false },
    services: [],
    facts: undefined,
  };
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

interface PodSpecs {
  workloads: Workload[];
  containers: ContainerRef[];
  /** The same lists without system namespaces, for the list of system namespaces given. */
  team?: {
    systemNamespaces: string[];
    workloads: Workload[];
    containers: ContainerRef[];
    /** The workloads without the PodTemplate objects. */
    workloadsOnly: Workload[];
  };
}

const podSpecCache = new WeakMap<SnapshotIndex, PodSpecs>();

/** Workloads plus PodTemplate objects, with their containers; built once per index. */
function podSpecsOf(index: SnapshotIndex): PodSpecs {
  let cached = podSpecCache.get(index);
  if (!cached) {
    const templates = index.ofKind('PodTemplate').map(podTemplateWorkload);
    const containers = [...index.containers];
    for (const workload of templates) {
      for (const field of CONTAINER_LISTS) {
        asArray(workload.podSpec[field]).forEach((container, i) => {
          if (!container || typeof container !== 'object') return;
          containers.push({
            workload,
            container,
            path: `${workload.podSpecPath}.${field}[${i}]`,
            init: field === 'initContainers',
            facts: undefined,
          });
        });
      }
    }
    // `team` declared now, not added later: a shape made by adding it would die with the
    // cache at the GC after each evaluation, and the checks' code optimized for it too.
    cached = {
      workloads: [...index.workloads, ...templates],
      containers,
      team: undefined,
    };
    podSpecCache.set(index, cached);
  }
  return cached;
}

const NO_NAMESPACES: string[] = [];

/** The pod specs outside exempt namespaces, filtered once per index and option set. */
function teamPodSpecsOf(ctx: CheckContext) {
  const all = podSpecsOf(ctx.index);
  // Manifests judge every namespace (see isExemptNamespace).
  const systemNamespaces =
    ctx.index.snapshot.scope === 'cluster'
      ? ctx.options.systemNamespaces
      : NO_NAMESPACES;
  if (all.team?.systemNamespaces !== systemNamespaces) {
    const system = new Set(systemNamespaces);
    all.team = {
      systemNamespaces,
      workloads: all.workloads.filter(w => !system.has(w.namespace)),
      containers: all.containers.filter(c => !system.has(c.workload.namespace)),
      workloadsOnly: ctx.index.workloads.filter(w => !system.has(w.namespace)),
    };
  }
  return all.team;
}

/** Like teamWorkloads, plus the PodTemplate objects outside system namespaces. */
export function teamPodSpecs(ctx: CheckContext): Workload[] {
  return teamPodSpecsOf(ctx).workloads;
}

/** Like teamContainers, plus the containers of PodTemplate objects. */
export function teamPodSpecContainers(ctx: CheckContext): ContainerRef[] {
  return teamPodSpecsOf(ctx).containers;
}

/** hasWorkloadEvidence, where a PodTemplate also counts as a workload. */
export function hasPodSpecEvidence(ctx: CheckContext): boolean {
  return hasWorkloadEvidence(ctx) || ctx.index.ofKind('PodTemplate').length > 0;
}

/** The path to a pod template's metadata: `spec.template.metadata`, or `metadata` for a Pod. */
export function podMetadataPath(workload: Workload): string {
  return workloadFacts(workload).podMetadataPath;
}

const annotationCache = new WeakMap<Workload, Record<string, unknown>>();

/** What podAnnotations gives for a pod template without annotations. */
const NO_ANNOTATIONS: Record<string, unknown> = Object.freeze({});

/** Whether a workload's pod template has an annotations object (checks skip the lookups). */
export function hasPodAnnotations(workload: Workload): boolean {
  return podAnnotations(workload) !== NO_ANNOTATIONS;
}

/** The annotations of a workload's pod template (of the Pod itself for a bare Pod). */
export function podAnnotations(workload: Workload): Record<string, unknown> {
  const cached = annotationCache.get(workload);
  if (cached) return cached;
  let value: any = workload.object;
  for (const part of podMetadataPath(workload).split('.')) {
    if (value === null || typeof value !== 'object') {
      value = undefined;
      break;
    }
    value = value[part];
  }
  const annotations =
    value?.annotations && typeof value.annotations === 'object'
      ? value.annotations
      : NO_ANNOTATIONS;
  annotationCache.set(workload, annotations);
  return annotations;
}

/** A boolean field that is on: `true`, or the string `"true"` some generators write. */
export function isTrue(value: unknown): boolean {
  return (
    value === true ||
    (typeof value === 'string' && value.toLowerCase() === 'true')
  );
}
