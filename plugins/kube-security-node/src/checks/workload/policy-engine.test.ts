import { parseManifestText } from '../../snapshot/parse';
import {
  fixtureObjects,
  flagged,
  passes,
  runOn,
} from './__testUtils__/testing';
import { policyEngineCheck } from './policy-engine';

const ITEM = 'workload-admission-policy';
const ID = `${ITEM}/policy-engine`;
const checks = [policyEngineCheck];

describe('workload-admission-policy/policy-engine', () => {
  it('concludes nothing from manifests without an engine', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(run.findings).toEqual([]);
    expect(run.evidence[ID]).toBe(false);
  });

  it('fails the cluster without a policy engine only on a whole-cluster snapshot', () => {
    const objects = fixtureObjects(ITEM, 'bad.yaml');
    const run = runOn(checks, objects, { scope: 'cluster' });
    expect(flagged(run)).toContain('policy-engine fail Cluster/-/test');
    expect(run.evidence[ID]).toBe(true);

    const blind = runOn(checks, objects, {
      scope: 'cluster',
      unreadableKinds: [
        'ValidatingWebhookConfiguration',
        'CustomResourceDefinition',
      ],
    });
    expect(flagged(blind)).not.toContain('policy-engine fail Cluster/-/test');
    expect(blind.evidence[ID]).toBe(false);
  });

  it('recognises Gatekeeper by its webhook', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'), { scope });
      expect(flagged(run)).toEqual([]);
      expect(run.evidence[ID]).toBe(true);
      expect(passes(run)).toEqual([
        expect.stringMatching(/^policy-engine Gatekeeper is installed/),
      ]);
    }
  });

  it('recognises Kyverno by its CRDs', () => {
    const { objects } = parseManifestText(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: clusterpolicies.kyverno.io
`);
    const run = runOn(checks, objects, { scope: 'cluster' });
    expect(passes(run)).toEqual([
      "policy-engine Kyverno is installed (CustomResourceDefinition 'clusterpolicies.kyverno.io'): it can refuse pods that ask for host access",
    ]);
  });
});
