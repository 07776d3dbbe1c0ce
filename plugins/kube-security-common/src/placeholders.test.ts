import { getActionItem } from './catalog';
import {
  describeSeveralValues,
  fillPlaceholders,
  fillRemediationStep,
  MAX_PLACEHOLDER_VALUES,
  placeholderValues,
  quotePlaceholderValue,
} from './placeholders';
import type { ResourceRef } from './types';

const web: ResourceRef = {
  cluster: 'eks-prod-eu',
  namespace: 'storefront',
  kind: 'Deployment',
  name: 'storefront-web',
  container: 'web',
};

describe('placeholderValues', () => {
  it('collects the distinct cluster, namespace, container and named-by-kind values, sorted', () => {
    const values = placeholderValues([
      web,
      { ...web, container: 'sidecar' },
      { ...web, container: 'web' },
      {
        cluster: 'eks-prod-eu',
        kind: 'ServiceAccount',
        namespace: 'storefront',
        name: 'web-sa',
      },
    ]);
    expect(values).toEqual({
      cluster: { values: ['eks-prod-eu'], total: 1 },
      namespace: { values: ['storefront'], total: 1 },
      container: { values: ['sidecar', 'web'], total: 2 },
      deployment: { values: ['storefront-web'], total: 1 },
      'service-account': { values: ['web-sa'], total: 1 },
    });
  });

  it("takes a Namespace's name as its namespace and leaves out what a resource does not say", () => {
    expect(
      placeholderValues([{ cluster: 'c1', kind: 'Namespace', name: 'team-a' }]),
    ).toEqual({
      cluster: { values: ['c1'], total: 1 },
      namespace: { values: ['team-a'], total: 1 },
    });
    expect(placeholderValues([{ kind: 'Cluster', name: 'x' }])).toEqual({});
  });

  it('keeps the first values and counts them all', () => {
    const many = Array.from({ length: MAX_PLACEHOLDER_VALUES + 5 }, (_, i) => ({
      ...web,
      namespace: `ns-${String(i).padStart(2, '0')}`,
    }));
    const { namespace } = placeholderValues(many);
    expect(namespace?.total).toBe(MAX_PLACEHOLDER_VALUES + 5);
    expect(namespace?.values).toHaveLength(MAX_PLACEHOLDER_VALUES);
    expect(namespace?.values[0]).toBe('ns-00');
  });

  it('does not take a value with a control character', () => {
    expect(
      placeholderValues([{ ...web, cluster: 'prod\nrm -rf /' }]).cluster,
    ).toBeUndefined();
  });
});

describe('fillPlaceholders', () => {
  const values = placeholderValues([web, { ...web, container: 'sidecar' }]);

  it('fills a placeholder with one value and keeps one with several, listing them', () => {
    const result = fillPlaceholders(
      'kubectl set image deployment/<deployment> <container>=<registry>/<repository>@sha256:<digest> -n <namespace>',
      values,
      'shell',
    );
    expect(result.text).toBe(
      'kubectl set image deployment/storefront-web <container>=<registry>/<repository>@sha256:<digest> -n storefront',
    );
    expect(result.several).toEqual([
      { placeholder: 'container', values: ['sidecar', 'web'], total: 2 },
    ]);
    expect(describeSeveralValues(result.several[0])).toBe(
      '<container>: sidecar, web',
    );
  });

  it('keeps placeholders it has no value for', () => {
    const result = fillPlaceholders(
      'aws eks update-cluster-config --name <cluster> --region <region>',
      {},
      'shell',
    );
    expect(result.text).toBe(
      'aws eks update-cluster-config --name <cluster> --region <region>',
    );
    expect(result.several).toEqual([]);
  });

  it('quotes a value the shell would split or expand, and only such a value', () => {
    const odd = placeholderValues([
      { ...web, cluster: "prod eu $(whoami) it's" },
    ]);
    expect(
      fillPlaceholders('az aks show -n <cluster>', odd, 'shell').text,
    ).toBe(`az aks show -n 'prod eu $(whoami) it'\\''s'`);
    expect(fillPlaceholders('In <cluster>', odd, 'text').text).toBe(
      "In prod eu $(whoami) it's",
    );
    expect(fillPlaceholders('--name <cluster>', values, 'shell').text).toBe(
      '--name eks-prod-eu',
    );
  });

  it('quotes a YAML value that would not read back as the same string', () => {
    expect(quotePlaceholderValue('storefront', 'yaml')).toBe('storefront');
    expect(quotePlaceholderValue('123', 'yaml')).toBe('"123"');
    expect(quotePlaceholderValue('true', 'yaml')).toBe('"true"');
    expect(quotePlaceholderValue('a: b # c', 'yaml')).toBe('"a: b # c"');
    const manifest = fillPlaceholders(
      'metadata:\n  namespace: <namespace>',
      placeholderValues([{ ...web, namespace: 'null' }]),
      'yaml',
    );
    expect(manifest.text).toBe('metadata:\n  namespace: "null"');
  });
});

describe('fillRemediationStep', () => {
  it("fills a catalog step's command and manifest and reports the placeholders left", () => {
    const step = getActionItem(
      'workload-admission-policy',
    ).remediation.eks.steps.find(s => s.command?.includes('ns <namespace>'));
    expect(step).toBeDefined();
    const filled = fillRemediationStep(step!, placeholderValues([web]));
    expect(filled.step.command).not.toContain('<namespace>');
    expect(filled.step.command).toContain('storefront');
    expect(filled.step.text).toBe(step!.text);
    expect(filled.several).toEqual([]);

    const two = fillRemediationStep(
      step!,
      placeholderValues([web, { ...web, namespace: 'checkout' }]),
    );
    expect(two.step.command).toBe(step!.command);
    expect(two.several.map(describeSeveralValues)).toEqual([
      '<namespace>: checkout, storefront',
    ]);
  });

  it('leaves a step without placeholders as it is', () => {
    const step = { text: 'Turn it on.', consolePath: 'EKS > Clusters' };
    expect(fillRemediationStep(step, placeholderValues([web]))).toEqual({
      step,
      several: [],
    });
  });
});
