export interface Config {
  /** Kube Security: where cluster posture comes from and how often it is scanned. */
  kubeSecurity?: {
    schedule?: {
      /** Default time between two scans of a cluster (ISO 8601 duration). Default PT1H. */
      frequency?: string;
      /** Longest one scan may run (ISO 8601 duration). Default PT15M. */
      timeout?: string;
    };
    /** Scan every cluster a few seconds after start. Default true. */
    scanOnStartup?: boolean;
    /** How often the catalog is re-read to map findings to entities. Default PT30S. */
    catalogRefresh?: string;
    /** Resolved findings are kept this many days. Default 30. */
    resolvedRetentionDays?: number;
    /**
     * A cluster removed from the configuration is retired: its findings stay listed (not
     * scored) this many days, then it is pruned with them. Default 30.
     */
    retiredClusterRetentionDays?: number;
    /**
     * Pins clusters to the catalog entity their cluster-level findings belong to, by
     * cluster name, e.g. `eks-prod-eu: resource:default/eks-prod-eu`; any other entity
     * claiming the cluster is refused and shown as a mapping conflict. Same as `entity`
     * on a cluster or snapshot.
     */
    clusterEntities?: { [cluster: string]: string };
    /** Risk acceptance. */
    exceptions?: {
      /** Longest an exception may last, in days from its creation. Default 180. */
      maxDays?: number;
      /**
       * Whether a `kube-security.io/accept.<check>` annotation on an object whose findings
       * belong to a cluster's Resource (a Role, a namespace-level object no component owns)
       * accepts a risk. Anyone who may edit the object could then decide for the cluster's
       * owners. Default false: such annotations are shown as pending and accept nothing.
       */
      annotationsOnClusterResources?: boolean;
    };
    /** Statements that an item no API can prove is done. */
    attestations?: {
      /** Longest an attestation may last, in days from its creation. Default 365. */
      maxDays?: number;
    };
    /**
     * Most active exceptions and attestations one entity may hold; past it a new one is
     * refused (409) until one is revoked or expires. Default 200.
     */
    maxActiveDecisionsPerEntity?: number;
    /** How often expired decisions are recorded and expiry reminders sent (ISO 8601 duration). Default PT1H. */
    decisionsCheckFrequency?: string;
    /** Notifications through the Backstage notifications plugin (when it is installed). */
    notifications?: {
      /** Off switch for every Kube Security notification. Default true. */
      enabled?: boolean;
      /** Tell a team when its grade drops. Default true. */
      gradeDrop?: boolean;
      /** Tell an entity's owners when a new critical finding appears (not on a cluster's first scan). Default true. */
      newCriticalFindings?: boolean;
      /** Remind the owners this many days before an exception or attestation expires. Default 14. */
      expiryReminderDays?: number;
    };
    /**
     * Also scan the clusters of the Backstage Kubernetes plugin (`kubernetes.clusterLocatorMethods`
     * of type `config`, and `kubernetes-cluster` Resources when a `catalog` locator is set), with
     * that plugin's auth strategies (serviceAccount, aws, azure, googleServiceAccount; clusters
     * using google, oidc or aks need a signed-in user and are skipped). A kubeSecurity.clusters
     * entry with the same name or API server wins. Default true.
     */
    useKubernetesPluginClusters?: boolean;
    /** Live clusters, read through their Kubernetes API with a read-only identity. */
    clusters?: Array<{
      /** The cluster's name, as in the `backstage.io/kubernetes-cluster` / `kube-security.io/cluster` annotations. */
      name: string;
      /** eks, gke or aks: picks the remediation steps shown. */
      provider?: string;
      /** Time between scans of this cluster (ISO 8601 duration). */
      frequency?: string;
      /** API server URL. */
      url?: string;
      /**
       * Token of a service account that may get/list/watch the kinds scanned (never Secrets).
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Base64 PEM of the API server's certificate authority.
       * @visibility secret
       */
      caData?: string;
      /**
       * Accept an `http://` url: the token then travels unencrypted. Default false (an
       * `http://` url is refused at start-up).
       */
      allowInsecureHttp?: boolean;
      /** Skip TLS verification: for development clusters only. */
      skipTLSVerify?: boolean;
      /** A kubeconfig file, instead of url + token. */
      kubeconfigPath?: string;
      /** The kubeconfig context to use (default: the current context). */
      context?: string;
      /** The entity (e.g. `resource:default/<name>`) this cluster's findings belong to; see clusterEntities. */
      entity?: string;
    }>;
    /** Bounds on each manifest file read from a snapshot folder. */
    manifestLimits?: {
      /** Largest file read, in bytes; a larger file is reported and skipped. Default 268435456 (256 MiB). */
      maxFileBytes?: number;
      /** Most values YAML aliases may add to one document; past it the file is reported and skipped. Default 100000. */
      maxAliasExpansion?: number;
    };
    /** Clusters read from folders of exported manifests (and an optional cloud.json). */
    snapshots?: Array<{
      name: string;
      provider?: string;
      frequency?: string;
      /** Folder, relative to the backend's working directory. */
      directory: string;
      /** The entity this cluster's findings belong to; see clusterEntities. */
      entity?: string;
      /**
       * Folder of earlier versions of this snapshot, one subfolder per version, oldest
       * first by name. Each holds the files that differed then; the others are taken from
       * `directory`. On the first start (no scan of the cluster stored yet) every version
       * is scanned as if a week apart, the last one a week ago, so that score history and
       * trends have data at once. For demos.
       */
      history?: string;
    }>;
    /**
     * Registries whose images count as trusted, in addition to the cluster provider's own
     * registries. Host or host/path prefixes, e.g. `ghcr.io/acme`. Unset: Docker Hub and
     * shared public registries (ghcr.io, quay.io, public.ecr.aws, …) fail, other hosts
     * are taken for private registries and not judged; set: every image outside the list
     * (and the provider's and known vendors' registries) fails.
     */
    trustedRegistries?: string[];
    /** Approved base-image families, e.g. `distroless`, `cgr.dev/acme`. */
    approvedBaseImages?: string[];
  };
}
