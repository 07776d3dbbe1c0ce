import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createKubeSecurityFindingConditionalDecision,
  kubeSecurityFindingConditions,
  kubeSecurityFindingsReadPermission,
  kubeSecurityAttestationCreatePermission,
  kubeSecurityAttestationRevokePermission,
  kubeSecurityExceptionCreatePermission,
  kubeSecurityExceptionRevokePermission,
} from '@kube-security/plugin-kube-security-common';

/** Deciding for an entity: accepting, attesting, and revoking either. */
const DECISION_PERMISSIONS = [
  kubeSecurityExceptionCreatePermission,
  kubeSecurityAttestationCreatePermission,
  kubeSecurityExceptionRevokePermission,
  kubeSecurityAttestationRevokePermission,
];

/** Options of {@link KubeSecurityPermissionPolicy}. */
export interface KubeSecurityPermissionPolicyOptions {
  /**
   * Canonical entity refs (see readKubeSecurityPolicyConfig) whose members may accept risks
   * and attest on any entity.
   */
  securityGroups: string[];
  /** Resolves the ownership entity refs (the user and their groups) of the caller. */
  userInfo: UserInfoService;
  /**
   * When true, a user outside the security groups reads only the findings (plans, teams,
   * exceptions, audit, export) of the entities their teams own; unowned findings only
   * the security groups see. Default false: everyone reads what the catalog shows them.
   */
  readOwnedOnly?: boolean;
}

/**
 * An example permission policy for Kube Security.
 *
 * - Accepting a risk, attesting, and revoking either (resource permissions on the
 *   catalog entity): allowed
 *   for members of a security group on any entity, otherwise only for the entity's owners
 *   (a conditional decision the catalog resolves with its isEntityOwner rule); denied when
 *   the request carries no user.
 * - Reading findings: allowed (the backend still shows only what the catalog lets the
 *   user see); with `readOwnedOnly`, security groups read everything and everyone else
 *   only their teams' findings (the plugin's isOwner rule).
 * - Every other permission: allowed. This keeps the example usable on its own, but a real
 *   deployment has its own rules for the rest: copy the Kube Security branch below into
 *   that policy instead of installing this one (see docs/permissions.md).
 */
export class KubeSecurityPermissionPolicy implements PermissionPolicy {
  private readonly securityGroups: ReadonlySet<string>;
  private readonly userInfo: UserInfoService;
  private readonly readOwnedOnly: boolean;

  constructor(options: KubeSecurityPermissionPolicyOptions) {
    this.readOwnedOnly = options.readOwnedOnly ?? false;
    this.securityGroups = new Set(
      options.securityGroups.map(ref => ref.toLocaleLowerCase('en-US')),
    );
    this.userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      DECISION_PERMISSIONS.some(p => isPermission(permission, p))
    ) {
      // Without a user there is no owner to compare with.
      if (!user) return { result: AuthorizeResult.DENY };
      // Asked through the user info service rather than the deprecated user.info.
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      if (this.isSecurityMember(ownershipEntityRefs)) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }

    if (
      this.readOwnedOnly &&
      isResourcePermission(permission, 'kube-security-finding') &&
      isPermission(permission, kubeSecurityFindingsReadPermission)
    ) {
      if (!user) return { result: AuthorizeResult.DENY };
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      if (this.isSecurityMember(ownershipEntityRefs)) {
        return { result: AuthorizeResult.ALLOW };
      }
      // The plugin's own rule, resolved by the Kube Security backend on every list.
      return createKubeSecurityFindingConditionalDecision(
        permission,
        kubeSecurityFindingConditions.isOwner({ claims: ownershipEntityRefs }),
      );
    }

    // Everything else is allowed here only to keep the example self-contained; a real
    // policy decides the other permissions with its own rules.
    return { result: AuthorizeResult.ALLOW };
  }

  private isSecurityMember(ownershipEntityRefs: string[]): boolean {
    return ownershipEntityRefs.some(ref =>
      this.securityGroups.has(ref.toLocaleLowerCase('en-US')),
    );
  }
}
