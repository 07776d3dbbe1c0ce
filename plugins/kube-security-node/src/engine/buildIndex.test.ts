import { parseManifestText } from '../snapshot/parse';
import type { Snapshot } from '../snapshot/types';
import { buildIndex } from './buildIndex';
import { dataStoreOfImage } from './datastore';
import { WorkloadLabelIndex } from './exposure';
import type { Workload } from './SnapshotIndex';

function index(text: string, extra: Partial<Snapshot> = {}) {
  const { objects, errors } = parseManifestText(text);
  expect(errors).toEqual([]);
  return buildIndex({ cluster: 'c', scope: 'cluster', objects, ...extra });
}

const deployment = (
  name: string,
  ns: string,
  labels: string,
  containers = '',
) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns}, labels: { team: t } }
spec:
  template:
    metadata: { labels: ${labels} }
    spec:
      serviceAccountName: ${name}-sa
      containers:
        - { name: main, image: registry.example.com/${name}:1 }
${containers}
---`;

describe('buildIndex', () => {
  it('folds pods and ReplicaSets into the controllers present in the snapshot', () => {
    const idx = index(`${deployment('web', 'shop', '{ app: web }')}
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d9c
  namespace: shop
  ownerReferences: [{ kind: Deployment, name: web, controller: true }]
spec: { template: { spec: { containers: [{ name: main }] } } }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d9c-abcde
  namespace: shop
  ownerReferences: [{ kind: ReplicaSet, name: web-5d9c, controller: true }]
spec: { containers: [{ name: main }] }
---
apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-123
  namespace: shop
  ownerReferences: [{ kind: CronJob, name: nightly, controller: true }]
spec: { template: { spec: { containers: [{ name: job }] } } }
---
apiVersion: v1
kind: Pod
metadata:
  name: orphan-rs-pod
  namespace: shop
  ownerReferences: [{ kind: ReplicaSet, name: gone, controller: true }]
spec: { containers: [{ name: main }] }
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-node1
  namespace: kube-system
  ownerReferences: [{ kind: Node, name: node1, controller: true }]
spec: { containers: [{ name: apiserver }] }
---
apiVersion: v1
kind: Pod
metadata: { name: bare, namespace: shop }
spec: { containers: [{ name: main }] }
`);
    expect(
      idx.workloads.map(w => `${w.kind}/${w.namespace}/${w.name}`),
    ).toEqual([
      'Deployment/shop/web',
      // Its CronJob is not in the snapshot: the Job is judged itself.
      'Job/shop/nightly-123',
      // Owners outside the snapshot (or not workloads) leave the pod to be judged.
      'Pod/shop/orphan-rs-pod',
      'Pod/kube-system/kube-apiserver-node1',
      'Pod/shop/bare',
    ]);
    const web = idx.workload('Deployment', 'shop', 'web')!;
    expect(web.podSpecPath).toBe('spec.template.spec');
    expect(web.labels).toEqual({ app: 'web', team: 't' });
    expect(web.serviceAccountName).toBe('web-sa');
    expect(idx.workloadsByServiceAccount('shop', 'web-sa')).toEqual([web]);
    expect(
      idx.workloadsByServiceAccount('shop', 'default').map(w => w.name),
    ).toEqual(['nightly-123', 'orphan-rs-pod', 'bare']);
    expect(idx.namespaces()).toEqual(['kube-system', 'shop']);
  });

  it("judges an Argo Rollout's own pod template, folds its ReplicaSets, and leaves one that names a Deployment to that Deployment", () => {
    const idx = index(`
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: checkout, namespace: shop }
spec:
  selector: { matchLabels: { app: checkout } }
  template:
    metadata: { labels: { app: checkout } }
    spec:
      serviceAccountName: checkout
      containers: [{ name: main, image: registry.example.com/checkout:3 }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: checkout-6b8f
  namespace: shop
  ownerReferences: [{ kind: Rollout, name: checkout, controller: true }]
spec: { template: { spec: { containers: [{ name: main }] } } }
---
apiVersion: v1
kind: Pod
metadata:
  name: checkout-6b8f-xyz12
  namespace: shop
  ownerReferences: [{ kind: ReplicaSet, name: checkout-6b8f, controller: true }]
spec: { containers: [{ name: main }] }
---
${deployment('search', 'shop', '{ app: search }')}
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: search, namespace: shop }
spec:
  workloadRef: { apiVersion: apps/v1, kind: Deployment, name: search }
