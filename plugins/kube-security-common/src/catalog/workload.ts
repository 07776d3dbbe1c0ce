import { ActionItem, DocLink, RemediationStep } from '../types';
import { check, defineItem } from './define';

// Steps that are plain Kubernetes and therefore the same on every provider.

const POD_SECURITY_LABEL_STEP: RemediationStep = {
  text: 'Preview which running pods would violate the restricted standard (server dry run prints warnings), fix them, then enforce it on the namespace.',
  command: [
    'kubectl label --dry-run=server --overwrite ns <namespace> pod-security.kubernetes.io/enforce=restricted',
    'kubectl label --overwrite ns <namespace> pod-security.kubernetes.io/enforce=restricted',
  ].join('\n'),
};

const SECURITY_CONTEXT_STEP: RemediationStep = {
  text: 'Harden each workload: run as non-root, forbid privilege escalation, drop all capabilities and use the runtime default seccomp profile.',
  manifest: [
    'spec:',
    '  template:',
    '    spec:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile:',
    '          type: RuntimeDefault',
    '      containers:',
    '        - name: <container>',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            readOnlyRootFilesystem: true',
    '            capabilities:',
    '              drop: ["ALL"]',
  ].join('\n'),
};

const KYVERNO_STEP: RemediationStep = {
  text: 'Install a policy engine so violations are rejected cluster-wide with room for audited exceptions: Kyverno with its Pod Security policy set (shown), or Gatekeeper with the gatekeeper-library constraints.',
  command: [
    'helm repo add kyverno https://kyverno.github.io/kyverno/',
    'helm repo update',
    'helm install kyverno kyverno/kyverno -n kyverno --create-namespace',
    'helm install kyverno-policies kyverno/kyverno-policies -n kyverno --set podSecurityStandard=restricted --set validationFailureAction=Enforce',
  ].join('\n'),
};

const DEFAULT_DENY_STEP: RemediationStep = {
  text: 'Start every application namespace from default deny for both directions.',
  manifest: [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: default-deny',
    '  namespace: <namespace>',
    'spec:',
    '  podSelector: {}',
    '  policyTypes:',
    '    - Ingress',
    '    - Egress',
  ].join('\n'),
};

const ALLOW_DNS_STEP: RemediationStep = {
  text: 'Allow DNS lookups to the cluster DNS service.',
  manifest: [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: allow-dns',
    '  namespace: <namespace>',
    'spec:',
    '  podSelector: {}',
    '  policyTypes:',
    '    - Egress',
    '  egress:',
    '    - to:',
    '        - namespaceSelector:',
    '            matchLabels:',
    '              kubernetes.io/metadata.name: kube-system',
    '          podSelector:',
    '            matchLabels:',
    '              k8s-app: kube-dns',
    '      ports:',
    '        - protocol: UDP',
    '          port: 53',
    '        - protocol: TCP',
    '          port: 53',
  ].join('\n'),
};

const ALLOW_FROM_INGRESS_STEP: RemediationStep = {
  text: 'Then allow each required flow explicitly, starting with internet-facing and data-holding workloads, for example traffic from the ingress controller to the app port.',
  manifest: [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: <app>-from-ingress',
    '  namespace: <namespace>',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      app.kubernetes.io/name: <app>',
    '  policyTypes:',
    '    - Ingress',
    '  ingress:',
    '    - from:',
    '        - namespaceSelector:',
    '            matchLabels:',
    '              kubernetes.io/metadata.name: <ingress-namespace>',
    '      ports:',
    '        - protocol: TCP',
    '          port: <port>',
  ].join('\n'),
};

const FIND_DEFAULT_WORKLOADS_STEP: RemediationStep = {
  text: 'List what runs in the default namespace (repeat for kube-system to spot application workloads there).',
  command:
    'kubectl get deployments,statefulsets,daemonsets,cronjobs -n default',
};

const CREATE_NAMESPACE_STEP: RemediationStep = {
  text: 'Create a namespace per team and purpose, labelled with its owner, and redeploy the workloads there (a namespace cannot be changed in place); keep data stores apart from internet-facing services.',
  command: [
    'kubectl create namespace <team>-<app>',
    'kubectl label namespace <team>-<app> owner=<team>',
    'kubectl apply -n <team>-<app> -f <manifests-dir>/',
    'kubectl delete -n default -f <manifests-dir>/',
  ].join('\n'),
};

const RBAC_REVIEW_STEP: RemediationStep = {
  text: 'See which subjects hold cluster-wide bindings and check what a given service account can do.',
  command: [
    "kubectl get clusterrolebindings -o custom-columns='NAME:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name'",
    'kubectl auth can-i --list --as=system:serviceaccount:<namespace>:<service-account>',
  ].join('\n'),
};

