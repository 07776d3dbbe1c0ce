import { fixTargetLabel, fixTargets, providersBesides } from './fixTargets';
import type { Finding, ResourceRef } from './types';

const CLUSTERS = [
  { name: 'aks-shared', provider: 'aks' as const },
  { name: 'eks-prod-eu', provider: 'eks' as const },
  { name: 'eks-prod-us', provider: 'eks' as const },
  { name: 'on-prem' },
];

function finding(
  resource: ResourceRef,
  overrides: Partial<Finding> = {},
): Finding {
  return {
    id: `${resource.cluster}/${resource.namespace}/${resource.name}/${resource.container}`,
    checkId: 'workload-admission-policy/privileged-container',
    itemId: 'workload-admission-policy',
    category: 'workload',
    status: 'fail',
    severity: 'high',
    message: 'runs privileged',
    resource,
    ...overrides,
  };
}

const web = (cluster: string, namespace = 'storefront'): ResourceRef => ({
  cluster,
  namespace,
  kind: 'Deployment',
  name: 'storefront-web',
  container: 'web',
});

describe('fixTargets', () => {
  it("gives the provider of each finding's cluster, in the findings' order, with that cluster's values", () => {
    const targets = fixTargets(
      'workload-admission-policy',
      [finding(web('eks-prod-eu')), finding(web('aks-shared', 'shop'))],
      CLUSTERS,
    );
    expect(targets.map(fixTargetLabel)).toEqual([
      'Amazon EKS \u2014 eks-prod-eu',
      'Azure AKS \u2014 aks-shared',
    ]);
    expect(targets[0].values.namespace).toEqual({
      values: ['storefront'],
      total: 1,
    });
    expect(targets[1].values.namespace).toEqual({ values: ['shop'], total: 1 });
    expect(targets[1].values.cluster).toEqual({
      values: ['aks-shared'],
      total: 1,
    });
    expect(providersBesides(targets)).toEqual(['gke']);
  });

  it('joins the clusters of one provider, so that <cluster> has several values', () => {
    const [eks, ...rest] = fixTargets(
      'workload-admission-policy',
      [finding(web('eks-prod-eu')), finding(web('eks-prod-us'))],
      CLUSTERS,
    );
    expect(rest).toEqual([]);
    expect(fixTargetLabel(eks)).toBe(
      'Amazon EKS \u2014 eks-prod-eu, eks-prod-us',
    );
    expect(eks.values.cluster?.total).toBe(2);
  });

  it('follows the findings that still count, not the accepted or passing ones', () => {
    const accepted = finding(web('aks-shared'), {
      accepted: {
        scope: 'finding',
        justification: 'later',
        createdBy: 'user:default/a',
        expiresAt: '2030-01-01T00:00:00Z',
        source: 'user',
      },
    });
    const passing = finding(web('eks-prod-us'), { status: 'pass' });
    const targets = fixTargets(
      'workload-admission-policy',
      [accepted, passing, finding(web('eks-prod-eu'))],
      CLUSTERS,
    );
    expect(targets.map(fixTargetLabel)).toEqual([
      'Amazon EKS \u2014 eks-prod-eu',
    ]);
    // With only accepted findings left, their clusters still say where a fix would go.
    expect(
      fixTargets(
        'workload-admission-policy',
        [accepted, passing],
        CLUSTERS,
      ).map(fixTargetLabel),
    ).toEqual(['Azure AKS \u2014 aks-shared']);
  });

  it("falls back to every provider of the entity's clusters for an item without findings", () => {
    const targets = fixTargets('cloud-mfa-enforced', [], CLUSTERS);
    expect(targets.map(fixTargetLabel)).toEqual([
      'Azure AKS \u2014 aks-shared',
      'Amazon EKS \u2014 eks-prod-eu, eks-prod-us',
    ]);
    expect(targets[0].values).toEqual({
      cluster: { values: ['aks-shared'], total: 1 },
    });
  });

  it('is empty when no cluster has a known provider', () => {
    expect(
      fixTargets(
        'workload-admission-policy',
        [finding(web('on-prem'))],
        CLUSTERS,
      ),
    ).toEqual([]);
  });

  it('leaves <namespace> to the reader where the fix creates the namespace', () => {
    const [target] = fixTargets(
      'workload-namespace-isolation',
      [
        finding(web('eks-prod-eu', 'default'), {
          itemId: 'workload-namespace-isolation',
          checkId: 'workload-namespace-isolation/default-namespace',
        }),
      ],
      CLUSTERS,
    );
    expect(target.values.namespace).toBeUndefined();
    expect(target.values.cluster?.values).toEqual(['eks-prod-eu']);
  });
});
