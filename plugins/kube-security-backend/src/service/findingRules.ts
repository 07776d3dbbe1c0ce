import {
  createConditionAuthorizer,
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import type { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  KUBE_SECURITY_FINDING_RESOURCE_TYPE,
  KUBE_SECURITY_PLUGIN_ID,
  SEVERITIES,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { z } from 'zod';

/**
 * What the plugin's permission rules see of a finding: its entity and that entity's
 * owners (none for an unowned finding), its cluster and its severity. Entity-level records
 * (a team, an exception, an audit event) are judged as a resource without cluster or
 * severity, so a rule on those never lets them through.
 */
export interface FindingResource {
  entityRef?: string;
  ownerRefs: string[];
  cluster?: string;
  severity?: Severity;
}

/** Rules never become database queries here: lists are filtered after loading. */
type FindingQuery = never;

export const findingResourceRef = createPermissionResourceRef<
  FindingResource,
  FindingQuery
>().with({
  pluginId: KUBE_SECURITY_PLUGIN_ID,
  resourceType: KUBE_SECURITY_FINDING_RESOURCE_TYPE,
});

const lower = (s: string) => s.toLocaleLowerCase('en-US');

const isOwner = createPermissionRule({
  name: 'IS_OWNER',
  description:
    "Allow findings of entities owned by one of the given user or group refs (the caller's ownership refs)",
  resourceRef: findingResourceRef,
  paramsSchema: z.object({
    claims: z.array(z.string()).describe('Ownership entity refs'),
  }),
  apply: (resource, { claims }) => {
    const wanted = new Set(claims.map(lower));
    return resource.ownerRefs.some(ref => wanted.has(lower(ref)));
  },
  toQuery: () => {
    throw new Error('IS_OWNER is applied to loaded findings only');
  },
});

const inCluster = createPermissionRule({
  name: 'IN_CLUSTER',
  description: 'Allow findings about one of the given clusters',
  resourceRef: findingResourceRef,
  paramsSchema: z.object({
    clusters: z.array(z.string()).describe('Cluster names as configured'),
  }),
  apply: (resource, { clusters }) =>
    resource.cluster !== undefined && clusters.includes(resource.cluster),
  toQuery: () => {
    throw new Error('IN_CLUSTER is applied to loaded findings only');
  },
});

const hasSeverity = createPermissionRule({
  name: 'HAS_SEVERITY',
  description: 'Allow findings of one of the given severities',
  resourceRef: findingResourceRef,
  paramsSchema: z.object({
    severities: z.array(z.enum(SEVERITIES as [Severity, ...Severity[]])),
  }),
  apply: (resource, { severities }) =>
    resource.severity !== undefined && severities.includes(resource.severity),
  toQuery: () => {
    throw new Error('HAS_SEVERITY is applied to loaded findings only');
  },
});

/** The plugin's rules on findings, registered with the permissions registry. */
export const findingRules = { isOwner, inCluster, hasSeverity };

/** Conditions and conditional decisions for policies that can import the backend. */
export const {
  conditions: kubeSecurityFindingRuleConditions,
  createConditionalDecision: createFindingConditionalDecision,
} = createConditionExports({
  resourceRef: findingResourceRef,
  rules: findingRules,
});

/** Whether a decision (allow, deny, or conditions of these rules) lets a resource through. */
export const authorizeFinding: (
  decision: PolicyDecision,
  resource: FindingResource,
) => boolean = createConditionAuthorizer(Object.values(findingRules));
