import {
  getActionItem,
  getCheckDefinition,
} from '@kube-security/plugin-kube-security-common';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseManifestText } from '../snapshot/parse';
import type { KubeObject, Snapshot } from '../snapshot/types';
import type { Check, CheckContext } from './check';
import { evaluate, findingId } from '..';

const FIXTURES = join(__dirname, '..', 'checks', 'workload', '__fixtures__');

function fixture(item: string, file: string): KubeObject[] {
  return parseManifestText(readFileSync(join(FIXTURES, item, file), 'utf8'))
    .objects;
}

function badWorkloads(): KubeObject[] {
  return [
    ...fixture('workload-admission-policy', 'bad.yaml'),
    ...fixture('workload-network-policies', 'bad.yaml'),
    ...fixture('workload-rbac-least-privilege', 'bad.yaml'),
    ...fixture('workload-namespace-isolation', 'bad.yaml'),
  ];
}

function snapshot(
  objects: KubeObject[],
  extra: Partial<Snapshot> = {},
): Snapshot {
  return { cluster: 'prod-eu', scope: 'cluster', objects, ...extra };
}

/** A check that reports what it is told and says whether it had evidence. */
function fake(
  id: string,
  evidence: boolean,
  findings: Array<{
    name: string;
    container?: string;
    message?: string;
    path?: string;
  }> = [],
  reads?: string[],
): Check {
  return {
    id,
    itemId: id.split('/')[0] as Check['itemId'],
    reads,
    run(ctx) {
      for (const f of findings) {
        ctx.report({
          message: f.message ?? `bad ${f.name}`,
          resource: {
            kind: 'Deployment',
            namespace: 'team',
            name: f.name,
            container: f.container,
          },
          evidencePath: f.path,
        });
      }
      return evidence;
    },
  };
}

