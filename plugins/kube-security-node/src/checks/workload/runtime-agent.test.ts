import type { CloudDescriptor } from '../../snapshot/types';
import { parseManifestText } from '../../snapshot/parse';
import {
  fixtureObjects,
  flagged,
  passes,
  runOn,
} from './__testUtils__/testing';
import { runtimeAgentCheck } from './runtime-agent';

const checks = [runtimeAgentCheck];

const ITEM = 'workload-runtime-monitoring';
const ID = `${ITEM}/runtime-agent`;

describe('workload-runtime-monitoring/runtime-agent', () => {
  it('fails a whole cluster without a runtime sensor', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'), {
      scope: 'cluster',
    });
    expect(flagged(run)).toEqual(['runtime-agent fail Cluster/-/test']);
    expect(run.evidence[ID]).toBe(true);
  });

  it('concludes nothing from manifests without a sensor', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(run.findings).toEqual([]);
    expect(run.evidence[ID]).toBe(false);
  });

  it('passes on Falco', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'), { scope });
      expect(flagged(run)).toEqual([]);
      expect(passes(run)).toEqual([
        "runtime-agent Falco runs on the nodes (DaemonSet 'falco/falco')",
      ]);
    }
  });

  it('tells CrowdStrike Falcon from Falco', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: falcon-node-sensor, namespace: falcon-system }
spec:
  template:
    spec:
      containers: [{ name: sensor, image: registry.example.com/falcon-sensor:7 }]
`);
    const run = runOn(checks, objects);
    expect(passes(run)).toEqual([
      "runtime-agent CrowdStrike Falcon sensor runs on the nodes (DaemonSet 'falcon-system/falcon-node-sensor')",
    ]);
  });

  it.each<[string, CloudDescriptor, string]>([
    [
      'AKS Defender',
      {
        provider: 'aks',
        cluster: {
          securityProfile: {
            defender: { securityMonitoring: { enabled: true } },
          },
        },
      },
      'cluster.securityProfile.defender.securityMonitoring.enabled',
    ],
    [
      'EKS GuardDuty agent',
      {
        provider: 'eks',
        cluster: {},
        addons: [{ addonName: 'aws-guardduty-agent', status: 'ACTIVE' }],
      },
      'addons[0]',
    ],
  ])('passes on the provider signal: %s', (_name, cloud, path) => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'), { cloud });
    expect(run.findings.map(f => [f.status, f.evidencePath])).toEqual([
      ['pass', path],
    ]);
  });

  it('fails an AKS cluster with Defender off', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'), {
      scope: 'cluster',
      cloud: { provider: 'aks', cluster: { securityProfile: {} } },
    });
    expect(flagged(run)).toEqual([
      'runtime-agent fail Cluster/-/test @ cluster.securityProfile.defender.securityMonitoring.enabled',
    ]);
    expect(run.findings[0].message).toMatch(
      /Microsoft Defender for Containers is off/,
    );
  });
});
