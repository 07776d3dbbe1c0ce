import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  PermissionCondition,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  kubeSecurityAttestationCreatePermission,
  kubeSecurityAttestationRevokePermission,
  kubeSecurityExceptionCreatePermission,
  kubeSecurityExceptionRevokePermission,
  kubeSecurityFindingsReadPermission,
  kubeSecurityScanTriggerPermission,
} from '@kube-security/plugin-kube-security-common';
import { KubeSecurityPermissionPolicy } from './policy';

/** Ownership entity refs per user, as the auth backend would resolve them. */
const directory: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/payments'],
  'user:default/sam': ['user:default/sam', 'group:default/security'],
  'user:default/nora': ['user:default/nora'],
};

const userInfo = mockServices.userInfo.mock({
  getUserInfo: async (credentials: BackstageCredentials) => {
    const { userEntityRef } = (
      credentials as BackstageCredentials<BackstageUserPrincipal>
    ).principal;
    return { userEntityRef, ownershipEntityRefs: directory[userEntityRef] };
  },
});

function userFor(userEntityRef: string): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: directory[userEntityRef] },
  };
}

function entityOwnedBy(owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { type: 'service', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const policy = new KubeSecurityPermissionPolicy({
  securityGroups: ['group:default/security'],
  userInfo,
});

const decisionPermissions = [
  kubeSecurityExceptionCreatePermission,
  kubeSecurityAttestationCreatePermission,
  kubeSecurityExceptionRevokePermission,
  kubeSecurityAttestationRevokePermission,
];

describe('KubeSecurityPermissionPolicy', () => {
  beforeEach(() => jest.clearAllMocks());

  describe.each(decisionPermissions)('$name', permission => {
    it('lets only the owners act: a conditional decision on isEntityOwner with the user claims', async () => {
      const alice = userFor('user:default/alice');
      const decision = await policy.handle({ permission }, alice);

      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/alice', 'group:default/payments'],
          },
        },
      });
      expect(userInfo.getUserInfo).toHaveBeenCalledWith(alice.credentials);
    });

    it('builds conditions that the catalog resolves to the owning team only', async () => {
      const decision = (await policy.handle(
        { permission },
        userFor('user:default/alice'),
      )) as ConditionalPolicyDecision;
      const condition = decision.conditions as Required<
        PermissionCondition<'catalog-entity', { claims: string[] }>
      >;
      const rule = permissionRules.isEntityOwner;

      expect(condition.rule).toBe(rule.name);
      expect(
        rule.apply(entityOwnedBy('group:default/payments'), condition.params),
      ).toBe(true);
      expect(
        rule.apply(entityOwnedBy('group:default/storefront'), condition.params),
      ).toBe(false);
    });

    it('allows a member of a security group on any entity', async () => {
      const decision = await policy.handle(
        { permission },
        userFor('user:default/sam'),
      );
      expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
    });

    it('denies a request without a user', async () => {
      const decision = await policy.handle({ permission });
      expect(decision).toEqual({ result: AuthorizeResult.DENY });
      expect(userInfo.getUserInfo).not.toHaveBeenCalled();
    });
  });

  it('gives a user who belongs to no group a condition on their own ref only', async () => {
    const decision = await policy.handle(
      { permission: kubeSecurityExceptionCreatePermission },
      userFor('user:default/nora'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: ['user:default/nora'] } },
    });
  });

  it('compares security group refs without regard to case', async () => {
    const mixedCase = new KubeSecurityPermissionPolicy({
      securityGroups: ['group:default/Platform-Security'],
      userInfo: mockServices.userInfo({
        ownershipEntityRefs: ['group:default/platform-security'],
      }),
    });
    const decision = await mixedCase.handle(
      { permission: kubeSecurityAttestationCreatePermission },
      userFor('user:default/nora'),
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('does not treat an empty list of security groups as everyone', async () => {
    const ownersOnly = new KubeSecurityPermissionPolicy({
      securityGroups: [],
      userInfo,
    });
    const decision = await ownersOnly.handle(
      { permission: kubeSecurityExceptionCreatePermission },
      userFor('user:default/sam'),
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it.each([
    ['the plugin read permission', kubeSecurityFindingsReadPermission],
    ['the plugin scan permission', kubeSecurityScanTriggerPermission],
    [
      'a permission of another plugin',
      createPermission({
        name: 'catalog.entity.delete',
        attributes: { action: 'delete' },
        resourceType: 'catalog-entity',
      }),
    ],
  ])('allows %s, for users and without one', async (_, permission) => {
    await expect(
      policy.handle({ permission }, userFor('user:default/nora')),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(userInfo.getUserInfo).not.toHaveBeenCalled();
  });

  describe('reading with readOwnedOnly', () => {
    const owned = new KubeSecurityPermissionPolicy({
      securityGroups: ['group:default/security'],
      userInfo,
      readOwnedOnly: true,
    });

    it("answers the plugin's isOwner condition with the user's claims", async () => {
      const decision = await owned.handle(
        { permission: kubeSecurityFindingsReadPermission },
        userFor('user:default/alice'),
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'kube-security',
        resourceType: 'kube-security-finding',
        conditions: {
          rule: 'IS_OWNER',
          resourceType: 'kube-security-finding',
          params: {
            claims: ['user:default/alice', 'group:default/payments'],
          },
        },
      });
    });

    it('allows the security groups and denies requests without a user', async () => {
      await expect(
        owned.handle(
          { permission: kubeSecurityFindingsReadPermission },
          userFor('user:default/sam'),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        owned.handle({ permission: kubeSecurityFindingsReadPermission }),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    });
  });
});
