import { flaggedBy, yamlObjects } from './__testUtils__/rbacFixtures';
import { serviceAccountTokenCreationCheck as check } from './service-account-token-creation';

describe('workload-rbac-least-privilege/service-account-token-creation', () => {
  it('flags create on serviceaccounts/token, not on service accounts', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: token-minter, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [serviceaccounts/token], verbs: [create] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: sa-admin, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [serviceaccounts], verbs: [create, get] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'service-account-token-creation fail low Role/team-a/token-minter @ rules[0].resources',
    ]);
  });
});
