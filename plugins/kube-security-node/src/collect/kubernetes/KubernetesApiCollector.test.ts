import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeKubernetesApiServer } from '../testing';
import { KubernetesApiCollector } from './KubernetesApiCollector';
import { KubernetesCollectError } from './errors';
import { COLLECTED_KINDS } from './kinds';
import { clientNode } from './clientNode';
import type { KubernetesApiCollectorOptions } from './KubernetesApiCollector';

const TOKEN = 'sa-token-7f3c9d1e2b4a';

function obj(kind: string, name: string, namespace?: string, extra = {}) {
  return {
    apiVersion: 'ignored/v0',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    ...extra,
  };
}

/** One object of every collected kind, plus Secrets and several pages of Pods. */
function seedObjects() {
  return [
    obj('Namespace', 'shop'),
    obj('Namespace', 'payments'),
    ...Array.from({ length: 7 }, (_, i) =>
      obj('Pod', `web-${i}`, 'shop', {
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      }),
    ),
    obj('Deployment', 'web', 'shop', {
      metadata: {
        name: 'web',
        namespace: 'shop',
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}',
          team: 'shop',
        },
      },
      spec: { template: { spec: { containers: [{ name: 'web' }] } } },
    }),
    obj('StatefulSet', 'db', 'payments'),
    obj('DaemonSet', 'agent', 'kube-system'),
    obj('ReplicaSet', 'web-abc', 'shop'),
    obj('Job', 'migrate', 'payments'),
    obj('CronJob', 'report', 'payments'),
    obj('ReplicationController', 'legacy', 'shop'),
    obj('Service', 'web', 'shop', { spec: { type: 'LoadBalancer' } }),
    obj('Ingress', 'web', 'shop'),
    obj('NetworkPolicy', 'deny-all', 'payments'),
    obj('ServiceAccount', 'default', 'shop'),
    obj('Role', 'reader', 'shop'),
    obj('RoleBinding', 'reader', 'shop'),
    obj('ClusterRole', 'admin'),
    obj('ClusterRole', 'view'),
    obj('ClusterRoleBinding', 'admins'),
    obj('Node', 'node-1', undefined, {
      status: {
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
        images: [{ names: ['nginx:1.27'], sizeBytes: 1 }],
      },
    }),
    obj('ValidatingWebhookConfiguration', 'gatekeeper'),
    obj('MutatingWebhookConfiguration', 'istio'),
    obj(
      'CustomResourceDefinition',
      'constrainttemplates.templates.gatekeeper.sh',
      undefined,
      {
        spec: {
          group: 'templates.gatekeeper.sh',
          names: { kind: 'ConstraintTemplate', plural: 'constrainttemplates' },
          scope: 'Cluster',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  description: 'x'.repeat(5000),
                },
              },
            },
          ],
        },
        status: { acceptedNames: {} },
      },
    ),
    obj('Secret', 'db-password', 'payments', {
      data: { password: 'aHVudGVyMg==' },
    }),
    obj('Secret', 'tls', 'shop', { data: { 'tls.key': 'a2V5' } }),
  ];
}

// client-node takes seconds to load under jest; load it once, outside the tests' budgets.
beforeAll(() => {
  clientNode();
}, 60_000);

