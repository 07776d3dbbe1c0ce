import type { Provider } from './types';

/**
 * The public standards whose controls the checks answer. The key is also the folder name of
 * the standard in the CLI's conformance corpus (`packages/cli/conformance/<key>/`).
 */
export type StandardKey =
  | 'pss'
  | 'cis-kubernetes'
  | 'cis-eks'
  | 'cis-gke'
  | 'cis-aks'
  | 'nsa-cisa';

export interface StandardInfo {
  key: StandardKey;
  name: string;
  /** The edition whose numbering or names the ids follow. */
  version: string;
  url: string;
  /** How the ids of its controls are spelled, e.g. `CIS <n>`. */
  idPattern: string;
}

/** One control of a public standard, as findings and check definitions name it. */
export interface StandardControl {
  /** Exact id, e.g. `CIS 5.1.1` or `PSS baseline: Host Namespaces`. */
  id: string;
  standard: StandardKey;
  /** Short title in our own words. */
  title: string;
  /** The public document that defines it. */
  url: string;
}

const PSS_URL =
  'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
const CIS_K8S_URL = 'https://www.cisecurity.org/benchmark/kubernetes';
const CIS_EKS_URL = 'https://docs.aws.amazon.com/eks/latest/userguide/cis.html';
const CIS_GKE_URL =
  'https://cloud.google.com/kubernetes-engine/docs/concepts/cis-benchmarks';
const CIS_AKS_URL =
  'https://learn.microsoft.com/en-us/azure/aks/cis-kubernetes';
const NSA_URL =
  'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF';

/** The standards, in the order documentation lists them. */
export const STANDARDS: readonly StandardInfo[] = [
  {
    key: 'pss',
    name: 'Kubernetes Pod Security Standards',
    version: 'Kubernetes v1.30+',
    url: PSS_URL,
    idPattern: 'PSS baseline: <Control> / PSS restricted: <Control>',
  },
  {
    key: 'cis-kubernetes',
    name: 'CIS Kubernetes Benchmark (section 5, policies)',
    version: 'v1.9 / v1.10 numbering',
    url: CIS_K8S_URL,
    idPattern: 'CIS <n>',
  },
  {
    key: 'cis-eks',
    name: 'CIS Amazon EKS Benchmark',
    version: 'v1.5 numbering',
    url: CIS_EKS_URL,
    idPattern: 'CIS EKS <n>',
  },
  {
    key: 'cis-gke',
    name: 'CIS Google Kubernetes Engine (GKE) Benchmark',
    version: 'v1.5 numbering',
    url: CIS_GKE_URL,
    idPattern: 'CIS GKE <n>',
  },
  {
    key: 'cis-aks',
    name: 'CIS Azure Kubernetes Service (AKS) Benchmark',
    version: 'v1.4 numbering',
    url: CIS_AKS_URL,
    idPattern: 'CIS AKS <n>',
  },
  {
    key: 'nsa-cisa',
    name: 'NSA/CISA Kubernetes Hardening Guide',
    version: 'v1.2 (August 2022)',
    url: NSA_URL,
    idPattern: 'NSA/CISA: <topic>',
  },
];

type Entry = [id: string, title: string];

function controls(
  standard: StandardKey,
  url: string,
  entries: Entry[],
): StandardControl[] {
  return entries.map(([id, title]) => ({ id, standard, title, url }));
}

const PSS: Entry[] = [
  ['PSS baseline: HostProcess', 'No Windows HostProcess containers'],
  [
    'PSS baseline: Host Namespaces',
    'No sharing of the host network, PID or IPC namespace',
  ],
  ['PSS baseline: Privileged Containers', 'No privileged containers'],
  [
    'PSS baseline: Capabilities',
    'Added capabilities stay within the default set',
  ],
  ['PSS baseline: HostPath Volumes', 'No hostPath volumes'],
  ['PSS baseline: Host Ports', 'No host ports'],
  [
    'PSS baseline: AppArmor',
    'AppArmor profile is not overridden to unconfined',
  ],
  ['PSS baseline: SELinux', 'No custom SELinux type, user or role is set'],
  ['PSS baseline: /proc Mount Type', 'The default /proc mask is kept'],
  ['PSS baseline: Seccomp', 'Seccomp profile is not set to Unconfined'],
  ['PSS baseline: Sysctls', 'Only sysctls from the safe set'],
  [
    'PSS baseline: Host Probes / Lifecycle Hooks',
    'Probes and lifecycle hooks name no host to connect to',
  ],
  [
    'PSS restricted: Volume Types',
    'Only volume types that carry no host or network storage',
  ],
  ['PSS restricted: Privilege Escalation', 'allowPrivilegeEscalation is false'],
  ['PSS restricted: Running as Non-root', 'runAsNonRoot is true'],
  ['PSS restricted: Running as Non-root user', 'runAsUser is not 0'],
  ['PSS restricted: Seccomp', 'Seccomp profile is RuntimeDefault or Localhost'],
  [
    'PSS restricted: Capabilities',
    'Every capability is dropped; only NET_BIND_SERVICE may be added',
  ],
  [
    'PSS restricted: /proc Mount Type',
    'The default /proc mask is kept, even in a user namespace',
  ],
];

