import { parse as parseYaml } from 'yaml';
import type { Check, CheckContext } from '../../engine/check';
import type { EksDescriptor } from '../../snapshot/types';
import {
  aksOf,
  clusterResource,
  eksOf,
  either,
  gkeOf,
  isDescribed,
  isObject,
  lastSegment,
  list,
} from './descriptor';
import { azurePrincipal, gcpGrants, gcpUser } from './principals';

/** More principals than this with full control of a cluster is a finding. */
export const MAX_CLUSTER_ADMINS = 3;

const GKE_ADMIN_ROLES = new Set([
  'roles/owner',
  'roles/container.admin',
  'roles/container.clusterAdmin',
]);

const AKS_ADMIN_ROLES = new Set([
  'Azure Kubernetes Service RBAC Cluster Admin',
  'Azure Kubernetes Service Cluster Admin Role',
  'Owner',
]);

interface Admin {
  principal: string;
  /** Set for human users, who should reach admin rights only through a group or role. */
  user?: string;
  /** What grants it, for the message. */
  via: string;
  path: string;
}

/** Distinct principals with the first grant seen for each. */
function distinct(admins: Admin[]): Admin[] {
  const seen = new Map<string, Admin>();
  for (const admin of admins) {
    if (!seen.has(admin.principal)) seen.set(admin.principal, admin);
  }
  return [...seen.values()];
}

function parseMapping(text: unknown): any[] {
  if (typeof text !== 'string') return [];
  try {
    return list(parseYaml(text));
  } catch {
    return [];
  }
}

/** EKS admins from access entries and, unless the cluster ignores it, the aws-auth ConfigMap. */
function eksAdmins(ctx: CheckContext, eks: EksDescriptor): Admin[] | undefined {
  const admins: Admin[] = [];
  let evidence = false;
  if (Array.isArray(eks.accessEntries)) {
    evidence = true;
    eks.accessEntries.forEach((entry, i) => {
      if (!isObject(entry) || typeof entry.principalArn !== 'string') return;
      const isAdmin = list(entry.accessPolicies).some(
        p =>
          isObject(p) &&
          String(p.policyArn ?? '').endsWith('/AmazonEKSClusterAdminPolicy') &&
          (p.accessScope?.type ?? 'cluster') === 'cluster',
      );
      if (!isAdmin) return;
      const arn: string = entry.principalArn;
      admins.push({
        principal: arn,
        user: /:user\//.test(arn) ? lastSegment(arn) : undefined,
        via: 'an access entry with AmazonEKSClusterAdminPolicy',
        path: `accessEntries[${i}].principalArn`,
      });
    });
  }
  if (eks.cluster.accessConfig?.authenticationMode !== 'API') {
    const awsAuth = ctx.index
      .ofKind('ConfigMap')
      .find(
        cm =>
          cm.metadata.namespace === 'kube-system' &&
          cm.metadata.name === 'aws-auth',
      );
    const data = (awsAuth as any)?.data;
    if (isObject(data)) {
      evidence = true;
      for (const field of ['mapUsers', 'mapRoles'] as const) {
        for (const m of parseMapping(data[field])) {
          const arn = m?.userarn ?? m?.rolearn;
          if (
            typeof arn !== 'string' ||
            !list(m.groups).includes('system:masters')
          )
            continue;
          admins.push({
            principal: arn,
            user: field === 'mapUsers' ? lastSegment(arn) : undefined,
            via: 'system:masters in the kube-system/aws-auth ConfigMap',
            path: `data.${field}`,
          });
        }
      }
    }
  }
  return evidence ? distinct(admins) : undefined;
}

/**
 * Few principals should have full control of a cluster, and never a person directly:
 * admin rights belong to a role or group that people assume when they need it.
 */
