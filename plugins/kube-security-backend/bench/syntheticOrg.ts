import type { Entity } from '@backstage/catalog-model';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import {
  CollectorCluster,
  CollectorContribution,
  KubeObject,
  KubeSecurityCollector,
  Snapshot,
  evaluate,
  resolveEngineOptions,
} from '@kube-security/plugin-kube-security-node';
import { SnapshotDirectoryCollector } from '../src/collectors/SnapshotDirectoryCollector';
import { EXAMPLE_SNAPSHOTS } from '../src/__testUtils__/exampleCatalog';

/**
 * A large organisation for the overview benchmark: a group tree of `teams` teams, `entities`
 * Components owned by them, one Resource per cluster, and clusters whose objects are the
 * repository's example clusters (EKS, GKE, AKS) with their application namespaces
 * replicated until the real engine reports the wanted number of findings. Each replicated
 * workload carries the `backstage.io/kubernetes-id` of one of the Components, so the
 * service's real catalog mapping assigns the findings.
 */

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const WORDS = [
  'Payments',
  'Checkout',
  'Search',
  'Catalog',
  'Ledger',
  'Identity',
  'Billing',
  'Orders',
  'Shipping',
  'Pricing',
  'Reviews',
  'Media',
  'Profile',
  'Notify',
  'Fraud',
  'Reports',
  'Data',
  'Platform',
  'Mobile',
  'Web',
];

const groupRef = (name: string) => `group:default/${name}`;

export interface Org {
  entities: Entity[];
  teamNames: string[];
  componentCount: number;
  clusters: Array<{ name: string; provider: Provider }>;
}

export function generateOrg(options: {
  teams: number;
  entities: number;
  clusters: number;
}): Org {
  // A four-level tree: the organisation, departments, areas, teams (1 + d + d² + rest).
  const departments = Math.max(1, Math.round(Math.cbrt(options.teams)));
  const areas = departments * departments;
  const leaves = options.teams - 1 - departments - areas;
  if (leaves < 1) throw new Error('--teams is too small for a four-level tree');

  const groups: Array<{
    name: string;
    title: string;
    parent?: string;
    children: string[];
  }> = [];
  groups.push({ name: 'org', title: 'The organisation', children: [] });
  const deptNames: string[] = [];
  for (let d = 0; d < departments; d++) {
    const name = `dept-${String(d + 1).padStart(2, '0')}`;
    deptNames.push(name);
    groups.push({
      name,
      title: `${WORDS[d % WORDS.length]} department`,
      parent: 'org',
      children: [],
    });
  }
  const areaNames: string[] = [];
  for (let a = 0; a < areas; a++) {
    const name = `area-${String(a + 1).padStart(3, '0')}`;
    areaNames.push(name);
    groups.push({
      name,
      title: `${WORDS[(a * 7) % WORDS.length]} ${
        WORDS[(a * 3 + 1) % WORDS.length]
      } area`,
      parent: deptNames[a % departments],
      children: [],
    });
  }
  const leafNames: string[] = [];
  for (let t = 0; t < leaves; t++) {
    const name = `team-${String(t + 1).padStart(4, '0')}`;
    leafNames.push(name);
    groups.push({
      name,
      title: `${WORDS[t % WORDS.length]} ${
        WORDS[(t * 11 + 5) % WORDS.length]
      } ${t + 1}`,
      parent: areaNames[t % areas],
      children: [],
    });
  }
  const byName = new Map(groups.map(g => [g.name, g]));
  for (const g of groups)
    if (g.parent) byName.get(g.parent)!.children.push(g.name);

  const entities: Entity[] = groups.map(g => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: g.name, namespace: 'default', title: g.title },
    spec: {
      type: 'team',
      children: g.children,
      ...(g.parent && { parent: g.parent }),
    },
    relations: [
      ...(g.parent ? [{ type: 'childOf', targetRef: groupRef(g.parent) }] : []),
      ...g.children.map(c => ({ type: 'parentOf', targetRef: groupRef(c) })),
    ],
  }));

  for (let i = 0; i < options.entities; i++) {
    // Most services belong to a team; one in 25 to an area directly.
    const owner = i % 25 === 24 ? areaNames[i % areas] : leafNames[i % leaves];
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        namespace: 'default',
        title: `${WORDS[i % WORDS.length]} service ${i}`,
        annotations: { [KUBERNETES_ID]: `svc-${i}` },
      },
      spec: { type: 'service', lifecycle: 'production', owner },
      relations: [{ type: 'ownedBy', targetRef: groupRef(owner) }],
    });
  }

  const providers: Provider[] = ['eks', 'gke', 'aks'];
  const clusters = Array.from({ length: options.clusters }, (_, c) => {
    const provider = providers[c % providers.length];
    return {
      name: `${provider}-bench-${String(c + 1).padStart(2, '0')}`,
      provider,
    };
  });
  for (const cluster of clusters) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: cluster.name,
        namespace: 'default',
        annotations: { 'kube-security.io/cluster': cluster.name },
      },
      spec: { type: 'kubernetes-cluster', owner: deptNames[0] },
      relations: [{ type: 'ownedBy', targetRef: groupRef(deptNames[0]) }],
    });
  }
  return {
    entities,
    teamNames: groups.map(g => g.name),
    componentCount: options.entities,
    clusters,
  };
}

