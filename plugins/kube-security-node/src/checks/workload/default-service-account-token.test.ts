import { runOn } from './__testUtils__/testing';
import {
  badObjects,
  flaggedBy,
  goodObjects,
  RBAC_ITEM as ITEM,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { defaultServiceAccountTokenCheck as check } from './default-service-account-token';

describe('workload-rbac-least-privilege/default-service-account-token', () => {
  it('flags pods that run as default with its token mounted', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      'default-service-account-token fail Deployment/team-b/web @ spec.template.spec.automountServiceAccountToken',
      'default-service-account-token fail Pod/team-c/debug @ spec.automountServiceAccountToken',
    ]);
  });

  it('passes pods or default accounts that turn automounting off, in both modes', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn([check], goodObjects(), { scope });
      expect(run.findings.filter(f => f.status !== 'pass')).toEqual([]);
      expect(run.evidence[check.id]).toBe(true);
    }
  });

  it('needs workloads only, not bindings', () => {
    const objects = badObjects().filter(o => !o.kind.endsWith('Binding'));
    expect(
      runOn([check], objects).evidence[`${ITEM}/default-service-account-token`],
    ).toBe(true);
  });

  it('reads a quoted false and an empty service account name', () => {
    const objects = yamlObjects(`
apiVersion: v1
kind: Pod
metadata: { name: quoted, namespace: team-a }
spec:
  automountServiceAccountToken: 'false'
  containers: [{ name: c, image: registry.example.com/c:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: empty-name, namespace: team-a }
spec:
  serviceAccountName: ''
  containers: [{ name: c, image: registry.example.com/c:1 }]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'default-service-account-token fail Pod/team-a/empty-name @ spec.automountServiceAccountToken',
    ]);
  });
});
