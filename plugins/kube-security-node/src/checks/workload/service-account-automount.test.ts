import {
  badObjects,
  findingsOf,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { serviceAccountAutomountCheck as check } from './service-account-automount';

describe('workload-rbac-least-privilege/service-account-automount', () => {
  it('passes accounts that turn automounting off', () => {
    expect(flaggedBy(check, badObjects())).toEqual([]);
    expect(flaggedBy(check, goodObjects())).toEqual([
      'service-account-automount fail low ServiceAccount/team-a/api @ automountServiceAccountToken',
    ]);
  });

  it('flags default accounts (CIS 5.1.5) above other accounts (CIS 5.1.6)', () => {
    const objects = yamlObjects(`
apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: ServiceAccount, metadata: { name: default, namespace: team-a } }
  - { apiVersion: v1, kind: ServiceAccount, metadata: { name: worker, namespace: team-a } }
  - { apiVersion: v1, kind: ServiceAccount, metadata: { name: default, namespace: kube-system } }
  - apiVersion: v1
    kind: Pod
    metadata: { name: job, namespace: team-a }
    spec:
      serviceAccountName: worker
      containers: [{ name: job, image: app:1 }]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'service-account-automount fail ServiceAccount/team-a/default @ automountServiceAccountToken',
      'service-account-automount fail low ServiceAccount/team-a/worker @ automountServiceAccountToken',
    ]);
    const standards = Object.fromEntries(
      findingsOf(check, objects).map(f => [f.resource.name, f.standards]),
    );
    expect(standards).toEqual({
      default: ['CIS 5.1.5', 'CIS 5.1.6', 'NSA/CISA: Service account tokens'],
      worker: ['CIS 5.1.6', 'NSA/CISA: Service account tokens'],
    });
  });

  it('leaves another account alone while no workload of the scan mounts its token', () => {
    const objects = yamlObjects(`
apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: ServiceAccount, metadata: { name: lonely, namespace: team-a } }
  - { apiVersion: v1, kind: ServiceAccount, metadata: { name: opted-out, namespace: team-a } }
  - apiVersion: v1
    kind: Pod
    metadata: { name: p, namespace: team-a }
    spec:
      serviceAccountName: opted-out
      automountServiceAccountToken: false
      containers: [{ name: app, image: app:1 }]
`);
    expect(flaggedBy(check, objects)).toEqual([]);
  });
});