const CUSTOM_ROLE_STEP: RemediationStep = {
  text: 'Give each workload its own service account bound to a Role that names only the resources and verbs it uses, and delete bindings to cluster-admin, admin, edit or wildcard roles.',
  manifest: [
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    '  name: <app>',
    '  namespace: <namespace>',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: Role',
    'metadata:',
    '  name: <app>',
    '  namespace: <namespace>',
    'rules:',
    '  - apiGroups: [""]',
    '    resources: ["configmaps"]',
    '    resourceNames: ["<app>-config"]',
    '    verbs: ["get", "watch"]',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: RoleBinding',
    'metadata:',
    '  name: <app>',
    '  namespace: <namespace>',
    'subjects:',
    '  - kind: ServiceAccount',
    '    name: <app>',
    '    namespace: <namespace>',
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    '  kind: Role',
    '  name: <app>',
  ].join('\n'),
};

const NO_DEFAULT_TOKEN_STEP: RemediationStep = {
  text: 'Stop mounting an API token into pods that run as the default service account.',
  command:
    'kubectl patch serviceaccount default -n <namespace> -p \'{"automountServiceAccountToken": false}\'',
};

const FALCO_STEP: RemediationStep = {
  text: 'Or run the open-source Falco sensor as a DaemonSet on every node, with Falcosidekick forwarding alerts to your chat or SIEM.',
  command: [
    'helm repo add falcosecurity https://falcosecurity.github.io/charts',
    'helm repo update',
    'helm install falco falcosecurity/falco --namespace falco --create-namespace --set driver.kind=modern_ebpf --set falcosidekick.enabled=true',
  ].join('\n'),
};

const FLUENT_BIT_STEP: RemediationStep = {
  text: 'Alternatively run your own collector DaemonSet (Fluent Bit shown) that ships node and container logs to your central platform.',
  command: [
    'helm repo add fluent https://fluent.github.io/helm-charts',
    'helm upgrade --install fluent-bit fluent/fluent-bit --namespace logging --create-namespace',
  ].join('\n'),
};

/** Pod Security Standards control ids answered by the admission-policy checks. */
const PSS = {
  hostProcess: 'PSS baseline: HostProcess',
  hostNamespaces: 'PSS baseline: Host Namespaces',
  privileged: 'PSS baseline: Privileged Containers',
  capabilitiesBaseline: 'PSS baseline: Capabilities',
  hostPathVolumes: 'PSS baseline: HostPath Volumes',
  hostPorts: 'PSS baseline: Host Ports',
  appArmor: 'PSS baseline: AppArmor',
  seLinux: 'PSS baseline: SELinux',
  procMount: 'PSS baseline: /proc Mount Type',
  procMountRestricted: 'PSS restricted: /proc Mount Type',
  seccompBaseline: 'PSS baseline: Seccomp',
  sysctls: 'PSS baseline: Sysctls',
  hostProbes: 'PSS baseline: Host Probes / Lifecycle Hooks',
  volumeTypes: 'PSS restricted: Volume Types',
  privilegeEscalation: 'PSS restricted: Privilege Escalation',
  runAsNonRoot: 'PSS restricted: Running as Non-root',
  runAsNonRootUser: 'PSS restricted: Running as Non-root user',
  seccompRestricted: 'PSS restricted: Seccomp',
  capabilitiesRestricted: 'PSS restricted: Capabilities',
} as const;

const K8S_DOCS = {
  podSecurityAdmission: {
    title: 'Pod Security Admission',
    url: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  },
  securityContext: {
    title: 'Configure a Security Context for a Pod or Container',
    url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  },
  networkPolicies: {
    title: 'Network Policies',
    url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  },
  rbacGoodPractices: {
    title: 'Role Based Access Control Good Practices',
    url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  },
  multiTenancy: {
    title: 'Multi-tenancy',
    url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/',
  },
  logging: {
    title: 'Logging Architecture',
    url: 'https://kubernetes.io/docs/concepts/cluster-administration/logging/',
  },
} satisfies Record<string, DocLink>;

