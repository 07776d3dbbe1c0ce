export interface Config {
  /** Kube Security: where cluster posture comes from and how often it is scanned. */
  kubeSecurity?: {
    /**
     * Default time between two scans of a cluster, as an ISO 8601 duration or a Backstage
     * HumanDuration object. Defaults to one hour.
     */
    schedule?: { frequency?: string | { hours?: number; minutes?: number } };
    /**
     * Registries whose images count as trusted, in addition to the cluster provider's own
     * registries. Host or host/path prefixes, e.g. `ghcr.io/acme`.
     */
    trustedRegistries?: string[];
    /** Approved base-image families, e.g. `distroless`, `cgr.dev/acme`. */
    approvedBaseImages?: string[];
  };
}
