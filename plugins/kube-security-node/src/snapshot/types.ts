import type { Provider } from '@kube-security/plugin-kube-security-common';

/** Any Kubernetes object as read from the API or a manifest. Secret objects never appear. */
export interface KubeObject {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      apiVersion?: string;
      kind: string;
      name: string;
      uid?: string;
      controller?: boolean;
      blockOwnerDeletion?: boolean;
    }>;
    uid?: string;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** Where an object came from, so errors and findings can name the file and line. */
export interface ObjectOrigin {
  file?: string;
  /** 1-based line of the document start. */
  line?: number;
}

/**
 * Provider descriptors, in the shapes the providers' own CLIs print, plus account-level
 * facts that the cloud modules collect. Every field is optional: a descriptor holds what
 * could be read, and the checks report `unknown` for the rest.
 */
export interface EksDescriptor {
  provider: 'eks';
  /** `aws eks describe-cluster` → `.cluster` */
  cluster: any;
  /** `aws eks describe-nodegroup` → `.nodegroup`, one per node group. */
  nodegroups?: any[];
  /** `aws eks describe-addon` → `.addon`, one per add-on. */
  addons?: any[];
  /** `aws eks list-pod-identity-associations` → `.associations`. */
  podIdentityAssociations?: any[];
  /** Launch templates of the node groups: `{ id, name, metadataOptions: { httpTokens, httpPutResponseHopLimit, httpEndpoint } }`. */
  launchTemplates?: any[];
  /** `aws eks list-access-entries` + `list-associated-access-policies`: `{ principalArn, type, accessPolicies: [{ policyArn, accessScope }] }`. */
  accessEntries?: any[];
  account?: {
    /** IAM users: `{ userName, mfaEnabled, hasConsolePassword, attachedPolicies: string[], inlinePolicies: string[], groups: string[] }`. */
    iamUsers?: any[];
    /** Account password / MFA policy facts when known. */
    /** `aws cloudtrail describe-trails` + `get-trail-status`: `{ name, isMultiRegionTrail, isLogging, logFileValidationEnabled }`. */
    cloudTrails?: any[];
    /** VPC of the cluster: `{ vpcId, isDefault, otherWorkloads: number }`. */
    vpc?: any;
    /** ECR repositories: `{ repositoryName, imageScanningConfiguration: { scanOnPush } }`. */
    ecrRepositories?: any[];
  };
}

export interface GkeDescriptor {
  provider: 'gke';
  /** `gcloud container clusters describe --format=json` (node pools inside `.nodePools`). */
  cluster: any;
  account?: {
    /** `gcloud projects get-iam-policy --format=json` → `{ bindings: [{ role, members }], auditConfigs: [...] }`. */
    iamPolicy?: any;
  };
}

export interface AksDescriptor {
  provider: 'aks';
  /** `az aks show -o json` (agent pools inside `.agentPoolProfiles`). */
  cluster: any;
  account?: {
    /** `az monitor diagnostic-settings list --resource <cluster id>` → array of settings with `logs: [{ category, categoryGroup, enabled }]`. */
    diagnosticSettings?: any[];
    /** `az role assignment list --scope <cluster id> --include-inherited` → `[{ principalType, roleDefinitionName, principalName }]`. */
    roleAssignments?: any[];
    /** Subscription activity-log diagnostic settings (same shape as diagnosticSettings). */
    activityLogSettings?: any[];
    /** Virtual network of the agent pools when it is your own: `{ id, name, otherWorkloads: number }`. */
    vnet?: any;
  };
}

export type CloudDescriptor = EksDescriptor | GkeDescriptor | AksDescriptor;

/** Everything collected from one cluster at one time. The engine never knows the source. */
export interface Snapshot {
  /** Cluster name, as used in the catalog's `backstage.io/kubernetes-cluster` annotation. */
  cluster: string;
  provider?: Provider;
  collectedAt?: string;
  objects: KubeObject[];
  /** Parallel to `objects` when known. */
  origins?: ObjectOrigin[];
  cloud?: CloudDescriptor;
  /**
   * Kinds that could not be read (e.g. a 403 on ClusterRoles). Items whose checks need
   * them get `partial` coverage instead of a pass. {@link UNREADABLE_FILE_KIND} stands for a
   * source file that could not be read: it may have held objects of any kind.
   */
  unreadableKinds?: string[];
  /**
   * Whether the Kubernetes objects are a whole cluster (live API / `kubectl get -A`) or just
   * some manifests (CLI on a folder). Cluster-wide checks such as "an admission policy
   * engine is installed" only conclude anything on whole-cluster snapshots.
   */
  scope: 'cluster' | 'manifests';
}

/** A problem found while reading manifests: the file, the 1-based line when known, what is wrong. */
export interface ParseError {
  file?: string;
  line?: number;
  message: string;
}

/** Objects read from one text (or many files), with their origins (parallel) and the errors. */
export interface ParseResult {
  objects: KubeObject[];
  /** Parallel to `objects`. */
  origins: ObjectOrigin[];
  errors: ParseError[];
}

/** What `loadManifests` read: the parse result plus the files it read, in order. */
export interface LoadResult extends ParseResult {
  files: string[];
}

/**
 * The unreadable "kind" of a manifest file that could not be read or parsed: objects of any
 * kind may be missing, so no kind counts as fully read.
 */
export const UNREADABLE_FILE_KIND = 'file';