describe('evaluate', () => {
  it('gives findings stable ids that do not depend on object order', () => {
    const objects = badWorkloads();
    const first = evaluate(snapshot(objects));
    const again = evaluate(snapshot([...objects].reverse()));
    expect(first.findings.length).toBeGreaterThan(20);
    expect(again.findings).toEqual(first.findings);
    expect(new Set(first.findings.map(f => f.id)).size).toBe(
      first.findings.length,
    );

    const finding = first.findings.find(
      f => f.checkId === 'workload-admission-policy/privileged-container',
    )!;
    const expected = createHash('sha256')
      .update(
        'workload-admission-policy/privileged-container|prod-eu|CronJob|legacy|report|setup',
      )
      .digest('hex')
      .slice(0, 24);
    expect(finding.id).toBe(expected);
    expect(finding.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('fills in category, cluster, default severity, labels and exposure of workloads', () => {
    const result = evaluate(snapshot(badWorkloads()));
    const ingress = result.findings.find(
      f =>
        f.checkId === 'workload-network-policies/ingress-not-restricted' &&
        f.resource.name === 'web' &&
        f.resource.namespace === 'open',
    )!;
    expect(ingress).toMatchObject({
      itemId: 'workload-network-policies',
      category: 'workload',
      status: 'fail',
      severity: 'high',
      resource: {
        cluster: 'prod-eu',
        kind: 'Deployment',
        namespace: 'open',
        name: 'web',
      },
      evidencePath: 'spec.template.metadata.labels',
      labels: { app: 'web' },
      exposure: { internet: true, dataStore: false },
    });
    const namespaceFinding = result.findings.find(
      f => f.checkId === 'workload-admission-policy/pod-security-labels',
    )!;
    expect(namespaceFinding.exposure).toBeUndefined();
    expect(namespaceFinding.severity).toBe('medium');
  });

  it("shares one frozen copy of a workload's labels and exposure between its findings", () => {
    const object: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'team', labels: { team: 'a' } },
      spec: { template: { metadata: { labels: { app: 'api' } }, spec: {} } },
    } as KubeObject;
    const check = fake('workload-admission-policy/x', true, [
      { name: 'api', container: 'a' },
      { name: 'api', container: 'b' },
    ]);
    const [a, b] = evaluate(snapshot([object]), {}, [check]).findings;
    expect(a.labels).toEqual({ app: 'api', team: 'a' });
    expect(b.labels).toBe(a.labels);
    expect(b.exposure).toBe(a.exposure);
    // Frozen: a consumer cannot change the findings of the other containers through one.
    expect(Object.isFrozen(a.labels)).toBe(true);
    expect(Object.isFrozen(a.exposure)).toBe(true);
    expect(() => {
      a.labels!.app = 'other';
    }).toThrow(TypeError);
    // A copy: the snapshot's own objects are not handed out.
    expect(a.labels).not.toBe(object.metadata.labels);
  });

  it('shares one frozen resource between the findings of one shared resource object', () => {
    const container = Object.freeze({
      kind: 'Deployment',
      namespace: 'team',
      name: 'api',
      container: 'a',
    });
    const reporting = (id: string): Check => ({
      id,
      itemId: 'workload-admission-policy',
      run(ctx) {
        ctx.report({ message: 'one', resource: container });
        // A resource object of its own, as most cluster-wide checks report.
        ctx.report({
          message: 'two',
          resource: { kind: 'Namespace', name: 'team' },
        });
        return true;
      },
    });
    const findings = evaluate(snapshot([]), {}, [
      reporting('workload-admission-policy/x'),
      reporting('workload-admission-policy/y'),
    ]).findings;
    const ofContainer = findings.filter(f => f.resource.kind === 'Deployment');
    const ofNamespace = findings.filter(f => f.resource.kind === 'Namespace');
    expect(ofContainer).toHaveLength(2);
    expect(ofContainer[0].resource).toEqual({
      cluster: 'prod-eu',
      kind: 'Deployment',
      namespace: 'team',
      name: 'api',
      container: 'a',
    });
    expect(ofContainer[1].resource).toBe(ofContainer[0].resource);
    // Frozen: a consumer cannot move the other findings through one of them.
    expect(() => {
      ofContainer[0].resource.name = 'other';
    }).toThrow(TypeError);
    // Never the check's own object.
    expect(ofContainer[0].resource).not.toBe(container);
    expect(ofNamespace[0].resource).toEqual({
      cluster: 'prod-eu',
      kind: 'Namespace',
      name: 'team',
    });
    expect(ofNamespace[1].resource).not.toBe(ofNamespace[0].resource);
  });

  it('orders findings by plan order, check and resource', () => {
    const result = evaluate(snapshot(badWorkloads()));
    const items = result.findings.map(f => f.itemId);
    const firstRbac = items.indexOf('workload-rbac-least-privilege');
    const lastNamespace = items.lastIndexOf('workload-namespace-isolation');
    const firstAdmission = items.indexOf('workload-admission-policy');
    expect(lastNamespace).toBeLessThan(firstRbac);
    expect(items.lastIndexOf('workload-rbac-least-privilege')).toBeLessThan(
      firstAdmission,
    );
  });

  it('orders the findings of one check by resource, container and evidence path', () => {
    const reported = [
      { name: 'web', container: 'b' },
      { name: 'api-gw' },
      { name: 'web', container: 'a', path: 'z' },
      { name: 'api' },
      { name: 'web', container: 'a', path: 'spec.x' },
      { name: 'ap' },
    ];
    const names = (findings: Array<{ resource: any; evidencePath?: string }>) =>
      findings.map(f =>
        [f.resource.name, f.resource.container, f.evidencePath].join(','),
      );
    const expected = [
      'ap,,',
      'api,,',
      'api-gw,,',
      'web,a,spec.x',
      'web,a,z',
      'web,b,',
    ];
    const check = fake('workload-admission-policy/x', true, reported);
    expect(names(evaluate(snapshot([]), {}, [check]).findings)).toEqual(
      expected,
    );
    // A name holding the lowest character orders as text does, whatever the key built from it.
    const odd = fake('workload-admission-policy/x', true, [
      ...reported,
      { name: 'api\u0000' },
    ]);
    expect(names(evaluate(snapshot([]), {}, [odd]).findings)).toEqual([
      'ap,,',
      'api,,',
      'api\u0000,,',
      'api-gw,,',
      ...expected.slice(3),
    ]);
  });

  it('computes coverage per item: full, partial and none', () => {
    const checks = [
      fake('workload-namespace-isolation/a', true),
      fake('workload-namespace-isolation/b', true),
      fake('workload-admission-policy/a', true),
      fake('workload-admission-policy/b', false),
      fake('workload-network-policies/a', false),
      fake('workload-rbac-least-privilege/a', true, [], ['ClusterRole']),
    ];
    const result = evaluate(
      snapshot([], { unreadableKinds: ['ClusterRole'] }),
      {},
      checks,
    );
    const coverage = Object.fromEntries(
      result.items.map(i => [i.itemId, [i.coverage, i.checksRun]]),
    );
    expect(coverage['workload-namespace-isolation']).toEqual([
      'full',
      ['workload-namespace-isolation/a', 'workload-namespace-isolation/b'],
    ]);
    expect(coverage['workload-admission-policy']).toEqual([
      'partial',
      ['workload-admission-policy/a'],
    ]);
    expect(coverage['workload-network-policies']).toEqual(['none', []]);
    expect(coverage['workload-rbac-least-privilege']).toEqual([
      'partial',
      ['workload-rbac-least-privilege/a'],
    ]);
    // Every item is listed, in plan order, even those without checks.
    expect(result.items).toHaveLength(19);
    expect(result.items[0].itemId).toBe('cloud-network-isolation');
    expect(coverage['image-pipeline-checks']).toEqual(['none', []]);
  });

  it('does not leave an item partial only because a manifests scan cannot see the cluster', () => {
    const checks = [
      fake('workload-admission-policy/privileged-container', true),
      // Cluster-wide by definition (scope: cluster): no manifest can show it.
      fake('workload-admission-policy/policy-engine', false),
      fake('image-minimal-scanned-base/full-os-image', true),
      // Reads the cloud descriptor, which a manifests scan without one does not have.
      fake('image-minimal-scanned-base/registry-scanning', false),
      // Judges Roles, and the files hold none.
      fake('workload-rbac-least-privilege/cluster-secrets-read', false),
      fake('workload-rbac-least-privilege/default-service-account-token', true),
    ];
    const coverage = (extra: Partial<Snapshot>) =>
      Object.fromEntries(
        evaluate(snapshot([], extra), {}, checks).items.map(i => [
          i.itemId,
          i.coverage,
        ]),
      );
    expect(coverage({ scope: 'manifests' })).toMatchObject({
      'workload-admission-policy': 'full',
      'image-minimal-scanned-base': 'full',
      'workload-rbac-least-privilege': 'full',
    });
    // A whole-cluster snapshot should have shown both, so they stay partial there.
    expect(coverage({ scope: 'cluster' })).toMatchObject({
      'workload-admission-policy': 'partial',
      'image-minimal-scanned-base': 'partial',
      'workload-rbac-least-privilege': 'partial',
    });
    // With a descriptor the cloud check had what it needs: still partial.
    expect(
      coverage({ scope: 'manifests', cloud: { provider: 'eks', cluster: {} } }),
    ).toMatchObject({ 'image-minimal-scanned-base': 'partial' });
  });

  it('notes unreadable kinds, a missing cloud descriptor and a manifests-only scan', () => {
    const checks = [
      fake('workload-rbac-least-privilege/a', true, [], ['ClusterRole']),
    ];
    const result = evaluate(
      snapshot([], {
        unreadableKinds: ['ClusterRole', 'Node'],
        scope: 'manifests',
      }),
      {},
      checks,
    );
    expect(result.notes).toEqual([
      'The snapshot holds no Kubernetes objects: workload and image items could not be judged',
      `ClusterRoles, Nodes could not be read, so these items are incomplete: "${
        getActionItem('workload-rbac-least-privilege').title
      }"`,
      "No cloud descriptor: cloud and cluster items need the provider's settings",
      'Only manifests were scanned, so cluster-wide facts are not judged: installed log and runtime agents, admission policy engines, whether the network plugin enforces NetworkPolicy, and RBAC bindings and namespaces that are not in these files',
    ]);

    const withCloud = evaluate(
      snapshot(badWorkloads(), { cloud: { provider: 'eks', cluster: {} } }),
      {},
      checks,
    );
    expect(withCloud.notes).toEqual([]);
    expect(withCloud.provider).toBe('eks');
  });

  it('names the RBAC item when ClusterRoles are unreadable for the real checks', () => {
    const result = evaluate(
      snapshot(badWorkloads(), { unreadableKinds: ['ClusterRole'] }),
    );
    expect(result.notes).toContainEqual(
      expect.stringMatching(
        /^ClusterRoles could not be read, so these items are incomplete: ".*RBAC.*"$/,
      ),
    );
    const rbac = result.items.find(
      i => i.itemId === 'workload-rbac-least-privilege',
    );
    expect(rbac?.coverage).toBe('partial');
  });

  it('keeps going when a check throws, and reports it', () => {
    const broken: Check = {
      id: 'workload-admission-policy/broken',
      itemId: 'workload-admission-policy',
      run(ctx) {
        ctx.report({
          message: 'half-done',
          resource: { kind: 'Pod', name: 'x' },
        });
        throw new Error('boom');
      },
    };
    const result = evaluate(snapshot([]), {}, [
      broken,
      fake('workload-namespace-isolation/a', true, [{ name: 'ok' }]),
    ]);
    expect(result.findings.map(f => f.message)).toEqual(['bad ok']);
    expect(result.notes).toContain(
      'Check workload-admission-policy/broken failed and was skipped: boom',
    );
    expect(
      result.items.find(i => i.itemId === 'workload-admission-policy')
        ?.coverage,
    ).toBe('none');
  });

  it('refuses a report made after its evaluation ended, and later evaluations still report', () => {
    const contexts: CheckContext[] = [];
    const keeper: Check = {
      id: 'workload-admission-policy/keeper',
      itemId: 'workload-admission-policy',
      run(ctx) {
        contexts.push(ctx);
        ctx.report({ message: 'now', resource: { kind: 'Pod', name: 'x' } });
        return true;
      },
    };
    expect(evaluate(snapshot([]), {}, [keeper]).findings).toHaveLength(1);
    expect(() =>
      contexts[0].report({
        message: 'late',
        resource: { kind: 'Pod', name: 'x' },
      }),
    ).toThrow(
      'workload-admission-policy/keeper reported after its evaluation ended',
    );
    expect(
      evaluate(snapshot([]), {}, [keeper]).findings.map(f => f.message),
    ).toEqual(['now']);
  });

  it('keeps the plain id for the same finding reported twice', () => {
    const dup = { name: 'api', container: 'c', path: 'p', message: 'same' };
    const [only, ...rest] = evaluate(snapshot([]), {}, [
      fake('workload-admission-policy/x', true, [dup, dup]),
    ]).findings;
    expect(rest).toEqual([]);
    expect(only.id).toBe(
      findingId('workload-admission-policy/x', {
        cluster: 'prod-eu',
        kind: 'Deployment',
        namespace: 'team',
        name: 'api',
        container: 'c',
      }),
    );
  });

  it('gives distinct, order-independent ids to two findings on the same resource', () => {
    const twice = (reverse: boolean) => {
      const findings = [
        { name: 'api', container: 'c', path: 'p[0]', message: 'one' },
        { name: 'api', container: 'c', path: 'p[1]', message: 'two' },
        // An exact duplicate (the same object in two files) is kept once.
        { name: 'api', container: 'c', path: 'p[1]', message: 'two' },
      ];
      return evaluate(snapshot([]), {}, [
        fake(
          'workload-admission-policy/x',
          true,
          reverse ? findings.reverse() : findings,
        ),
      ]).findings;
    };
    const a = twice(false);
    expect(a).toHaveLength(2);
    expect(new Set(a.map(f => f.id)).size).toBe(2);
    expect(a.map(f => f.id).sort()).toEqual(
      twice(true)
        .map(f => f.id)
        .sort(),
    );
    expect(a[0].id).not.toBe(
      findingId('workload-admission-policy/x', {
        cluster: 'prod-eu',
        kind: 'Deployment',
        namespace: 'team',
        name: 'api',
        container: 'c',
      }),
    );
  });

  it("copies the check definition's standard ids onto each finding", () => {
    const id = 'cluster-security-features/network-policy-support';
    const check = fake(id, true, [{ name: 'a' }, { name: 'b' }]);
    const { findings } = evaluate(snapshot([]), {}, [check]);
    const expected = getCheckDefinition(id)!.standards;
    expect(expected).toContain('CIS 5.3.1');
    expect(findings.map(f => f.standards)).toEqual([expected, expected]);
    // A consumer cannot change one finding's list, so it changes nothing else: the lists
    // are frozen copies (shared by the findings of a check), never the catalog's own.
    expect(findings[0].standards).not.toBe(expected);
    expect(Object.isFrozen(findings[0].standards)).toBe(true);
    expect(() => findings[0].standards!.push('CIS 9.9.9')).toThrow(TypeError);
    expect(findings[1].standards).toEqual(expected);
  });

  it("drops other providers' CIS ids once the cluster's provider is known", () => {
    const check = fake(
      'cluster-security-features/network-policy-support',
      true,
      [{ name: 'a' }],
    );
    const [finding] = evaluate(snapshot([], { provider: 'gke' }), {}, [
      check,
    ]).findings;
    expect(finding.standards).toEqual([
      'CIS 5.3.1',
      'CIS GKE 5.6.7',
      'NSA/CISA: Network policies',
    ]);
  });

  it("narrows a finding's ids to those the raw finding names, never widens them", () => {
    const id = 'cluster-security-features/network-policy-support';
    const check: Check = {
      id,
      itemId: 'cluster-security-features',
      run(ctx) {
        const resource = { kind: 'Cluster', name: 'c' };
        ctx.report({ message: 'narrow', resource, standards: ['CIS 5.3.1'] });
        ctx.report({
          message: 'foreign',
          resource: { ...resource, name: 'd' },
          standards: ['CIS 5.1.1'],
        });
        return true;
      },
    };
    const findings = evaluate(snapshot([]), {}, [check]).findings;
    const byMessage = Object.fromEntries(findings.map(f => [f.message, f]));
    expect(byMessage.narrow.standards).toEqual(['CIS 5.3.1']);
    expect(byMessage.foreign.standards).toBeUndefined();
  });

  it('sets no standards on findings of a check without a catalog definition', () => {
    const check = fake('workload-admission-policy/not-in-catalog', true, [
      { name: 'x' },
    ]);
    expect(
      evaluate(snapshot([]), {}, [check]).findings[0].standards,
    ).toBeUndefined();
  });

  it('uses the agreed default severity when a check sets none', () => {
    const check = fake('image-trusted-registries/unpinned-digest', true, [
      { name: 'x' },
    ]);
    expect(evaluate(snapshot([]), {}, [check]).findings[0].severity).toBe(
      'low',
    );
  });

  it('merges engine options over the defaults', () => {
    let seen: unknown;
    const probe: Check = {
      id: 'workload-admission-policy/probe',
      itemId: 'workload-admission-policy',
      run(ctx) {
        seen = ctx.options;
        return true;
      },
    };
    evaluate(
      snapshot([]),
      { systemNamespaces: ['ops'], trustedRegistries: undefined },
      [probe],
    );
    expect(seen).toMatchObject({
      systemNamespaces: ['ops'],
      trustedRegistries: [],
    });
  });

  it('stays fast on a large cluster (linear checks)', () => {
    const objects: KubeObject[] = [];
    for (let n = 0; n < 50; n++) {
      const namespace = `team-${n}`;
      objects.push({
        kind: 'NetworkPolicy',
        apiVersion: 'networking.k8s.io/v1',
        metadata: { name: 'deny', namespace },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
      for (let i = 0; i < 100; i++) {
        const labels = { app: `app-${i}` };
        objects.push({
          kind: 'Deployment',
          metadata: { name: `app-${i}`, namespace },
          spec: {
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  { name: 'c', image: `registry.example.com/app-${i}:1` },
                ],
              },
            },
          },
        });
        objects.push({
          kind: 'Service',
          metadata: { name: `app-${i}`, namespace },
          spec: {
            type: i % 10 === 0 ? 'LoadBalancer' : 'ClusterIP',
            selector: labels,
          },
        });
      }
    }
    const started = Date.now();
    const result = evaluate(snapshot(objects));
    expect(Date.now() - started).toBeLessThan(30000);
    // 5,000 workloads, each missing a security context: one privilege-escalation finding each.
    expect(
      result.findings.filter(
        f => f.checkId === 'workload-admission-policy/privilege-escalation',
      ),
    ).toHaveLength(5000);
  }, 60000);
});
