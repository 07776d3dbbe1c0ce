import {
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { systemMastersGroupCheck as check } from './system-masters-group';

describe('workload-rbac-least-privilege/system-masters-group', () => {
  it('passes the cluster-admin binding every cluster ships', () => {
    expect(flaggedBy(check, goodObjects())).toEqual([]);
  });

  it('flags other bindings that name system:masters', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: masters-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
  - { kind: User, name: bob }
  - { kind: Group, name: 'system:masters' }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'system-masters-group fail ClusterRoleBinding/-/masters-view @ subjects[1].name',
    ]);
  });
});