`);
    expect(
      idx.workloads.map(w => `${w.kind}/${w.namespace}/${w.name}`),
    ).toEqual(['Deployment/shop/search', 'Rollout/shop/checkout']);
    const checkout = idx.workload('Rollout', 'shop', 'checkout')!;
    expect(checkout.podSpecPath).toBe('spec.template.spec');
    expect(checkout.podLabels).toEqual({ app: 'checkout' });
    expect(checkout.serviceAccountName).toBe('checkout');
    expect(idx.containers.map(c => `${c.workload.name} ${c.path}`)).toEqual([
      'search spec.template.spec.containers[0]',
      'checkout spec.template.spec.containers[0]',
    ]);
  });

  it('lists init, regular and ephemeral containers with their evidence paths', () => {
    const idx = index(`
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: ops }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers: [{ name: init }]
          containers: [{ name: a }, { name: b }]
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: ops }
spec:
  containers: [{ name: main }]
  ephemeralContainers: [{ name: debugger }]
`);
    expect(idx.containers.map(c => [c.container.name, c.path, c.init])).toEqual(
      [
        ['init', 'spec.jobTemplate.spec.template.spec.initContainers[0]', true],
        ['a', 'spec.jobTemplate.spec.template.spec.containers[0]', false],
        ['b', 'spec.jobTemplate.spec.template.spec.containers[1]', false],
        ['main', 'spec.containers[0]', false],
        ['debugger', 'spec.ephemeralContainers[0]', false],
      ],
    );
  });

  it('marks workloads exposed through LoadBalancer, NodePort, Ingress and HTTPRoute', () => {
    const idx = index(`${deployment('lb', 'a', '{ app: lb }')}
${deployment('np', 'a', '{ app: np }')}
${deployment('ing', 'a', '{ app: ing, tier: web }')}
${deployment('route', 'b', '{ app: route }')}
${deployment('internal-lb', 'a', '{ app: internal }')}
${deployment('private', 'a', '{ app: private }')}
${deployment('other-ns', 'b', '{ app: lb }')}
apiVersion: v1
kind: Service
metadata: { name: lb, namespace: a }
spec: { type: LoadBalancer, selector: { app: lb } }
---
apiVersion: v1
kind: Service
metadata: { name: np, namespace: a }
spec: { type: NodePort, selector: { app: np } }
---
apiVersion: v1
kind: Service
metadata: { name: ing, namespace: a }
spec: { selector: { app: ing, tier: web } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: a }
spec:
  rules:
    - http:
        paths:
          - backend: { service: { name: ing, port: { number: 80 } } }
---
apiVersion: v1
kind: Service
metadata: { name: route-svc, namespace: b }
spec: { selector: { app: route } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: b }
spec:
  parentRefs: [{ name: public-gw, namespace: infra }]
  rules:
    - backendRefs: [{ name: route-svc, port: 80 }]
---
apiVersion: v1
kind: Service
metadata:
  name: internal
  namespace: a
  annotations: { networking.gke.io/load-balancer-type: Internal }
spec: { type: LoadBalancer, selector: { app: internal } }
---
apiVersion: v1
kind: Service
metadata: { name: private, namespace: a }
spec: { selector: { app: private } }
`);
    const exposed = (ns: string, name: string) => {
      const w = idx.workload('Deployment', ns, name)!;
      return [w.exposure.internet, w.exposedThrough ?? [], w.services];
    };
    expect(exposed('a', 'lb')).toEqual([
      true,
      ["Service 'lb' (LoadBalancer)"],
      ['lb'],
    ]);
    expect(exposed('a', 'np')).toEqual([
      true,
      ["Service 'np' (NodePort)"],
      ['np'],
    ]);
    expect(exposed('a', 'ing')).toEqual([true, ["Ingress 'web'"], ['ing']]);
    expect(exposed('b', 'route')).toEqual([
      true,
      ["HTTPRoute 'r'"],
      ['route-svc'],
    ]);
    expect(exposed('a', 'internal-lb')).toEqual([false, [], ['internal']]);
    expect(exposed('a', 'private')).toEqual([false, [], ['private']]);
    // Services only select pods of their own namespace.
    expect(exposed('b', 'other-ns')).toEqual([false, [], []]);
  });

  it('detects data stores by image and by port, not their tooling', () => {
    const idx = index(`${deployment('pg', 'd', '{ app: pg }')}
