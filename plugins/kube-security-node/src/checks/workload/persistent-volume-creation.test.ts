import { flaggedBy, yamlObjects } from './__testUtils__/rbacFixtures';
import { persistentVolumeCreationCheck as check } from './persistent-volume-creation';

describe('workload-rbac-least-privilege/persistent-volume-creation', () => {
  it('flags create on PersistentVolumes, not on claims', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: storage-admin }
rules:
  - { apiGroups: [''], resources: [persistentvolumes], verbs: [create, delete] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: claims, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [persistentvolumeclaims], verbs: [create] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'persistent-volume-creation fail medium ClusterRole/-/storage-admin @ rules[0].resources',
    ]);
  });
});
