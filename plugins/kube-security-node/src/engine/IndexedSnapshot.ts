import {
  UNREADABLE_FILE_KIND,
  type CloudDescriptor,
  type KubeObject,
  type Snapshot,
} from '../snapshot/types';
import { keepShape } from '../util/keepShape';
import { ByNamespaceAndName, ObjectsByKind } from './objectsByKind';
import type { ContainerRef, SnapshotIndex, Workload } from './SnapshotIndex';

/** What buildIndex worked out, for IndexedSnapshot. */
export interface IndexParts {
  objects: ObjectsByKind;
  workloads: Workload[];
  containers: ContainerRef[];
  /** Sorted. */
  namespaces: string[];
  byNamespace: Map<string, Workload[]>;
  /** Keyed `namespace/name`. */
  byServiceAccount: Map<string, Workload[]>;
  policiesByNamespace: Map<string, KubeObject[]>;
  workloadByKey: Map<string, ByNamespaceAndName<Workload>>;
  /** Lower-case kinds (or resources) that could not be read. */
  unreadable: Set<string>;
}

/**
 * The SnapshotIndex that buildIndex returns. Its lookups are methods of one class rather
 * than closures made per index: the checks' calls meet the same functions in every
 * evaluation, so their optimized code does not change target from one to the next.
 */
export class IndexedSnapshot implements SnapshotIndex {
  readonly cloud: CloudDescriptor | undefined;
  readonly workloads: Workload[];
  readonly containers: ContainerRef[];

  constructor(readonly snapshot: Snapshot, private readonly parts: IndexParts) {
    this.cloud = snapshot.cloud;
    this.workloads = parts.workloads;
    this.containers = parts.containers;
  }

  ofKind(kind: string): KubeObject[] {
    return this.parts.objects.ofKind(kind);
  }

  namespaces(): string[] {
    return this.parts.namespaces;
  }

  namespaceObject(name: string): KubeObject | undefined {
    return this.parts.objects.find('Namespace', undefined, name);
  }

  workloadsInNamespace(namespace: string): Workload[] {
    return this.parts.byNamespace.get(namespace) ?? [];
  }

  networkPoliciesIn(namespace: string): KubeObject[] {
    return this.parts.policiesByNamespace.get(namespace) ?? [];
  }

  workloadsByServiceAccount(namespace: string, name: string): Workload[] {
    return this.parts.byServiceAccount.get(`${namespace}/${name}`) ?? [];
  }

  roleRules(
    roleRef: { kind: string; name: string },
    namespace?: string,
  ): any[] | undefined {
    const role =
      roleRef.kind === 'ClusterRole'
        ? this.find('ClusterRole', undefined, roleRef.name)
        : this.find(roleRef.kind, namespace, roleRef.name);
    if (!role) return undefined;
    return Array.isArray(role.rules) ? (role.rules as any[]) : [];
  }

  canRead(kind: string): boolean {
    const unreadable = this.parts.unreadable;
    // A file that could not be read may have held objects of any kind.
    if (unreadable.has(UNREADABLE_FILE_KIND)) return false;
    const lower = kind.toLowerCase();
    // A 403 may be recorded by kind (`ClusterRole`) or by resource (`clusterroles`).
    return !unreadable.has(lower) && !unreadable.has(`${lower}s`);
  }

  find(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.parts.objects.find(kind, namespace, name);
  }

  workload(
    kind: string,
    namespace: string,
    name: string,
  ): Workload | undefined {
    return this.parts.workloadByKey.get(kind)?.get(namespace, name);
  }
}

// See keepShape.
keepShape(
  new IndexedSnapshot(
    { cluster: '', objects: [], scope: 'cluster' },
    {
      objects: new ObjectsByKind(new Map()),
      workloads: [],
      containers: [],
      namespaces: [],
      byNamespace: new Map(),
      byServiceAccount: new Map(),
      policiesByNamespace: new Map(),
      workloadByKey: new Map(),
      unreadable: new Set(),
    },
  ),
);