${deployment(
  'cache',
  'd',
  '{ app: cache }',
  '        - { name: side, image: registry.example.com/any:1, ports: [{ containerPort: 6379 }] }',
)}
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: d }
spec:
  template:
    spec:
      initContainers: [{ name: wait, image: postgres:16 }]
      containers: [{ name: db, image: docker.io/bitnami/postgresql:16.2.0 }]
`);
    expect(idx.workload('Deployment', 'd', 'pg')!.exposure.dataStore).toBe(
      false,
    );
    const cache = idx.workload('Deployment', 'd', 'cache')!;
    expect([cache.exposure.dataStore, cache.dataStoreKind]).toEqual([
      true,
      'Redis',
    ]);
    const db = idx.workload('StatefulSet', 'd', 'db')!;
    expect([db.exposure.dataStore, db.dataStoreKind]).toEqual([
      true,
      'PostgreSQL',
    ]);

    expect(dataStoreOfImage('mongo:7@sha256:abc')).toBe('MongoDB');
    expect(dataStoreOfImage('confluentinc/cp-kafka:7.6.0')).toBe('Kafka');
    expect(dataStoreOfImage('oliver006/redis_exporter:v1.6')).toBeUndefined();
    expect(dataStoreOfImage('provectuslabs/kafka-ui:latest')).toBeUndefined();
    expect(dataStoreOfImage('registry.example.com/shop/web:1')).toBeUndefined();
  });

  it('resolves role rules and readable kinds', () => {
    const idx = index(
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
rules: [{ apiGroups: [''], resources: [pods], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: local, namespace: team }
rules: [{ apiGroups: [''], resources: [configmaps], verbs: [list] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: team }
spec: { podSelector: {} }
`,
      { unreadableKinds: ['secrets', 'ClusterRoleBinding'] },
    );
    expect(idx.roleRules({ kind: 'ClusterRole', name: 'reader' })).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]);
    expect(
      idx.roleRules({ kind: 'Role', name: 'local' }, 'team')?.[0].verbs,
    ).toEqual(['list']);
    expect(
      idx.roleRules({ kind: 'Role', name: 'local' }, 'other'),
    ).toBeUndefined();
    expect(idx.networkPoliciesIn('team').map(p => p.metadata.name)).toEqual([
      'deny',
    ]);
    expect(idx.networkPoliciesIn('other')).toEqual([]);
    expect(idx.canRead('Secret')).toBe(false);
    expect(idx.canRead('clusterrolebinding')).toBe(false);
    expect(idx.canRead('ClusterRole')).toBe(true);
  });

  it('matches Service selectors through the rarest label, without scanning every workload', () => {
    // 2,000 workloads share one label and each has its own: a Service selecting both must
    // look at the one candidate of its rarest pair, not at all 2,000.
    let labelReads = 0;
    const workloads = Array.from({ length: 2000 }, (_, i) => {
      const labels = new Proxy(
        { tier: 'web', id: String(i) } as Record<string, string>,
        {
          get(target, key) {
            labelReads++;
            return target[key as string];
          },
        },
      );
      return {
        namespace: 'n',
        name: `p${i}`,
        podLabels: labels,
      } as unknown as Workload;
    });
    const labelIndex = new WorkloadLabelIndex(workloads);
    labelReads = 0;
    for (let i = 0; i < 2000; i++) {
      const selected = labelIndex.selected('n', { tier: 'web', id: String(i) });
      expect(selected).toEqual([workloads[i]]);
    }
    // Two label reads (tier and id) for the single candidate of each Service.
    expect(labelReads).toBe(4000);
    expect(labelIndex.selected('other', { tier: 'web' })).toEqual([]);
    expect(labelIndex.selected('n', {})).toEqual([]);
  });
});
