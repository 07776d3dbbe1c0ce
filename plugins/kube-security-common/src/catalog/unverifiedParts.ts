import { ActionItemId, UnverifiedPart } from '../types';

/**
 * What each practice asks for that no automated check can see: the checks read cluster
 * objects and cloud descriptors, not how people work, what a rule was meant to allow or what
 * happens after an alert fires. A team covers these parts with an attestation (a statement,
 * a link to its evidence and an expiry). Every item has at least one.
 */
export const UNVERIFIED_PARTS: Readonly<
  Record<ActionItemId, readonly UnverifiedPart[]>
> = {
  'cloud-network-isolation': [
    {
      id: 'no-unrelated-neighbours',
      statement:
        "Nothing unrelated to the cluster (VMs, databases, other teams' services) lives in its subnets.",
    },
    {
      id: 'narrow-cross-network-rules',
      statement:
        'Traffic to and from other networks passes through named peerings, private endpoints or load balancers whose rules were reviewed.',
    },
  ],
  'cloud-mfa-enforced': [
    {
      id: 'enforced-in-identity-provider',
      statement:
        'The identity provider behind single sign-on requires a second factor for everyone who can reach the cloud console or CLI.',
    },
    {
      id: 'hardware-factors-for-admins',
      statement:
        'Administrators sign in with hardware or phishing-resistant factors, and break-glass accounts are few and watched.',
    },
  ],
  'cloud-iam-least-privilege': [
    {
      id: 'regular-access-review',
      statement:
        'Who holds control over the cluster and its cloud resources is reviewed on a fixed schedule, and unused grants are removed.',
    },
  ],
  'cloud-audit-logging': [
    {
      id: 'managed-service-logs',
      statement:
        'Every managed service the workloads use has its own logging turned on.',
    },
    {
      id: 'vm-log-agents',
      statement:
        'Virtual machines outside the cluster run an agent that sends system and application logs to the central store.',
    },
    {
      id: 'siem-triage',
      statement:
        'A SIEM collects these logs, filters and ranks what it finds, and someone handles its alerts as they arrive.',
    },
  ],
  'cluster-private-access': [
    {
      id: 'admin-path',
      statement:
        'Administrators reach the API server and nodes only through a VPN, a bastion or private connectivity.',
    },
  ],
  'cluster-multi-zone': [
    {
      id: 'replicas-spread',
      statement:
        'Critical workloads spread their replicas over zones (topology spread or anti-affinity) and have disruption budgets.',
    },
  ],
  'cluster-audit-logging': [
    {
      id: 'central-restricted-store',
      statement:
        'Audit logs are kept outside the cluster, in a store only the security team can read, for as long as investigations need.',
    },
    {
      id: 'allowed-and-denied',
      statement:
        'The logs hold refused requests as well as successful ones, so an incident can be traced from start to end.',
    },
  ],
  'cluster-security-features': [
    {
      id: 'standard-build',
      statement:
        "These features are part of the organisation's standard cluster template, so every new cluster has them from day one.",
    },
  ],
  'cluster-node-least-privilege': [
    {
      id: 'node-permissions-reviewed',
      statement:
        "The node role's permissions were reviewed and hold only what nodes need to join, pull images and ship logs.",
    },
  ],
  'workload-central-telemetry': [
    {
      id: 'metrics-and-host-logs',
      statement:
        'Host and kubelet logs and node and container metrics reach the central platform, not only container logs.',
    },
    {
      id: 'correlated-with-cloud',
      statement:
        'The same platform holds the cluster and cloud audit logs, so an event can be followed across them.',
    },
  ],
  'workload-namespace-isolation': [
    {
      id: 'team-separation',
      statement:
        'Workloads of different teams run in different namespaces; no namespace is shared between teams.',
    },
    {
      id: 'purposeful-names',
      statement:
        'Namespace names follow an agreed scheme that tells which team, application and tier they hold.',
    },
  ],
  'workload-rbac-least-privilege': [
    {
      id: 'admin-developer-split',
      statement:
        'Cluster administrators and developers are separate groups: developers get namespace-scoped rights and no access to system namespaces such as kube-system.',
    },
    {
      id: 'roles-fit-workloads',
      statement:
        'Each custom Role was written for the workload that uses it and lists only the resources and verbs it calls.',
    },
  ],
  'workload-admission-policy': [
    {
      id: 'exceptions-reviewed',
      statement:
        'The workloads exempted from the admission policy are listed, each with a reason, and the list is reviewed.',
    },
  ],
  'workload-network-policies': [
    {
      id: 'flows-match-needs',
      statement:
        'The allow rules were checked against the flows each workload really needs; nothing wider is allowed.',
    },
    {
      id: 'sensitive-first',
      statement:
        'Workloads that are exposed, take outside input or hold sensitive data were covered first.',
    },
  ],
  'workload-runtime-monitoring': [
    {
      id: 'alerts-handled',
      statement:
        'Runtime alerts reach an on-call person with a runbook, and rules are tuned so that each alert is acted on.',
    },
  ],
  'image-minimal-scanned-base': [
    {
      id: 'approved-base-list',
      statement:
        'A short list of approved base images per language is maintained, and builds are refused when they use another.',
    },
    {
      id: 'rebuild-on-base-update',
      statement:
        'A new release of a base image triggers rebuilds of the images built on it, and running images are rescanned.',
    },
  ],
  'image-trusted-registries': [
    {
      id: 'third-party-rebuilt',
      statement:
        'Third-party images are rebuilt from source or mirrored into our own registry, and scanned there, before use.',
    },
  ],
  'image-externalized-config': [
    {
      id: 'nothing-baked-in',
      statement:
        'Images contain no environment settings or credentials: the same image runs unchanged in every environment.',
    },
  ],
  'image-pipeline-checks': [
    {
      id: 'pull-request-checks',
      statement:
        'Every pull request runs secret, dependency, Dockerfile and manifest checks, and an image scan that fails on fixable critical issues.',
    },
    {
      id: 'signed-with-sbom',
      statement: 'Released images are signed and come with an SBOM.',
    },
  ],
};
