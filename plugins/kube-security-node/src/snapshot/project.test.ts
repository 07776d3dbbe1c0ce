import { promises as fs } from 'fs';
import path from 'path';
import { evaluate } from '..';
import { readAnnotationExceptions } from '../decisions/annotations';
import { generateSnapshot } from '../../bench/synthetic';
import { parseCloudDescriptor } from './cloud';
import { loadManifests, snapshotFromManifests } from './load';
import { parseManifestText } from './parse';
import { projectObject, projectSnapshot, stubFoldedWorkloads } from './project';
import type { KubeObject, Snapshot } from './types';

const REPO = path.resolve(__dirname, '../../../..');
const EXAMPLES = path.join(REPO, 'examples/clusters');
const CORPUS = path.join(REPO, 'packages/cli/conformance');

/** Everything the engine and the accept annotations give for a snapshot, as one text. */
function outcome(snapshot: Snapshot): string {
  const result = evaluate(snapshot);
  const annotations = readAnnotationExceptions(snapshot, {
    now: new Date('2026-06-01T00:00:00Z'),
    maxDays: 365,
  });
  return JSON.stringify({ result, annotations });
}

function expectSameOutcome(snapshot: Snapshot) {
  const before = JSON.stringify(snapshot.objects);
  const full = outcome(snapshot);
  const projected = projectSnapshot(snapshot);
  expect(outcome(projected)).toBe(full);
  // Projection never changes its input.
  expect(JSON.stringify(snapshot.objects)).toBe(before);
  return projected;
}

async function caseFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await caseFiles(file)));
    else if (
      /^(report|pass)-.*\.(ya?ml|json)$/.test(entry.name) &&
      !/\.(eks|gke|aks)\.json$/.test(entry.name)
    ) {
      out.push(file);
    }
  }
  return out.sort();
}