const CIS_KUBERNETES: Entry[] = [
  ['CIS 5.1.1', 'cluster-admin is bound only where it is required'],
  ['CIS 5.1.2', 'Few subjects can read Secrets'],
  ['CIS 5.1.3', 'Roles avoid wildcards in resources and verbs'],
  ['CIS 5.1.4', 'Few subjects can create pods'],
  ['CIS 5.1.5', 'Default service accounts are not used'],
  [
    'CIS 5.1.6',
    'Service account tokens are mounted only where they are needed',
  ],
  ['CIS 5.1.7', 'The system:masters group is not used'],
  ['CIS 5.1.8', 'Few subjects can bind, impersonate or escalate'],
  ['CIS 5.1.9', 'Few subjects can create persistent volumes'],
  ['CIS 5.1.10', 'Few subjects can use the nodes/proxy subresource'],
  ['CIS 5.1.11', 'Few subjects can approve certificate signing requests'],
  ['CIS 5.1.12', 'Few subjects can change admission webhooks'],
  ['CIS 5.1.13', 'Few subjects can create service account tokens'],
  ['CIS 5.2.1', 'At least one policy control mechanism is active'],
  ['CIS 5.2.2', 'Privileged containers are not admitted'],
  ['CIS 5.2.3', 'Containers sharing the host PID namespace are not admitted'],
  ['CIS 5.2.4', 'Containers sharing the host IPC namespace are not admitted'],
  ['CIS 5.2.5', 'Containers sharing the host network are not admitted'],
  ['CIS 5.2.6', 'Containers allowing privilege escalation are not admitted'],
  ['CIS 5.2.7', 'Containers running as root are not admitted'],
  ['CIS 5.2.8', 'Containers with NET_RAW are not admitted'],
  ['CIS 5.2.9', 'Containers adding capabilities are not admitted'],
  ['CIS 5.2.10', 'Containers keep no capabilities they do not need'],
  ['CIS 5.2.11', 'Windows HostProcess containers are not admitted'],
  ['CIS 5.2.12', 'hostPath volumes are not admitted'],
  ['CIS 5.2.13', 'Containers using host ports are not admitted'],
  ['CIS 5.3.1', 'The CNI plugin enforces NetworkPolicies'],
  ['CIS 5.3.2', 'Every namespace has NetworkPolicies'],
  ['CIS 5.4.1', 'Secrets are mounted as files, not passed as environment'],
  ['CIS 5.4.2', 'Secrets live in an external secret store'],
  [
    'CIS 5.5.1',
    'Image provenance is enforced by an ImagePolicyWebhook admission controller',
  ],
  ['CIS 5.7.1', 'Namespaces draw administrative boundaries'],
  ['CIS 5.7.2', 'Pods run with a seccomp profile'],
  ['CIS 5.7.3', 'Pods and containers set a security context'],
  ['CIS 5.7.4', 'The default namespace holds no workloads'],
];

const CIS_EKS: Entry[] = [
  ['CIS EKS 2.1.1', 'Control-plane audit logs are enabled'],
  ['CIS EKS 5.1.1', 'Images are scanned for vulnerabilities (ECR or other)'],
  ['CIS EKS 5.1.4', 'Only approved container registries are used'],
  [
    'CIS EKS 5.2.1',
    'Workloads use dedicated IAM identities (IRSA / Pod Identity)',
  ],
  ['CIS EKS 5.3.1', 'Secrets are envelope-encrypted with a KMS key'],
  ['CIS EKS 5.4.1', 'Access to the control-plane endpoint is restricted'],
  ['CIS EKS 5.4.2', 'Private endpoint access is on and public access is off'],
  ['CIS EKS 5.4.3', 'Nodes are private'],
  ['CIS EKS 5.4.4', 'Network policy is enabled'],
];

const CIS_GKE: Entry[] = [
  ['CIS GKE 5.1.1', 'Image vulnerability scanning is enabled'],
  ['CIS GKE 5.1.4', 'Only approved container registries are used'],
  [
    'CIS GKE 5.2.1',
    'Nodes do not run as the Compute Engine default service account',
  ],
  ['CIS GKE 5.2.2', 'Workloads use dedicated identities (Workload Identity)'],
  ['CIS GKE 5.3.1', 'Secrets are encrypted with a Cloud KMS key'],
  ['CIS GKE 5.4.2', 'The GKE metadata server is enabled'],
  ['CIS GKE 5.6.3', 'Control-plane authorized networks are enabled'],
  [
    'CIS GKE 5.6.4',
    'Private endpoint is enabled and public access is disabled',
  ],
  ['CIS GKE 5.6.5', 'Nodes are private'],
  ['CIS GKE 5.6.7', 'Network policy is enabled'],
  ['CIS GKE 5.7.1', 'Cloud Logging and Monitoring are enabled'],
  ['CIS GKE 5.8.3', 'Legacy authorization (ABAC) is disabled'],
];

