import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { kubeSecurityExceptionCreatePermission } from '@kube-security/plugin-kube-security-common';
import permissionModuleKubeSecurityPolicy from './index';
import { KubeSecurityPermissionPolicy } from './policy';

// The permission backend itself is not a dependency of this package, so the module runs
// against the policy extension point that startTestBackend registers for the permission
// plugin: the same contract the permission backend offers.
async function startWith(config: { securityGroups?: string[] }) {
  const setPolicy = jest.fn<void, [PermissionPolicy]>();
  await startTestBackend({
    extensionPoints: [[policyExtensionPoint, { setPolicy }]],
    features: [
      permissionModuleKubeSecurityPolicy,
      mockServices.rootConfig.factory({
        data: { kubeSecurity: { permissionPolicy: config } },
      }),
      // Alice is in the payments team and the configured security group.
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: 'user:default/alice',
          ownershipEntityRefs: [
            'user:default/alice',
            'group:default/payments',
            'group:platform/appsec',
          ],
        }),
      }).factory,
    ],
  });
  return setPolicy;
}

function aliceRequest(policy: PermissionPolicy) {
  const credentials = mockCredentials.user('user:default/alice');
  return policy.handle(
    { permission: kubeSecurityExceptionCreatePermission },
    {
      credentials,
      info: { userEntityRef: 'user:default/alice', ownershipEntityRefs: [] },
    },
  );
}

describe('permissionModuleKubeSecurityPolicy', () => {
  it('registers the Kube Security policy with the configured security groups', async () => {
    const setPolicy = await startWith({ securityGroups: ['platform/appsec'] });

    expect(setPolicy).toHaveBeenCalledTimes(1);
    const [policy] = setPolicy.mock.calls[0];
    expect(policy).toBeInstanceOf(KubeSecurityPermissionPolicy);
    // Alice belongs to group:platform/appsec, so the configured group lets her act anywhere.
    await expect(aliceRequest(policy)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('uses the default security group when none is configured', async () => {
    const setPolicy = await startWith({});

    const [policy] = setPolicy.mock.calls[0];
    // Alice is not in group:default/security: she may act on what her teams own only.
    await expect(aliceRequest(policy)).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: {
          claims: [
            'user:default/alice',
            'group:default/payments',
            'group:platform/appsec',
          ],
        },
      },
    });
  });

  it('fails the start with an error naming the key and the bad ref', async () => {
    await expect(
      startWith({ securityGroups: ['group:default/security', 'api:x'] }),
    ).rejects.toThrow(
      'Invalid config kubeSecurity.permissionPolicy.securityGroups[1]: "api:x" has kind "api"',
    );
  });
});