describe('KubernetesApiCollector', () => {
  let server: FakeKubernetesApiServer;

  beforeEach(async () => {
    server = await FakeKubernetesApiServer.start({
      token: TOKEN,
      objects: seedObjects(),
    });
  });

  afterEach(async () => {
    await server.stop();
  });

  function collector(options: KubernetesApiCollectorOptions = {}) {
    return new KubernetesApiCollector(
      [
        {
          name: 'prod-eu',
          provider: 'eks',
          frequency: 'PT1H',
          url: server.url,
          serviceAccountToken: `${TOKEN}\n`,
          skipTLSVerify: true,
        },
      ],
      {
        pageSize: 3,
        requestTimeoutMs: 2000,
        scanTimeoutMs: 10_000,
        retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
        ...options,
      },
    );
  }

  async function collectError(
    promise: Promise<unknown>,
  ): Promise<KubernetesCollectError> {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(KubernetesCollectError);
    return error as KubernetesCollectError;
  }

  it('announces its clusters without credentials', async () => {
    const c = collector();
    expect(c.id).toBe('kubernetes');
    await expect(c.listClusters()).resolves.toEqual([
      { name: 'prod-eu', provider: 'eks', frequency: 'PT1H' },
    ]);
    expect(JSON.stringify(c)).not.toContain(TOKEN);
  });

  it('lists every kind cluster-wide, over several pages, with kinds set', async () => {
    const result = await collector().collect('prod-eu');

    expect(result.scope).toBe('cluster');
    expect(result.unreadable).toEqual([]);
    const pods = result.objects.filter(o => o.kind === 'Pod');
    expect(pods.map(p => p.metadata.name)).toEqual(
      Array.from({ length: 7 }, (_, i) => `web-${i}`),
    );
    expect(pods.every(p => p.apiVersion === 'v1')).toBe(true);
    // 7 pods at 3 a page: 3 requests, the later ones with the token of the previous page.
    const podRequests = server.requestsTo('/api/v1/pods');
    expect(podRequests.map(r => r.page)).toEqual([1, 2, 3]);
    expect(podRequests.every(r => r.query.limit === '3')).toBe(true);
    expect(podRequests[0].query.continue).toBeUndefined();
    expect(podRequests[1].query.continue).toEqual(expect.any(String));

    const kinds = new Set(result.objects.map(o => `${o.apiVersion} ${o.kind}`));
    expect([...kinds].sort()).toEqual(
      [
        'v1 Namespace',
        'v1 Pod',
        'apps/v1 Deployment',
        'apps/v1 StatefulSet',
        'apps/v1 DaemonSet',
        'apps/v1 ReplicaSet',
        'batch/v1 Job',
        'batch/v1 CronJob',
        'v1 ReplicationController',
        'v1 Service',
        'networking.k8s.io/v1 Ingress',
        'networking.k8s.io/v1 NetworkPolicy',
        'v1 ServiceAccount',
        'rbac.authorization.k8s.io/v1 Role',
        'rbac.authorization.k8s.io/v1 RoleBinding',
        'rbac.authorization.k8s.io/v1 ClusterRole',
        'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
        'v1 Node',
        'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
        'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
        'apiextensions.k8s.io/v1 CustomResourceDefinition',
      ].sort(),
    );
    // Every kind but the optional policy kinds, of which this cluster has no objects.
    expect(kinds.size).toBe(COLLECTED_KINDS.filter(k => !k.optional).length);
    // 2 namespaces + 7 pods + 1 of each of the 19 other kinds + a second ClusterRole.
    expect(result.objects).toHaveLength(2 + 7 + 19 + 1);
    // 21 kinds with objects, 2 served but empty (ValidatingAdmissionPolicy and its
    // bindings); Kyverno's kinds are not served and count as none, not as unreadable.
    expect(result.notes[0]).toMatch(/^Read 29 objects of 23 kinds from http/);
  });

  it('reads Argo Rollouts where the add-on serves them, with their pod templates', async () => {
    await server.stop();
    server = await FakeKubernetesApiServer.start({
      token: TOKEN,
      objects: [
        ...seedObjects(),
        obj('Rollout', 'checkout', 'shop', {
          spec: {
            strategy: { canary: { steps: [{ setWeight: 20 }] } },
            selector: { matchLabels: { app: 'checkout' } },
            template: {
              metadata: { labels: { app: 'checkout' } },
              spec: {
                containers: [
                  {
                    name: 'checkout',
                    image: 'registry.example.com/checkout:5',
                    securityContext: { privileged: true },
                  },
                ],
              },
            },
          },
        }),
      ],
      resources: [
        {
          kind: 'Rollout',
          group: 'argoproj.io',
          version: 'v1alpha1',
          plural: 'rollouts',
          namespaced: true,
        },
      ],
    });
    const result = await collector().collect('prod-eu');

    expect(result.unreadable).toEqual([]);
    const rollouts = result.objects.filter(o => o.kind === 'Rollout');
    expect(rollouts).toHaveLength(1);
    expect(rollouts[0].apiVersion).toBe('argoproj.io/v1alpha1');
    // Projected like a Deployment: the selector and the pod template stay, the strategy goes.
    expect((rollouts[0] as any).spec).toEqual({
      selector: { matchLabels: { app: 'checkout' } },
      template: {
        metadata: { labels: { app: 'checkout' } },
        spec: {
          containers: [
            {
              name: 'checkout',
              image: 'registry.example.com/checkout:5',
              securityContext: { privileged: true },
            },
          ],
        },
      },
    });
    expect(
      server.requestsTo('/apis/argoproj.io/v1alpha1/rollouts'),
    ).toHaveLength(1);
  });

  it('reads admission policies: ValidatingAdmissionPolicies, Kyverno policies and the Gatekeeper constraints its CRDs announce', async () => {
    await server.stop();
    const constraintCrd = (kind: string, plural: string) =>
      obj(
        'CustomResourceDefinition',
        `${plural}.constraints.gatekeeper.sh`,
        undefined,
        {
          spec: {
            group: 'constraints.gatekeeper.sh',
            names: { kind, plural },
            scope: 'Cluster',
            versions: [
              { name: 'v1alpha1', served: true, storage: false },
              { name: 'v1beta1', served: true, storage: true },
            ],
          },
        },
      );
    server = await FakeKubernetesApiServer.start({
      token: TOKEN,
      objects: [
        ...seedObjects(),
        constraintCrd('K8sPSPPrivilegedContainer', 'k8spspprivilegedcontainer'),
        obj('K8sPSPPrivilegedContainer', 'psp-privileged', undefined, {
          spec: { enforcementAction: 'deny' },
        }),
        obj('ClusterPolicy', 'disallow-host-path', undefined, {
          spec: { validationFailureAction: 'Enforce', rules: [] },
        }),
        obj('Policy', 'require-non-root', 'shop', { spec: { rules: [] } }),
        obj('ValidatingAdmissionPolicy', 'no-privileged', undefined, {
          spec: { validations: [{ expression: 'true' }] },
        }),
        obj('ValidatingAdmissionPolicyBinding', 'no-privileged', undefined, {
          spec: { policyName: 'no-privileged', validationActions: ['Deny'] },
        }),
      ],
      resources: [
        {
          kind: 'ClusterPolicy',
          group: 'kyverno.io',
          version: 'v1',
          plural: 'clusterpolicies',
          namespaced: false,
        },
        {
          kind: 'Policy',
          group: 'kyverno.io',
          version: 'v1',
          plural: 'policies',
          namespaced: true,
        },
        {
          kind: 'K8sPSPPrivilegedContainer',
          group: 'constraints.gatekeeper.sh',
          version: 'v1beta1',
          plural: 'k8spspprivilegedcontainer',
          namespaced: false,
        },
      ],
    });
    const result = await collector().collect('prod-eu');

    expect(result.unreadable).toEqual([]);
    const policies = result.objects
      .filter(o =>
        /kyverno|gatekeeper|ValidatingAdmissionPolicy/.test(
          `${o.apiVersion} ${o.kind}`,
        ),
      )
      .map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`);
    expect(policies.sort()).toEqual([
      'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy no-privileged',
      'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding no-privileged',
      'constraints.gatekeeper.sh/v1beta1 K8sPSPPrivilegedContainer psp-privileged',
      'kyverno.io/v1 ClusterPolicy disallow-host-path',
      'kyverno.io/v1 Policy require-non-root',
    ]);
    expect(
      server.requestsTo(
        '/apis/constraints.gatekeeper.sh/v1beta1/k8spspprivilegedcontainer',
      ),
    ).toHaveLength(1);
    // Policies are read; Secrets still never are.
    expect(server.requests.filter(r => /secrets/i.test(r.path))).toEqual([]);
  });

  it('counts a forbidden policy kind as unreadable, like any other kind', async () => {
    server.addFault('ValidatingAdmissionPolicy', {
      type: 'status',
      status: 403,
    });
    const result = await collector().collect('prod-eu');
    expect(result.unreadable.map(u => u.kind)).toEqual([
      'ValidatingAdmissionPolicy',
    ]);
  });

  it('never requests Secrets', async () => {
    const result = await collector().collect('prod-eu');
    expect(server.requests.length).toBeGreaterThan(COLLECTED_KINDS.length);
    expect(server.requests.filter(r => /secrets/i.test(r.path))).toEqual([]);
    expect(server.requestsTo('Secret')).toEqual([]);
    expect(result.objects.some(o => o.kind === 'Secret')).toBe(false);
    expect(JSON.stringify(result.objects)).not.toContain('aHVudGVyMg==');
  });

  it('strips managed fields, last-applied copies, node images and CRD schemas', async () => {
    const { objects } = await collector().collect('prod-eu');
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    expect(deployment.metadata.managedFields).toBeUndefined();
    expect(deployment.metadata.annotations).toEqual({ team: 'shop' });
    expect(deployment.spec.template.spec.containers).toEqual([{ name: 'web' }]);

    const node = objects.find(o => o.kind === 'Node')!;
    expect(node.status.images).toBeUndefined();
    expect(node.status.addresses).toHaveLength(1);

    const crd = objects.find(o => o.kind === 'CustomResourceDefinition')!;
    expect(crd.spec).toEqual({
      group: 'templates.gatekeeper.sh',
      names: { kind: 'ConstraintTemplate', plural: 'constrainttemplates' },
      scope: 'Cluster',
      versions: [{ name: 'v1', served: true, storage: true }],
    });
    expect(crd.status).toBeUndefined();
  });

  it('fails with a clear message when the token is rejected (401), without retrying', async () => {
    server.setToken('another-token');
    const error = await collectError(collector().collect('prod-eu'));
    expect(error.message).toBe(
      'authentication failed for cluster prod-eu: the token was rejected',
    );
    expect(error.code).toBe('authentication');
    expect(server.requests).toHaveLength(1);
  });

  it('marks a forbidden kind unreadable and goes on (403)', async () => {
    server.addFault('ClusterRole', { type: 'status', status: 403 });
    const result = await collector().collect('prod-eu');
    expect(result.unreadable).toEqual([
      {
        kind: 'ClusterRole',
        reason: 'forbidden: the service account cannot list clusterroles',
      },
    ]);
    expect(result.objects.some(o => o.kind === 'ClusterRole')).toBe(false);
    expect(result.objects.some(o => o.kind === 'ClusterRoleBinding')).toBe(
      true,
    );
    expect(
      result.objects.some(o => o.kind === 'CustomResourceDefinition'),
    ).toBe(true);
    // Not retried: a 403 will not go away.
    expect(server.requestsTo('ClusterRole')).toHaveLength(1);
  });

  it('marks the kinds of an API group that is not served unreadable (404)', async () => {
    server.addFault('Ingress', { type: 'status', status: 404 });
    server.addFault('NetworkPolicy', { type: 'status', status: 404 });
    const result = await collector().collect('prod-eu');
    expect(result.unreadable).toEqual([
      {
        kind: 'Ingress',
        reason:
          'not served: the API server does not serve networking.k8s.io/v1 ingresses',
      },
      {
        kind: 'NetworkPolicy',
        reason:
          'not served: the API server does not serve networking.k8s.io/v1 networkpolicies',
      },
    ]);
  });

  it('drops the pages already read of a kind that becomes forbidden mid-list', async () => {
    server.addFault('Pod', { type: 'status', status: 403, afterPage: 1 });
    const result = await collector().collect('prod-eu');
    expect(result.unreadable.map(u => u.kind)).toEqual(['Pod']);
    expect(result.objects.some(o => o.kind === 'Pod')).toBe(false);
    expect(server.requestsTo('Pod').map(r => r.status)).toEqual([200, 403]);
  });

  it('retries server errors and succeeds (500 twice, then OK)', async () => {
    server.addFault('Deployment', { type: 'status', status: 500, times: 2 });
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as any;
    const result = await collector({ logger }).collect('prod-eu');
    expect(server.requestsTo('Deployment').map(r => r.status)).toEqual([
      500, 500, 200,
    ]);
    expect(result.objects.filter(o => o.kind === 'Deployment')).toHaveLength(1);
    expect(result.unreadable).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /retrying the list of deployments on cluster prod-eu .*attempt 2 of 3.*HTTP 500/,
    );
    expect(warnings.join('\n')).not.toContain(TOKEN);
  });

  it('retries dropped connections', async () => {
    server.addFault('Namespace', { type: 'reset', times: 1 });
    const result = await collector().collect('prod-eu');
    expect(server.requestsTo('Namespace')).toHaveLength(2);
    expect(result.objects.filter(o => o.kind === 'Namespace')).toHaveLength(2);
  });

  it('honours Retry-After on 429', async () => {
    server.addFault('Service', {
      type: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const result = await collector().collect('prod-eu');
    const [throttled, retried] = server.requestsTo('Service');
    expect(throttled.status).toBe(429);
    expect(retried.status).toBe(200);
    // The computed backoff is at most 20ms; only Retry-After explains a wait of ~1s.
    expect(retried.receivedAt - throttled.receivedAt).toBeGreaterThanOrEqual(
      900,
    );
    expect(result.objects.some(o => o.kind === 'Service')).toBe(true);
  });

  it('throws a timeout error when the API server does not answer in time', async () => {
    server.addFault('Pod', { type: 'delay', ms: 5000 });
    const error = await collectError(
      collector({
        requestTimeoutMs: 150,
        retry: { attempts: 2, initialDelayMs: 5 },
      }).collect('prod-eu'),
    );
    expect(error.code).toBe('timeout');
    expect(error.kind).toBe('Pod');
    expect(error.message).toBe(
      'cluster prod-eu: timed out listing pods: the API server gave no answer within 150ms (2 attempts)',
    );
    expect(server.requestsTo('Pod')).toHaveLength(2);
  });

  it('throws when the whole scan outlasts its deadline', async () => {
    server.addFault('Deployment', { type: 'delay', ms: 5000 });
    const error = await collectError(
      collector({ requestTimeoutMs: 2000, scanTimeoutMs: 300 }).collect(
        'prod-eu',
      ),
    );
    expect(error.code).toBe('deadline');
    expect(error.message).toMatch(
      /^cluster prod-eu: the scan exceeded its deadline of 300ms while listing deployments/,
    );
    // The deadline stops the scan: nothing after Deployments is requested.
    expect(server.requestsTo('StatefulSet')).toEqual([]);
  });

  it('throws when a list keeps failing mid-paging after the retries', async () => {
    server.addFault('Pod', { type: 'status', status: 500, afterPage: 1 });
    const error = await collectError(collector().collect('prod-eu'));
    expect(error.code).toBe('unavailable');
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      'cluster prod-eu: listing pods failed after 3 attempts: HTTP 500 (injected 500)',
    );
    expect(server.requestsTo('Pod').map(r => [r.page, r.status])).toEqual([
      [1, 200],
      [2, 500],
      [2, 500],
      [2, 500],
    ]);
  });

  it('starts a list over when its continue token expires (410)', async () => {
    server.addFault('Pod', { type: 'expire-continue', times: 1 });
    const result = await collector().collect('prod-eu');
    const pods = result.objects.filter(o => o.kind === 'Pod');
    expect(pods.map(p => p.metadata.name)).toEqual(
      Array.from({ length: 7 }, (_, i) => `web-${i}`),
    );
    expect(server.requestsTo('Pod').map(r => r.status)).toEqual([
      200, 410, 200, 200, 200,
    ]);
    expect(result.notes.join(' ')).toMatch(/pods expired .* read again/);
  });

  it('stops when the caller aborts', async () => {
    server.addFault('Pod', { type: 'delay', ms: 5000 });
    const controller = new AbortController();
    const promise = collector().collect('prod-eu', {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const error = await collectError(promise);
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe(
      'cluster prod-eu: the scan was cancelled while listing pods',
    );
  });

  it('refuses a cluster it does not know', async () => {
    const error = await collectError(collector().collect('staging'));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/cluster staging is not configured/);
  });

  it('never puts the token in errors or logs', async () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as any;
    const failures: unknown[] = [];
    const scenarios: Array<() => void> = [
      () => server.setToken('rotated'),
      () => server.addFault('Pod', { type: 'status', status: 503 }),
      () => server.addFault('Pod', { type: 'delay', ms: 5000 }),
      () => server.addFault('Pod', { type: 'reset' }),
      () => server.addFault('Pod', { type: 'status', status: 400 }),
    ];
    for (const setUp of scenarios) {
      server.clearFaults();
      server.setToken(TOKEN);
      setUp();
      failures.push(
        await collector({ logger, requestTimeoutMs: 100 })
          .collect('prod-eu')
          .then(
            () => undefined,
            e => e,
          ),
      );
    }
    expect(failures.every(e => e instanceof KubernetesCollectError)).toBe(true);
    expect(
      new Set(failures.map(e => (e as KubernetesCollectError).code)),
    ).toEqual(new Set(['authentication', 'unavailable', 'timeout', 'api']));
    for (const failure of failures) {
      const error = failure as Error;
      expect(error.message).not.toContain(TOKEN);
      expect(String(error.stack)).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).not.toContain(TOKEN);
  });

  describe('with a kubeconfig', () => {
    let dir: string;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-security-'));
    });

    afterEach(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** A kubeconfig whose current context points at a dead port, plus a `fake` context. */
    function writeKubeconfig() {
      const config = JSON.parse(
        server.kubeconfig({ context: 'fake', cluster: 'fake-cluster' }),
      );
      config.clusters.push({
        name: 'elsewhere',
        cluster: {
          server: 'http://127.0.0.1:9',
          'insecure-skip-tls-verify': true,
        },
      });
      config.contexts.push({
        name: 'elsewhere',
        context: { cluster: 'elsewhere', user: 'fake-user' },
      });
      config['current-context'] = 'elsewhere';
      const file = path.join(dir, 'kubeconfig.yaml');
      fs.writeFileSync(file, JSON.stringify(config));
      return file;
    }

    it('uses the given context', async () => {
      const kubeconfigPath = writeKubeconfig();
      const c = new KubernetesApiCollector(
        [{ name: 'dev', kubeconfigPath, context: 'fake' }],
        { pageSize: 4, retry: { attempts: 1 } },
      );
      const result = await c.collect('dev');
      expect(result.objects.filter(o => o.kind === 'Pod')).toHaveLength(7);
      expect(result.notes[0]).toContain('(context fake)');
    });

    it('uses the current context by default', async () => {
      const kubeconfigPath = writeKubeconfig();
      const c = new KubernetesApiCollector([{ name: 'dev', kubeconfigPath }], {
        retry: { attempts: 1 },
      });
      const error = await collectError(c.collect('dev'));
      // The current context points at a closed port.
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(
        /^cluster dev: listing namespaces failed after 1 attempt: network error/,
      );
      expect(server.requests).toEqual([]);
    });

    it('names the contexts when the one asked for does not exist', async () => {
      const kubeconfigPath = writeKubeconfig();
      const c = new KubernetesApiCollector([
        { name: 'dev', kubeconfigPath, context: 'prod' },
      ]);
      const error = await collectError(c.collect('dev'));
      expect(error.code).toBe('config');
      expect(error.message).toBe(
        `cluster dev: context "prod" is not in ${kubeconfigPath} (contexts: fake, elsewhere)`,
      );
    });

    it('reports an unreadable kubeconfig without echoing its content', async () => {
      const kubeconfigPath = path.join(dir, 'broken.yaml');
      fs.writeFileSync(
        kubeconfigPath,
        `users:\n- name: u\n  user:\n    token: ${TOKEN}\n   bad: [indent\n`,
      );
      const error = await collectError(
        new KubernetesApiCollector([{ name: 'dev', kubeconfigPath }]).collect(
          'dev',
        ),
      );
      expect(error.code).toBe('config');
      expect(error.message).toMatch(
        /^cluster dev: cannot load .*broken\.yaml: invalid YAML \(.* at line \d+\)$/,
      );
      expect(error.message).not.toContain(TOKEN);

      const missing = await collectError(
        new KubernetesApiCollector([
          { name: 'dev', kubeconfigPath: path.join(dir, 'nope.yaml') },
        ]).collect('dev'),
      );
      expect(missing.message).toMatch(/cannot load .*nope\.yaml: ENOENT$/);
    });

    it('rejects the token of the kubeconfig user with a clear message', async () => {
      const kubeconfigPath = writeKubeconfig();
      server.setToken('rotated');
      const error = await collectError(
        new KubernetesApiCollector([
          { name: 'dev', kubeconfigPath, context: 'fake' },
        ]).collect('dev'),
      );
      expect(error.message).toBe(
        'authentication failed for cluster dev: the credentials of context "fake" were rejected',
      );
    });
  });
});

describe('KubernetesApiCollector configuration', () => {
  const base = {
    url: 'https://k8s.example.com',
    serviceAccountToken: TOKEN,
  };

  it.each([
    [[{ ...base, name: '' }], /#1: a non-empty name is required/],
    [
      [
        { ...base, name: 'a' },
        { ...base, name: 'a' },
      ],
      /#2 \(a\): the name is used by another cluster/,
    ],
    [
      [{ ...base, name: 'a', serviceAccountToken: ' ' }],
      /serviceAccountToken is required/,
    ],
    [
      [{ ...base, name: 'a', url: 'k8s.example.com' }],
      /url must start with https:\/\//,
    ],
    [
      [{ ...base, name: 'a', provider: 'ibm' as any }],
      /provider must be one of eks, gke, aks/,
    ],
    [
      [{ ...base, name: 'a', context: 'x' } as any],
      /either url and serviceAccountToken, or a kubeconfig/,
    ],
  ])('rejects invalid cluster configs (%#)', (configs, message) => {
    const construct = () => new KubernetesApiCollector(configs);
    expect(construct).toThrow(KubernetesCollectError);
    expect(construct).toThrow(message);
    expect(construct).not.toThrow(TOKEN);
  });

  it('refuses plain HTTP unless TLS verification is explicitly skipped', async () => {
    const c = new KubernetesApiCollector([
      { name: 'a', url: 'http://127.0.0.1:9', serviceAccountToken: TOKEN },
    ]);
    const error = await c.collect('a').then(
      () => undefined,
      e => e as KubernetesCollectError,
    );
    expect(error?.code).toBe('config');
    expect(error?.message).toMatch(
      /^cluster a: cannot prepare a request to http:\/\/127\.0\.0\.1:9: HTTP protocol is not allowed/,
    );
  });
});