interface Template {
  /** Cluster-wide objects and the platform's own namespaces: copied once per cluster. */
  fixed: KubeObject[];
  /** Objects of the application namespaces: copied once per replica. */
  replicated: KubeObject[];
  /** The kubernetes-ids the replicated objects use, in a stable order. */
  ids: string[];
  cloud: CollectorContribution['cloud'];
}

/**
 * Gives a replica its own identity, in place: kubernetes-id label values, the namespace
 * name label, and uids (owner references point at uids, which must stay unique).
 */
function relabel(
  value: unknown,
  replica: {
    ids: Map<string, string>;
    oldNs: string;
    newNs: string;
    suffix: string;
  },
): void {
  if (Array.isArray(value)) {
    for (const v of value) relabel(v, replica);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(record)) {
    if (key === KUBERNETES_ID && typeof v === 'string' && replica.ids.has(v)) {
      record[key] = replica.ids.get(v);
    } else if (key === NAMESPACE_NAME_LABEL && v === replica.oldNs) {
      record[key] = replica.newNs;
    } else if (key === 'uid' && typeof v === 'string') {
      record[key] = `${v}-${replica.suffix}`;
    } else {
      relabel(v, replica);
    }
  }
}

function collectIds(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectIds(v, out);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === KUBERNETES_ID && typeof v === 'string') out.add(v);
      else collectIds(v, out);
    }
  }
}

/**
 * Serves clusters built from the example snapshots. Objects are built when a cluster is
 * collected, so only one cluster's objects are in memory at a time, as with a live API.
 */
export class SyntheticClusterCollector implements KubeSecurityCollector {
  readonly id = 'synthetic';
  private readonly templates = new Map<Provider, Template>();
  private readonly replicas = new Map<string, number>();

  constructor(
    private readonly org: Org,
    private readonly findingsPerCluster: number,
  ) {}

  /** Reads the example clusters and sizes each synthetic cluster with the real engine. */
  async init(): Promise<void> {
    const system = new Set(resolveEngineOptions({}).systemNamespaces);
    const platformNamespace = (ns: string | undefined) =>
      !ns || system.has(ns) || ns === 'default';
    for (const example of EXAMPLE_SNAPSHOTS) {
      const contribution = await new SnapshotDirectoryCollector([
        example as any,
      ]).collect(example.name);
      const objects = contribution.objects ?? [];
      const replicated = objects.filter(o =>
        o.kind === 'Namespace'
          ? !platformNamespace(o.metadata.name)
          : !platformNamespace(o.metadata.namespace),
      );
      const fixed = objects.filter(o => !replicated.includes(o));
      const ids = new Set<string>();
      collectIds(replicated, ids);
      this.templates.set(example.provider as Provider, {
        fixed,
        replicated,
        ids: [...ids].sort(),
        cloud: contribution.cloud,
      });
    }
    for (const [index, cluster] of this.org.clusters.entries()) {
      // The engine's count grows linearly with the replicas: measure it at 1 and 3.
      const count = (replicas: number) =>
        evaluate(
          this.snapshot(cluster.name, cluster.provider, index, replicas),
          {},
        ).findings.length;
      const one = count(1);
      const perReplica = (count(3) - one) / 2;
      this.replicas.set(
        cluster.name,
        Math.max(
          1,
          Math.round(
            (this.findingsPerCluster - (one - perReplica)) / perReplica,
          ),
        ),
      );
    }
  }

  replicasOf(cluster: string) {
    return this.replicas.get(cluster) ?? 0;
  }

  async listClusters(): Promise<CollectorCluster[]> {
    return this.org.clusters.map(c => ({ name: c.name, provider: c.provider }));
  }

  async collect(cluster: string): Promise<CollectorContribution> {
    const index = this.org.clusters.findIndex(c => c.name === cluster);
    if (index < 0) throw new Error(`no synthetic cluster ${cluster}`);
    const { provider } = this.org.clusters[index];
    const snapshot = this.snapshot(
      cluster,
      provider,
      index,
      this.replicas.get(cluster)!,
    );
    return {
      objects: snapshot.objects,
      cloud: snapshot.cloud,
      scope: 'cluster',
    };
  }

  private snapshot(
    cluster: string,
    provider: Provider,
    index: number,
    replicas: number,
  ): Snapshot {
    const template = this.templates.get(provider)!;
    const objects: KubeObject[] = template.fixed.map(o => structuredClone(o));
    const m = template.ids.length;
    for (let k = 0; k < replicas; k++) {
      // Each replica's services belong to the next Components, offset per cluster, so a
      // Component runs in several clusters and namespaces.
      const ids = new Map(
        template.ids.map((id, j) => [
          id,
          `svc-${(index * 7919 + k * m + j) % this.org.componentCount}`,
        ]),
      );
      for (const original of template.replicated) {
        const o = structuredClone(original);
        const oldNs =
          o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace!;
        const newNs = `${oldNs}-${k}`;
        if (o.kind === 'Namespace') o.metadata.name = newNs;
        else o.metadata.namespace = newNs;
        for (const subject of (
          o as { subjects?: Array<{ namespace?: string }> }
        ).subjects ?? []) {
          if (subject.namespace === oldNs) subject.namespace = newNs;
        }
        relabel(o, { ids, oldNs, newNs, suffix: String(k) });
        objects.push(o);
      }
    }
    return {
      cluster,
      provider,
      objects,
      cloud: template.cloud,
      scope: 'cluster',
    };
  }
}
