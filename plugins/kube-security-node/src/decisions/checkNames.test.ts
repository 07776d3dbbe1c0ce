import path from 'path';
import { getCheckDefinition } from '@kube-security/plugin-kube-security-common';
import {
  loadDescriptor,
  manifestFile,
} from '../checks/cloud/__testUtils__/harness';
import { evaluate } from '..';
import type { KubeObject } from '../snapshot/types';
import { checkIdKeyForm, notAboutKubernetesObjects } from './checkNames';

const CHECKS_DIR = path.resolve(__dirname, '../checks');

/** Every "bad" manifest fixture of the checks: findings on as many kinds as possible. */
function badObjects(): KubeObject[] {
  const files = [
    'cluster/__fixtures__/nodes-bad.yaml',
    'image/__fixtures__/images-bad.yaml',
    ...[
      'workload-admission-policy',
      'workload-central-telemetry',
      'workload-namespace-isolation',
      'workload-network-policies',
      'workload-rbac-least-privilege',
      'workload-runtime-monitoring',
    ].map(item => `workload/__fixtures__/${item}/bad.yaml`),
  ];
  return files.flatMap(file => manifestFile(path.join(CHECKS_DIR, file)));
}

describe('notAboutKubernetesObjects', () => {
  it('refuses only checks whose findings never name an object of the snapshot', () => {
    const objects = badObjects();
    const objectKinds = new Set(objects.map(o => o.kind));
    const refusedWithFindings = new Set<string>();
    const refusedButOnObjects: string[] = [];
    const allowedOnObjects = new Set<string>();
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      const result = evaluate({
        cluster: 'test',
        scope: 'cluster',
        objects,
        cloud: loadDescriptor(`${provider}-bad`),
      });
      for (const finding of result.findings) {
        const definition = getCheckDefinition(finding.checkId)!;
        if (notAboutKubernetesObjects(definition)) {
          refusedWithFindings.add(finding.checkId);
          // An annotation could only ever cover findings on an object it sits on.
          if (objectKinds.has(finding.resource.kind)) {
            refusedButOnObjects.push(
              `${finding.checkId} on ${finding.resource.kind}`,
            );
          }
        } else if (objectKinds.has(finding.resource.kind)) {
          allowedOnObjects.add(finding.checkId);
        }
      }
    }
    expect(refusedButOnObjects).toEqual([]);
    // The fixtures exercise both sides of the rule, so it cannot pass vacuously.
    expect(refusedWithFindings.size).toBeGreaterThan(5);
    expect([...refusedWithFindings]).toEqual(
      expect.arrayContaining([
        'workload-admission-policy/policy-engine',
        'cluster-private-access/public-endpoint',
      ]),
    );
    expect([...allowedOnObjects]).toEqual(
      expect.arrayContaining([
        'workload-admission-policy/privileged-container',
        'workload-admission-policy/pod-security-labels',
        'cluster-private-access/public-node-ips',
      ]),
    );
  });

  it('keeps the check-id key form to one "/"-free name', () => {
    expect(checkIdKeyForm('workload-admission-policy/host-path')).toBe(
      'workload-admission-policy.host-path',
    );
  });
});