export const clusterAdminsCheck: Check = {
  id: 'cloud-iam-least-privilege/cluster-admins',
  itemId: 'cloud-iam-least-privilege',
  reads: ['ConfigMap'],
  run(ctx) {
    const { index, report } = ctx;
    const cluster = clusterResource(index);
    let admins: Admin[] | undefined;
    let countPath = '';
    const notes: string[] = [];
    let provider = '';

    const eks = eksOf(index);
    const gke = gkeOf(index);
    const aks = aksOf(index);
    if (eks) {
      provider = 'EKS';
      admins = eksAdmins(ctx, eks);
      countPath = Array.isArray(eks.accessEntries)
        ? 'accessEntries'
        : 'data.mapRoles';
      if (
        !Array.isArray(eks.accessEntries) &&
        eks.cluster.accessConfig?.bootstrapClusterCreatorAdminPermissions ===
          true &&
        admins
      ) {
        notes.push(
          'the IAM identity that created the cluster was granted cluster admin at creation',
        );
      }
    } else if (gke) {
      provider = 'GKE';
      const policy = gke.account?.iamPolicy;
      if (isObject(policy) && Array.isArray(policy.bindings)) {
        countPath = 'account.iamPolicy.bindings';
        admins = distinct(
          gcpGrants(policy)
            .filter(g => GKE_ADMIN_ROLES.has(g.role))
            .map(g => ({
              principal: g.member,
              user: gcpUser(g.member),
              via: g.role,
              path: g.path,
            })),
        );
      }
    } else if (aks) {
      provider = 'AKS';
      const assignments = aks.account?.roleAssignments;
      if (Array.isArray(assignments)) {
        countPath = 'account.roleAssignments';
        const found: Admin[] = [];
        assignments.forEach((a, i) => {
          if (!isObject(a) || !AKS_ADMIN_ROLES.has(a.roleDefinitionName))
            return;
          found.push({
            principal: azurePrincipal(a),
            user: a.principalType === 'User' ? azurePrincipal(a) : undefined,
            via: `"${a.roleDefinitionName}"`,
            path: `account.roleAssignments[${i}].principalType`,
          });
        });
        const aad = aks.cluster.aadProfile;
        list(either(aad, 'adminGroupObjectIDs', 'adminGroupObjectIds')).forEach(
          (id, i) =>
            found.push({
              principal: String(id),
              via: 'the cluster admin groups of its Entra ID integration',
              path: `cluster.aadProfile.adminGroupObjectIDs[${i}]`,
            }),
        );
        admins = distinct(found);
        if (
          aks.cluster.disableLocalAccounts !== true &&
          (isDescribed(aks) || 'disableLocalAccounts' in aks.cluster)
        ) {
          notes.push(
            'local accounts are enabled, so anyone allowed to run `az aks get-credentials --admin` gets a cluster-admin certificate that bypasses Entra ID',
          );
        }
      }
    }
    if (!admins) return false;

    for (const admin of admins) {
      if (!admin.user) continue;
      report({
        message:
          `${provider} cluster admin rights are granted directly to the user ${admin.user} ` +
          `(via ${admin.via}); grant them to a role or group that is assumed on demand.`,
        resource: { kind: 'IAMUser', name: admin.user },
        evidencePath: admin.path,
      });
    }
    if (admins.length > MAX_CLUSTER_ADMINS) {
      report({
        message:
          `${admins.length} principals have full control of the ${provider} cluster ` +
          `(${admins
            .map(a => lastSegment(a.principal))
            .join(', ')}); keep it to ` +
          `${MAX_CLUSTER_ADMINS} or fewer break-glass identities${
            notes.length ? `; also, ${notes.join('; ')}.` : '.'
          }`,
        resource: cluster,
        evidencePath: countPath,
      });
    } else if (notes.length) {
      report({
        status: 'warn',
        severity: 'medium',
        message: `On the ${provider} cluster, ${notes.join('; ')}.`,
        resource: cluster,
        evidencePath: aks
          ? 'cluster.disableLocalAccounts'
          : 'cluster.accessConfig.bootstrapClusterCreatorAdminPermissions',
      });
    }
    return true;
  },
};