/** Items about what runs inside the cluster (plan positions 10-15). */
export const WORKLOAD_ITEMS: ActionItem[] = [
  defineItem({
    id: 'workload-central-telemetry',
    // Only a cluster as a whole can satisfy it (an agent on every node): on a Component it
    // does not apply, so one missing DaemonSet does not count against every team.
    scope: 'cluster',
    category: 'workload',
    order: 10,
    title: 'Collect node and container telemetry outside the cluster',
    why:
      'Intruders clean up after themselves: a deleted pod takes its logs with it and a replaced node takes its journal. ' +
      'Unless host logs, container logs and metrics leave each node as they are written, an intrusion leaves nothing to investigate and nothing to alert on. ' +
      'Central telemetry also lets responders line up a suspicious container with the Kubernetes and cloud API calls it made.',
    whatGoodLooksLike:
      'Every node runs a log and metrics agent (a managed add-on or a DaemonSet such as Fluent Bit or the OpenTelemetry Collector) that ships host, kubelet and container logs plus metrics to a platform outside the cluster, ' +
      'with retention and alerting; the same platform receives the cluster and cloud audit logs so events can be correlated.',
    evidence: ['kubernetes', 'cloud'],
    checks: [
      check(
        'workload-central-telemetry',
        'log-agent',
        'A node-level agent ships logs off the cluster',
        'high',
        'kubernetes',
        {
          additionalEvidence: ['cloud'],
          scope: 'cluster',
          standards: ['NSA/CISA: Audit logging'],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Install the Amazon CloudWatch Observability add-on (CloudWatch agent and Fluent Bit for Container Insights), or run your own collector DaemonSet that ships to your central platform.',
        steps: [
          {
            text: 'Install the add-on with a Pod Identity role that carries CloudWatchAgentServerPolicy, rather than widening the node role.',
            command:
              'aws eks create-addon --cluster-name <cluster> --addon-name amazon-cloudwatch-observability --pod-identity-associations serviceAccount=cloudwatch-agent,roleArn=<role-arn>',
          },
          FLUENT_BIT_STEP,
          {
            text: 'Check that the agent runs on every node.',
            command: 'kubectl get daemonsets -A',
          },
        ],
        docs: [
          {
            title:
              'Install the CloudWatch agent with the Amazon CloudWatch Observability EKS add-on',
            url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html',
          },
          {
            title: 'Container Insights',
            url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html',
          },
          K8S_DOCS.logging,
        ],
      },
      gke: {
        summary:
          'Keep Cloud Logging and Cloud Monitoring enabled for system and workload logs (GKE runs the agents on every node), and export to your SIEM with a log sink when it lives elsewhere.',
        steps: [
          {
            text: 'Make sure system and workload logs and system metrics are collected.',
            command:
              'gcloud container clusters update <cluster> --location=<location> --logging=SYSTEM,WORKLOAD --monitoring=SYSTEM',
          },
          {
            text: 'Export container and node logs to your SIEM through Pub/Sub if it is not Cloud Logging.',
            command:
              'gcloud logging sinks create <sink> pubsub.googleapis.com/projects/<project>/topics/<topic> --log-filter=\'resource.type=("k8s_container" OR "k8s_node")\'',
          },
        ],
        docs: [
          {
            title: 'About GKE logs',
            url: 'https://cloud.google.com/kubernetes-engine/docs/concepts/about-logs',
          },
          {
            title: 'Route logs to supported destinations',
            url: 'https://cloud.google.com/logging/docs/export/configure_export_v2',
          },
        ],
      },
      aks: {
        summary:
          'Enable Container insights (Azure Monitor agent) with a Log Analytics workspace and managed Prometheus for metrics, or run your own collector DaemonSet.',
        steps: [
          {
            text: 'Turn on Container insights for the cluster.',
            command:
              'az aks enable-addons -g <rg> -n <cluster> --addons monitoring --workspace-resource-id <workspace-resource-id>',
          },
          {
            text: 'Collect metrics with Azure Monitor managed service for Prometheus.',
            command:
              'az aks update -g <rg> -n <cluster> --enable-azure-monitor-metrics',
          },
          FLUENT_BIT_STEP,
        ],
        docs: [
          {
            title: 'Enable monitoring for Kubernetes clusters',
            url: 'https://learn.microsoft.com/en-us/azure/azure-monitor/containers/kubernetes-monitoring-enable',
          },
          {
            title: 'Monitor Azure Kubernetes Service',
            url: 'https://learn.microsoft.com/en-us/azure/aks/monitor-aks',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'workload-namespace-isolation',
    category: 'workload',
    order: 11,
    title: 'Run workloads in dedicated, purpose-named namespaces',
    why:
      'Namespaces are what RBAC, NetworkPolicy, quotas and Pod Security labels attach to. ' +
      'When internet-facing services share a namespace with a database, or several teams deploy into `default`, every permission and network rule written for one of them applies to all, so a compromised frontend finds the datastore one hop away. ' +
      "Clear per-team, per-purpose namespaces make the right boundaries cheap to express and keep one team's mistake from disrupting another.",
    whatGoodLooksLike:
      'No application workloads run in `default` or `kube-system`; each team and application tier (public edge, internal services, data stores) has its own namespace, named for its purpose and labelled with its owner; ' +
      'internet-exposed workloads never share a namespace with databases or caches.',
    evidence: ['kubernetes'],
    checks: [
      check(
        'workload-namespace-isolation',
        'default-namespace',
        'Workloads do not run in the default namespace',
        'medium',
        'kubernetes',
        { standards: ['CIS 5.7.4', 'CIS 5.7.1', 'NSA/CISA: Namespaces'] },
      ),
      check(
        'workload-namespace-isolation',
        'system-namespace',
        'Application workloads stay out of kube-system',
        'high',
        'kubernetes',
        { standards: ['CIS 5.7.1', 'NSA/CISA: Namespaces'] },
      ),
      check(
        'workload-namespace-isolation',
        'exposed-with-datastore',
        'Internet-facing workloads do not share a namespace with data stores',
        'high',
        'kubernetes',
        { standards: ['CIS 5.7.1', 'NSA/CISA: Namespaces'] },
      ),
    ],
    remediation: {
      eks: {
        summary:
          "Give each team and application tier its own namespace and scope each team's EKS access entry to its namespaces, so namespace boundaries are also permission boundaries.",
        steps: [
          FIND_DEFAULT_WORKLOADS_STEP,
          CREATE_NAMESPACE_STEP,
          {
            text: "Limit the team's IAM role to its namespaces.",
            command:
              'aws eks associate-access-policy --cluster-name <cluster> --principal-arn <team-role-arn> --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy --access-scope type=namespace,namespaces=<namespace>',
          },
        ],
        docs: [
          K8S_DOCS.multiTenancy,
          {
            title: 'Associate access policies with access entries',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html',
          },
        ],
      },
      gke: {
        summary:
          "Give each team and application tier its own namespace and bind the team's Google group to it with a RoleBinding, so namespace boundaries are also permission boundaries.",
        steps: [
          FIND_DEFAULT_WORKLOADS_STEP,
          CREATE_NAMESPACE_STEP,
          {
            text: "Grant the team's Google group edit rights in its namespace only (requires Google Groups for RBAC).",
            command:
              'kubectl create rolebinding <team>-edit --clusterrole=edit --group=<group-email> --namespace=<namespace>',
          },
        ],
        docs: [
          K8S_DOCS.multiTenancy,
          {
            title: 'Cluster multi-tenancy',
            url: 'https://cloud.google.com/kubernetes-engine/docs/concepts/multitenancy-overview',
          },
        ],
      },
      aks: {
        summary:
          "Give each team and application tier its own namespace and scope the team's Azure RBAC role assignment to it, so namespace boundaries are also permission boundaries.",
        steps: [
          FIND_DEFAULT_WORKLOADS_STEP,
          CREATE_NAMESPACE_STEP,
          {
            text: "Assign the team's Entra group a role scoped to its namespace.",
            command:
              'az role assignment create --assignee-object-id <group-object-id> --assignee-principal-type Group --role "Azure Kubernetes Service RBAC Writer" --scope <cluster-resource-id>/namespaces/<namespace>',
          },
        ],
        docs: [
          K8S_DOCS.multiTenancy,
          {
            title: 'Best practices for cluster isolation in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/operator-best-practices-cluster-isolation',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'workload-rbac-least-privilege',
    category: 'workload',
    order: 12,
    title:
      'Scope Kubernetes RBAC tightly, above all for Secrets and policy objects',
    why:
      "A pod's service account token is the first thing an intruder picks up after breaking into a container, and its permissions decide how far they get next. " +
      'A workload bound to cluster-admin, edit or a wildcard role can read every Secret, start privileged pods, or rewrite RBAC and admission policies to cover its tracks; cluster-wide Secret reads and the escalate, bind and impersonate verbs amount to admin. ' +
      'Narrow custom roles keep a compromised pod contained, and keeping developers apart from cluster administrators limits what a stolen developer credential can do.',
    whatGoodLooksLike:
      'Workloads run under their own service accounts, bound to custom Roles that list only the resources and verbs they use; only platform administrators can read Secrets cluster-wide or change RBAC, webhook and policy objects, ' +
      'and only they hold escalate, bind or impersonate; pods that never call the API do not mount a token; developers get namespace-scoped access separate from cluster administrators.',
    evidence: ['kubernetes'],
    checks: [
      check(
        'workload-rbac-least-privilege',
        'cluster-secrets-read',
        'No non-system subject can read Secrets across the cluster',
        'critical',
        'kubernetes',
        { standards: ['CIS 5.1.2', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'wildcard-permissions',
        'Roles avoid wildcards in verbs, resources and API groups',
        'high',
        'kubernetes',
        {
          standards: [
            'CIS 5.1.3',
            'CIS 5.1.2',
            'CIS 5.1.4',
            'CIS 5.1.8',
            'CIS 5.1.9',
            'CIS 5.1.10',
            'CIS 5.1.11',
            'CIS 5.1.12',
            'CIS 5.1.13',
            'NSA/CISA: RBAC',
          ],
        },
      ),
      check(
        'workload-rbac-least-privilege',
        'builtin-admin-binding',
        'Workload service accounts are not bound to cluster-admin, admin or edit',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.1', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'rbac-modification',
        'Only administrators can change RBAC, webhooks, policies and network policies',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.12', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'escalate-bind-impersonate',
        'The escalate, bind and impersonate verbs are reserved for administrators',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.8', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'default-service-account-token',
        'Pods do not run as the default service account with an API token',
        'medium',
        'kubernetes',
        {
          standards: [
            'CIS 5.1.5',
            'CIS 5.1.6',
            'NSA/CISA: Service account tokens',
          ],
        },
      ),
      check(
        'workload-rbac-least-privilege',
        'cluster-admin-binding',
        'Only administrators hold cluster-admin or a role as strong',
        'critical',
        'kubernetes',
        { standards: ['CIS 5.1.1', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'system-masters-group',
        'No binding relies on the system:masters group',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.7', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'secrets-read',
        'Roles read only the Secrets they name',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.2', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'pod-creation',
        'Roles that create pods or workloads are few and namespaced',
        'medium',
        'kubernetes',
        { standards: ['CIS 5.1.4', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'pod-exec-attach',
        'Exec, attach and port-forward into pods are reserved for administrators',
        'medium',
        'kubernetes',
        { standards: ['NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'persistent-volume-creation',
        'Only administrators can create PersistentVolumes',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.9', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'node-proxy',
        'No role reaches the kubelet through nodes/proxy',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.10', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'csr-approval',
        'Only administrators can approve certificate signing requests',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.11', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'service-account-token-creation',
        'Only administrators can request service account tokens',
        'high',
        'kubernetes',
        { standards: ['CIS 5.1.13', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'default-service-account-binding',
        "No binding grants rights to a namespace's default service account",
        'medium',
        'kubernetes',
        { standards: ['CIS 5.1.5', 'NSA/CISA: RBAC'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'service-account-token-mount',
        'Pods mount a service account token only when they call the API',
        'medium',
        'kubernetes',
        { standards: ['CIS 5.1.6', 'NSA/CISA: Service account tokens'] },
      ),
      check(
        'workload-rbac-least-privilege',
        'service-account-automount',
        'Service accounts do not mount their token by default',
        'medium',
        'kubernetes',
        {
          standards: [
            'CIS 5.1.5',
            'CIS 5.1.6',
            'NSA/CISA: Service account tokens',
          ],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Replace broad bindings with per-workload service accounts and narrow Roles, and map developers to namespace-scoped EKS access policies while only the platform team keeps cluster-wide admin.',
        steps: [
          RBAC_REVIEW_STEP,
          CUSTOM_ROLE_STEP,
          NO_DEFAULT_TOKEN_STEP,
          {
            text: 'Keep developers out of cluster-wide admin by giving their IAM role a namespace-scoped access policy.',
            command:
              'aws eks associate-access-policy --cluster-name <cluster> --principal-arn <developer-role-arn> --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy --access-scope type=namespace,namespaces=<namespace>',
          },
        ],
        docs: [
          K8S_DOCS.rbacGoodPractices,
          {
            title: 'Associate access policies with access entries',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html',
          },
        ],
      },
      gke: {
        summary:
          'Replace broad bindings with per-workload service accounts and narrow Roles; give developers a read-only IAM role on the cluster and their real permissions through namespace RoleBindings.',
        steps: [
          RBAC_REVIEW_STEP,
          CUSTOM_ROLE_STEP,
          NO_DEFAULT_TOKEN_STEP,
          {
            text: 'Give developer groups only the IAM permission to reach the cluster, and grant the rest through Kubernetes RBAC in their namespaces.',
            command:
              'gcloud projects add-iam-policy-binding <project> --member=group:<group-email> --role=roles/container.clusterViewer',
          },
        ],
        docs: [
          K8S_DOCS.rbacGoodPractices,
          {
            title:
              'Authorize actions in clusters using role-based access control',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/role-based-access-control',
          },
        ],
      },
      aks: {
        summary:
          'Replace broad bindings with per-workload service accounts and narrow Roles; give developers namespace-scoped Azure RBAC roles and keep the cluster admin role to the platform team.',
        steps: [
          RBAC_REVIEW_STEP,
          CUSTOM_ROLE_STEP,
          NO_DEFAULT_TOKEN_STEP,
          {
            text: 'Grant developer groups a role scoped to their namespace rather than to the whole cluster.',
            command:
              'az role assignment create --assignee-object-id <group-object-id> --assignee-principal-type Group --role "Azure Kubernetes Service RBAC Writer" --scope <cluster-resource-id>/namespaces/<namespace>',
          },
        ],
        docs: [
          K8S_DOCS.rbacGoodPractices,
          {
            title: 'Use Azure RBAC for Kubernetes authorization',
            url: 'https://learn.microsoft.com/en-us/azure/aks/manage-azure-rbac',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'workload-admission-policy',
    category: 'workload',
    order: 13,
    title: 'Block privileged and host-level pod settings at admission',
    why:
      'A privileged container, a hostPath mount of the root filesystem or the container runtime socket, or sharing the host network or PID namespace each hand a compromised pod its node, and with it every other pod scheduled there. ' +
      'Almost no application needs these settings, yet Kubernetes accepts them unless something rejects them at admission. ' +
      'Pod Security Admission labels plus a policy engine such as Kyverno or Gatekeeper refuse such specs before they run, so one careless manifest or one leaked CI token cannot become a node takeover.',
    whatGoodLooksLike:
      'Every application namespace carries pod-security.kubernetes.io/enforce=restricted (baseline at the very least); a policy engine (Kyverno, Gatekeeper or ValidatingAdmissionPolicy) rejects privileged pods, host namespaces, hostPath volumes and added capabilities outside an explicit allow-list for platform components; ' +
      'workloads run as non-root with allowPrivilegeEscalation: false, all capabilities dropped and the RuntimeDefault seccomp profile.',
    evidence: ['kubernetes'],
    checks: [
      check(
        'workload-admission-policy',
        'privileged-container',
        'Containers do not run privileged',
        'critical',
        'kubernetes',
        {
          standards: [
            PSS.privileged,
            'CIS 5.2.2',
            'NSA/CISA: Privileged containers',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'run-as-root',
        'Containers run as a non-root user',
        'high',
        'kubernetes',
        {
          standards: [
            PSS.runAsNonRoot,
            PSS.runAsNonRootUser,
            'CIS 5.2.7',
            'CIS 5.7.3',
            'NSA/CISA: Non-root containers',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'non-root-not-required',
        'Containers that run as a non-root user also require it (runAsNonRoot: true)',
        'low',
        'kubernetes',
        { standards: [PSS.runAsNonRoot] },
      ),
      check(
        'workload-admission-policy',
        'privilege-escalation',
        'Privilege escalation is disabled',
        'medium',
        'kubernetes',
        { standards: [PSS.privilegeEscalation, 'CIS 5.2.6', 'CIS 5.7.3'] },
      ),
      check(
        'workload-admission-policy',
        'host-path',
        'Pods do not mount host paths',
        'high',
        'kubernetes',
        {
          standards: [
            PSS.hostPathVolumes,
            PSS.volumeTypes,
            'CIS 5.2.12',
            'NSA/CISA: Host namespaces and filesystem',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'host-namespaces',
        "Pods do not share the host's network, PID or IPC namespace",
        'high',
        'kubernetes',
        {
          standards: [
            PSS.hostNamespaces,
            'CIS 5.2.3',
            'CIS 5.2.4',
            'CIS 5.2.5',
            'NSA/CISA: Host namespaces and filesystem',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'dangerous-capabilities',
        'Containers do not add dangerous Linux capabilities',
        'high',
        'kubernetes',
        {
          standards: [
            PSS.capabilitiesBaseline,
            PSS.capabilitiesRestricted,
            'CIS 5.2.8',
            'CIS 5.2.9',
            'NSA/CISA: Privileged containers',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'host-process',
        'No Windows HostProcess containers',
        'critical',
        'kubernetes',
        {
          standards: [
            PSS.hostProcess,
            'CIS 5.2.11',
            'NSA/CISA: Privileged containers',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'host-ports',
        'Containers do not bind ports of the node',
        'medium',
        'kubernetes',
        { standards: [PSS.hostPorts, 'CIS 5.2.13'] },
      ),
      check(
        'workload-admission-policy',
        'drop-all-capabilities',
        'Containers drop all Linux capabilities',
        'low',
        'kubernetes',
        {
          standards: [
            PSS.capabilitiesRestricted,
            'CIS 5.2.8',
            'CIS 5.2.10',
            'CIS 5.7.3',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'seccomp-profile',
        'Containers run under a seccomp profile',
        'medium',
        'kubernetes',
        {
          standards: [PSS.seccompBaseline, PSS.seccompRestricted, 'CIS 5.7.2'],
        },
      ),
      check(
        'workload-admission-policy',
        'apparmor-unconfined',
        'Containers keep an AppArmor profile',
        'medium',
        'kubernetes',
        { standards: [PSS.appArmor] },
      ),
      check(
        'workload-admission-policy',
        'selinux-options',
        'Containers keep the default SELinux confinement',
        'medium',
        'kubernetes',
        { standards: [PSS.seLinux] },
      ),
      check(
        'workload-admission-policy',
        'proc-mount',
        'Containers keep /proc masked',
        'medium',
        'kubernetes',
        { standards: [PSS.procMount, PSS.procMountRestricted] },
      ),
      check(
        'workload-admission-policy',
        'unsafe-sysctls',
        'Pods set only safe sysctls',
        'medium',
        'kubernetes',
        { standards: [PSS.sysctls] },
      ),
      check(
        'workload-admission-policy',
        'host-probes',
        'Probes and lifecycle hooks connect to the pod, not to another host',
        'medium',
        'kubernetes',
        { standards: [PSS.hostProbes] },
      ),
      check(
        'workload-admission-policy',
        'volume-types',
        'Pods use only the volume types of the restricted standard',
        'medium',
        'kubernetes',
        { standards: [PSS.volumeTypes] },
      ),
      check(
        'workload-admission-policy',
        'run-as-root-group',
        'Containers do not run with the root group',
        'medium',
        'kubernetes',
        { standards: ['CIS 5.2.7', 'NSA/CISA: Non-root containers'] },
      ),
      check(
        'workload-admission-policy',
        'read-only-root-filesystem',
        'Containers have a read-only root filesystem',
        'low',
        'kubernetes',
        {
          standards: [
            'NSA/CISA: Immutable container file systems',
            'CIS 5.7.3',
          ],
        },
      ),
      check(
        'workload-admission-policy',
        'policy-engine',
        'Admission refuses root, privileged and host-filesystem pods in application namespaces',
        'high',
        'kubernetes',
        {
          scope: 'cluster',
          standards: ['CIS 5.2.1', 'NSA/CISA: Pod security enforcement'],
        },
      ),
      check(
        'workload-admission-policy',
        'pod-security-labels',
        'Namespaces enforce a Pod Security Standard',
        'medium',
        'kubernetes',
        { standards: ['CIS 5.2.1', 'NSA/CISA: Pod security enforcement'] },
      ),
      check(
        'workload-admission-policy',
        'pod-security-policy',
        'PodSecurityPolicies do not admit what the Pod Security Standards refuse',
        'high',
        'kubernetes',
        {
          standards: [
            PSS.privileged,
            PSS.hostNamespaces,
            PSS.capabilitiesBaseline,
            PSS.hostPathVolumes,
            PSS.hostPorts,
            PSS.volumeTypes,
            PSS.privilegeEscalation,
            PSS.runAsNonRoot,
            PSS.runAsNonRootUser,
            PSS.seccompRestricted,
            PSS.capabilitiesRestricted,
            'CIS 5.2.2',
            'CIS 5.2.3',
            'CIS 5.2.4',
            'CIS 5.2.5',
            'CIS 5.2.6',
            'CIS 5.2.7',
            'CIS 5.2.8',
            'CIS 5.2.9',
            'CIS 5.2.10',
            'CIS 5.2.12',
            'CIS 5.2.13',
            'CIS 5.7.2',
            'NSA/CISA: Privileged containers',
            'NSA/CISA: Host namespaces and filesystem',
            'NSA/CISA: Non-root containers',
            'NSA/CISA: Immutable container file systems',
          ],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'EKS ships Pod Security Admission in privileged mode for every namespace; label application namespaces to enforce the restricted standard, harden pod specs, and add Kyverno or Gatekeeper for cluster-wide rules and exceptions.',
        steps: [POD_SECURITY_LABEL_STEP, SECURITY_CONTEXT_STEP, KYVERNO_STEP],
        docs: [
          K8S_DOCS.podSecurityAdmission,
          K8S_DOCS.securityContext,
          {
            title: 'Amazon EKS best practices: pod security',
            url: 'https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html',
          },
        ],
      },
      gke: {
        summary:
          'Label application namespaces to enforce the restricted Pod Security Standard, harden pod specs, and add Kyverno or Gatekeeper for cluster-wide rules and exceptions (Autopilot clusters already reject privileged pods).',
        steps: [POD_SECURITY_LABEL_STEP, SECURITY_CONTEXT_STEP, KYVERNO_STEP],
        docs: [
          K8S_DOCS.podSecurityAdmission,
          {
            title:
              'Apply predefined Pod-level security policies using PodSecurity',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/podsecurityadmission',
          },
        ],
      },
      aks: {
        summary:
          'Label application namespaces to enforce the restricted Pod Security Standard and harden pod specs; for cluster-wide enforcement use the Azure Policy add-on with the built-in pod security initiatives, or Kyverno / Gatekeeper.',
        steps: [
          POD_SECURITY_LABEL_STEP,
          SECURITY_CONTEXT_STEP,
          {
            text: "Enable the Azure Policy add-on, then assign the built-in initiative 'Kubernetes cluster pod security restricted standards for Linux-based workloads' to the cluster's scope.",
            command:
              'az aks enable-addons -g <rg> -n <cluster> --addons azure-policy',
          },
        ],
        docs: [
          {
            title: 'Use Pod Security Admission in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/use-psa',
          },
          {
            title: 'Secure your AKS cluster with Azure Policy',
            url: 'https://learn.microsoft.com/en-us/azure/aks/use-azure-policy',
          },
          K8S_DOCS.securityContext,
        ],
      },
    },
  }),

  defineItem({
    id: 'workload-network-policies',
    category: 'workload',
    order: 14,
    title: 'Limit pod traffic with NetworkPolicies',
    why:
      'Kubernetes lets every pod talk to every other pod, and out to the internet, until a NetworkPolicy says otherwise. ' +
      'That flat network is what lets someone who lands in one exposed service scan the cluster, reach databases and admin endpoints, and send data out. ' +
      'Default-deny policies with explicit allowances, applied first to internet-facing and data-holding workloads, turn each step of lateral movement into a closed door.',
    whatGoodLooksLike:
      'Every application namespace has a default-deny policy for ingress and egress plus narrow allow rules for the flows each workload needs (from its ingress controller, to its database, to DNS); ' +
      'internet-exposed and data-holding workloads were covered first; egress to the internet and to the cloud metadata address is denied unless required.',
    evidence: ['kubernetes'],
    checks: [
      check(
        'workload-network-policies',
        'ingress-not-restricted',
        'Inbound traffic to each workload is restricted by a NetworkPolicy',
        'high',
        'kubernetes',
        { standards: ['CIS 5.3.2', 'NSA/CISA: Network policies'] },
      ),
      check(
        'workload-network-policies',
        'egress-not-restricted',
        'Outbound traffic from each workload is restricted by a NetworkPolicy',
        'medium',
        'kubernetes',
        { standards: ['NSA/CISA: Network policies'] },
      ),
      check(
        'workload-network-policies',
        'namespace-without-policy',
        'Every application namespace has at least one NetworkPolicy',
        'medium',
        'kubernetes',
        { standards: ['CIS 5.3.2', 'NSA/CISA: Network policies'] },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Make sure the VPC CNI enforces NetworkPolicy, then apply default deny per namespace and add explicit allow rules, starting with exposed and data-holding workloads.',
        steps: [
          {
            text: 'Turn on NetworkPolicy enforcement in the Amazon VPC CNI add-on (otherwise policies are ignored).',
            command:
              'aws eks update-addon --cluster-name <cluster> --addon-name vpc-cni --configuration-values \'{"enableNetworkPolicy":"true"}\'',
          },
          DEFAULT_DENY_STEP,
          ALLOW_DNS_STEP,
          ALLOW_FROM_INGRESS_STEP,
        ],
        docs: [
          K8S_DOCS.networkPolicies,
          {
            title: 'Limit pod traffic with Kubernetes network policies',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html',
          },
        ],
      },
      gke: {
        summary:
          'Use a cluster that enforces NetworkPolicy (Dataplane V2 or Calico network policy), then apply default deny per namespace and add explicit allow rules, starting with exposed and data-holding workloads.',
        steps: [
          {
            text: 'Check that enforcement is on: Dataplane V2 (ADVANCED_DATAPATH) or the network policy add-on.',
            command:
              'gcloud container clusters describe <cluster> --location=<location> --format="value(networkConfig.datapathProvider,networkPolicy.enabled)"',
          },
          DEFAULT_DENY_STEP,
          ALLOW_DNS_STEP,
          ALLOW_FROM_INGRESS_STEP,
        ],
        docs: [
          K8S_DOCS.networkPolicies,
          {
            title:
              'Control communication between Pods and Services using network policies',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy',
          },
        ],
      },
      aks: {
        summary:
          'Make sure a network policy engine is installed (Azure NPM, Calico or Cilium), then apply default deny per namespace and add explicit allow rules, starting with exposed and data-holding workloads.',
        steps: [
          {
            text: 'Check which network policy engine the cluster uses (an empty value means policies are not enforced).',
            command:
              'az aks show -g <rg> -n <cluster> --query networkProfile.networkPolicy -o tsv',
          },
          DEFAULT_DENY_STEP,
          ALLOW_DNS_STEP,
          ALLOW_FROM_INGRESS_STEP,
        ],
        docs: [
          K8S_DOCS.networkPolicies,
          {
            title: 'Secure traffic between pods with network policies in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/use-network-policies',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'workload-runtime-monitoring',
    // Only a cluster as a whole can satisfy it (an agent on every node): on a Component it
    // does not apply, so one missing DaemonSet does not count against every team.
    scope: 'cluster',
    category: 'workload',
    order: 15,
    title: 'Detect suspicious behaviour in running containers',
    why:
      'Admission policies and scanners judge what is about to run; they cannot see a shell spawned inside a web server, a crypto-miner downloaded after start-up or a process reading service account tokens. ' +
      'Runtime sensors watch process, file and network activity on every node and raise an alert within seconds. ' +
      "Without one, a compromise is typically discovered through a surprising cloud bill or a third party's notice, weeks later.",
    whatGoodLooksLike:
      "Every node runs a runtime detection sensor (Falco, Tetragon or the provider's managed threat detection); its alerts reach the on-call team with runbooks; " +
      'rules are tuned so that alerts are rare and acted upon; optionally a commercial platform also blocks known-bad behaviour.',
    evidence: ['kubernetes', 'cloud'],
    checks: [
      check(
        'workload-runtime-monitoring',
        'runtime-agent',
        'A runtime threat-detection sensor runs on the nodes',
        'high',
        'kubernetes',
        {
          additionalEvidence: ['cloud'],
          scope: 'cluster',
          standards: ['NSA/CISA: Threat detection'],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Enable GuardDuty Runtime Monitoring with automated agent management for EKS, or run Falco; route findings to the on-call team.',
        steps: [
          {
            text: 'Enable Runtime Monitoring and let GuardDuty manage its EKS agent add-on.',
            command: [
              'aws guardduty list-detectors',
              'aws guardduty update-detector --detector-id <detector-id> --features \'[{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT","Status":"ENABLED"}]}]\'',
            ].join('\n'),
          },
          FALCO_STEP,
        ],
        docs: [
          {
            title: 'GuardDuty Runtime Monitoring',
            url: 'https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html',
          },
        ],
      },
      gke: {
        summary:
          'Enable Container Threat Detection in Security Command Center (Premium or Enterprise tier), or run Falco with its eBPF driver; route findings to the on-call team.',
        steps: [
          {
            text: 'Enable Container Threat Detection for the organisation or project.',
            consolePath:
              'Security Command Center > Settings > Services > Container Threat Detection > Enable',
          },
          FALCO_STEP,
        ],
        docs: [
          {
            title: 'Container Threat Detection overview',
            url: 'https://cloud.google.com/security-command-center/docs/concepts-container-threat-detection-overview',
          },
        ],
      },
      aks: {
        summary:
          'Enable Microsoft Defender for Containers and its sensor on the cluster, or run Falco; route alerts to the on-call team.',
        steps: [
          {
            text: 'Turn on the Defender for Containers plan for the subscription and deploy the Defender sensor to the cluster.',
            command: [
              'az security pricing create -n Containers --tier standard',
              'az aks update -g <rg> -n <cluster> --enable-defender',
            ].join('\n'),
          },
          FALCO_STEP,
        ],
        docs: [
          {
            title:
              'Overview of Container security in Microsoft Defender for Containers',
            url: 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-containers-introduction',
          },
        ],
      },
    },
  }),
];