const CIS_AKS: Entry[] = [
  ['CIS AKS 2.1.1', 'Control-plane audit logs are enabled'],
  ['CIS AKS 5.1.1', 'Images are scanned for vulnerabilities'],
  ['CIS AKS 5.1.4', 'Only approved container registries are used'],
  ['CIS AKS 5.2.1', 'Workloads use dedicated identities'],
  ['CIS AKS 5.3.1', 'Secrets are encrypted'],
  ['CIS AKS 5.4.1', 'Access to the control-plane endpoint is restricted'],
  [
    'CIS AKS 5.4.2',
    'Private endpoint is enabled and public access is disabled',
  ],
  ['CIS AKS 5.4.3', 'Nodes are private'],
  ['CIS AKS 5.4.4', 'Network policy is enabled'],
];

const NSA_CISA: Entry[] = [
  ['NSA/CISA: Non-root containers', 'Containers run as a non-root user'],
  [
    'NSA/CISA: Immutable container file systems',
    'Container root file systems are read-only',
  ],
  ['NSA/CISA: Privileged containers', 'No privileged containers'],
  [
    'NSA/CISA: Host namespaces and filesystem',
    'Pods keep out of host namespaces and host paths',
  ],
  [
    'NSA/CISA: Pod security enforcement',
    'Pod security is enforced at admission',
  ],
  [
    'NSA/CISA: Service account tokens',
    'Service account tokens are not mounted where unneeded',
  ],
  ['NSA/CISA: Namespaces', 'Namespaces separate teams and workloads'],
  ['NSA/CISA: Network policies', 'Traffic is denied unless a policy allows it'],
  [
    'NSA/CISA: Resource policies',
    'Resource requests, limits and quotas are set',
  ],
  [
    'NSA/CISA: Control plane hardening',
    'The control plane is private, authenticated and encrypted',
  ],
  ['NSA/CISA: Secrets', 'Secrets are encrypted and kept out of plain config'],
  ['NSA/CISA: RBAC', 'Access follows least privilege'],
  [
    'NSA/CISA: Audit logging',
    'Cluster and workload activity is logged centrally',
  ],
  ['NSA/CISA: Image scanning', 'Images are minimal, scanned and trusted'],
  ['NSA/CISA: Threat detection', 'Runtime activity is monitored for threats'],
  ['NSA/CISA: Authentication', 'Users authenticate strongly (MFA, SSO)'],
];

/** Every control id the project uses or consciously leaves unmapped. */
export const STANDARD_CONTROLS: readonly StandardControl[] = [
  ...controls('pss', PSS_URL, PSS),
  ...controls('cis-kubernetes', CIS_K8S_URL, CIS_KUBERNETES),
  ...controls('cis-eks', CIS_EKS_URL, CIS_EKS),
  ...controls('cis-gke', CIS_GKE_URL, CIS_GKE),
  ...controls('cis-aks', CIS_AKS_URL, CIS_AKS),
  ...controls('nsa-cisa', NSA_URL, NSA_CISA),
];

const CONTROLS_BY_ID: ReadonlyMap<string, StandardControl> = new Map(
  STANDARD_CONTROLS.map(control => [control.id, control]),
);

export function isStandardControlId(id: unknown): id is string {
  return typeof id === 'string' && CONTROLS_BY_ID.has(id);
}

/** The registry entry of an id, or undefined for an id the registry does not know. */
export function getStandardControl(id: string): StandardControl | undefined {
  return CONTROLS_BY_ID.get(id);
}

const PROVIDER_PREFIXES: ReadonlyArray<[string, Provider]> = [
  ['CIS EKS ', 'eks'],
  ['CIS GKE ', 'gke'],
  ['CIS AKS ', 'aks'],
];

/** The provider a provider CIS benchmark id belongs to (`CIS EKS 5.4.2` → `eks`). */
export function providerOfStandardId(id: string): Provider | undefined {
  for (const [prefix, provider] of PROVIDER_PREFIXES) {
    if (id.startsWith(prefix)) return provider;
  }
  return undefined;
}

/**
 * Checks that answer no control of the public standards, and why. Keep this list short: a
 * check lands here only when no standard asks for what it tests.
 */
export const CHECKS_WITHOUT_STANDARD: Readonly<Record<string, string>> = {
  'cloud-network-isolation/dedicated-network':
    'a dedicated VPC / VNet is a cloud design practice; none of the benchmarks names it',
  'cluster-security-features/admission-webhooks':
    'the webhook admission plugins are API server flags, which the CIS Kubernetes benchmark covers in its control-plane section (1.2), outside this registry; the managed providers cannot switch them off, so their benchmarks do not name them',
  'cluster-multi-zone/control-plane-zones':
    'availability, not a security control: no benchmark asks for zone spread',
  'cluster-multi-zone/node-zones':
    'availability, not a security control: no benchmark asks for zone spread',
  'image-externalized-config/environment-tag':
    'one image for every environment is a delivery practice; no benchmark names it',
  'image-externalized-config/inline-config':
    'keeping many settings in ConfigMaps rather than inline env values is a configuration practice; no benchmark names it (credentials in env are literal-secret-env, which answers NSA/CISA: Secrets)',
};