describe('projectObject', () => {
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'abc',
      resourceVersion: '12',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'web' },
      annotations: { 'kube-security.io/accept': 'x' },
    },
    spec: {
      replicas: 3,
      strategy: { type: 'RollingUpdate' },
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, creationTimestamp: null },
        spec: {
          serviceAccountName: 'web',
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              resources: { limits: { cpu: '1' } },
              env: [
                { name: 'MODE', value: 'prod' },
                {
                  name: 'TOKEN',
                  valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
                },
              ],
              terminationMessagePath: '/dev/termination-log',
              livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } },
            },
            'not a container',
          ],
        },
      },
    },
    status: { replicas: 3 },
  };

  it('keeps the fields the checks read and drops the rest', () => {
    expect(projectObject(deployment)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: { app: 'web' },
        annotations: { 'kube-security.io/accept': 'x' },
      },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            serviceAccountName: 'web',
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                env: [
                  { name: 'MODE', value: 'prod' },
                  {
                    name: 'TOKEN',
                    valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
                  },
                ],
                livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } },
              },
              'not a container',
            ],
          },
        },
      },
    });
  });

  it('keeps only the addresses of a node status, and unknown kinds whole', () => {
    const node: KubeObject = {
      kind: 'Node',
      metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'a' } },
      spec: { providerID: 'aws:///a/i-1' },
      status: {
        addresses: [{ type: 'ExternalIP', address: '1.2.3.4' }],
        nodeInfo: { kubeletVersion: 'v1.31.0' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
    expect(projectObject(node).status).toEqual({
      addresses: [{ type: 'ExternalIP', address: '1.2.3.4' }],
    });
    const constraint: KubeObject = {
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: 'K8sPSPPrivilegedContainer',
      metadata: { name: 'p', uid: 'u' },
      spec: { enforcementAction: 'deny' },
      status: { totalViolations: 2 },
    };
    expect(projectObject(constraint)).toBe(constraint);
  });

  it('drops the status of the other kinds the engine knows', () => {
    const service: KubeObject = {
      kind: 'Service',
      metadata: { name: 's', namespace: 'a', uid: 'u' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' } },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    };
    expect(projectObject(service)).toEqual({
      kind: 'Service',
      metadata: { name: 's', namespace: 'a' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' } },
    });
  });
});

describe('stubFoldedWorkloads', () => {
  const owned = (kind: string, name: string, owner?: [string, string]) =>
    ({
      kind,
      metadata: {
        name,
        namespace: 'shop',
        labels: { app: name },
        annotations: {
          'prometheus.io/scrape': 'true',
          'kube-security.io/accept.run-as-root': 'x',
        },
        ...(owner
          ? {
              ownerReferences: [
                { kind: owner[0], name: owner[1], controller: true },
              ],
            }
          : {}),
      },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    } as KubeObject);

  it('reduces objects whose controller is present to metadata stubs', () => {
    const objects = [
      owned('Pod', 'web-1', ['ReplicaSet', 'web-abc']),
      owned('Pod', 'orphan-1', ['ReplicaSet', 'gone']),
      owned('Pod', 'bare'),
      owned('ReplicaSet', 'web-abc', ['Deployment', 'web']),
      owned('Deployment', 'web'),
      owned('DaemonSet', 'agent', ['Deployment', 'web']),
      owned('Pod', 'kube-apiserver-x', ['ReplicaSet', 'web-abc']),
    ];
    objects[6].metadata.namespace = 'kube-system';
    objects[6].metadata.ownerReferences![0].name = 'sys';
    objects.push(owned('ReplicaSet', 'sys'));
    objects[7].metadata.namespace = 'kube-system';

    expect(stubFoldedWorkloads(objects)).toBe(2);
    expect(objects[0]).toEqual({
      kind: 'Pod',
      metadata: {
        name: 'web-1',
        namespace: 'shop',
        labels: { app: 'web-1' },
        annotations: { 'kube-security.io/accept.run-as-root': 'x' },
        ownerReferences: [
          { kind: 'ReplicaSet', name: 'web-abc', controller: true },
        ],
      },
    });
    expect(objects[3].spec).toBeUndefined();
    // Not folded (controller absent, or none), a DaemonSet, or the API server: kept.
    for (const i of [1, 2, 4, 5, 6]) expect(objects[i].spec).toBeDefined();
  });
});

describe('the projected snapshot gives the same result as the full one', () => {
  it.each([
    [3000, 42],
    [1000, 7],
  ])(
    'on the benchmark synthetic cluster (%i pods, seed %i)',
    (pods, seed) => {
      const snapshot = generateSnapshot({ pods, seed });
      const projected = expectSameOutcome(snapshot);
      // The cluster does exercise the projection: most pods become stubs.
      const stubs = projected.objects.filter(
        o => o.kind === 'Pod' && o.spec === undefined,
      ).length;
      expect(stubs).toBeGreaterThan(pods * 0.9);
      expect(projected.objects.some(o => o.kind === 'Pod' && o.status)).toBe(
        false,
      );
    },
    60_000,
  );

  it('on the example clusters, as clusters and as manifests', async () => {
    const clusters = (await fs.readdir(EXAMPLES, { withFileTypes: true }))
      .filter(e => e.isDirectory())
      .map(e => e.name);
    expect(clusters.length).toBeGreaterThanOrEqual(3);
    for (const name of clusters) {
      const dir = path.join(EXAMPLES, name);
      const files = (await fs.readdir(dir))
        .filter(f => /\.(ya?ml)$/.test(f))
        .map(f => path.join(dir, f));
      const loaded = await loadManifests(files);
      expect(loaded.errors).toEqual([]);
      const cloud = parseCloudDescriptor(
        await fs.readFile(path.join(dir, 'cloud.json'), 'utf8'),
        'cloud.json',
      ).descriptor;
      for (const scope of ['cluster', 'manifests'] as const) {
        expectSameOutcome(
          snapshotFromManifests(loaded, { cluster: name, cloud, scope }),
        );
      }
    }
  }, 60_000);

  it('on every case file of the conformance corpus', async () => {
    const files = await caseFiles(CORPUS);
    expect(files.length).toBeGreaterThan(500);
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8');
      const scope = /^#\s*scope:\s*cluster\s*$/m.test(text.split('\n', 1)[0])
        ? 'cluster'
        : 'manifests';
      const parsed = parseManifestText(text, file);
      const snapshot = snapshotFromManifests(parsed, { scope });
      try {
        expectSameOutcome(snapshot);
      } catch (e) {
        throw new Error(
          `${path.relative(REPO, file)}: ${(e as Error).message}`,
        );
      }
    }
  }, 120_000);
});
