export interface Config {
  kubeSecurity?: {
    /**
     * Live GKE posture (the Kube Security GCP module). Credentials are Application
     * Default Credentials; none are configured here. Give one project inline
     * (`projectId`, `clusters`) or several under `projects`.
     */
    gcp?: {
      /** The project id (not its name or number), e.g. `acme-shop-prod`. */
      projectId?: string;
      /**
       * Overrides the GKE API endpoint: a bare `host[:port]` keeps gRPC (e.g. a Private
       * Service Connect endpoint); an `http(s)://host[:port]` URL switches to the REST
       * transport (a test server or an HTTP proxy). Also used for the Resource Manager
       * API unless `resourceManagerApiEndpoint` is set.
       */
      apiEndpoint?: string;
      /** Overrides the Resource Manager API endpoint, in the same forms as `apiEndpoint`. */
      resourceManagerApiEndpoint?: string;
      clusters?: Array<{
        /**
         * The cluster's name in Kube Security: the `kube-security.io/cluster` annotation
         * of its catalog Resource, and the name other sources (live API, snapshot) use.
         */
        name: string;
        /** Region of a regional cluster (`europe-west1`) or zone of a zonal one (`europe-west1-b`). */
        location: string;
        /** The cluster's name in GKE, when it differs from `name`. */
        gkeClusterName?: string;
        /** Time between scans of this cluster (ISO 8601 duration, e.g. PT1H). */
        frequency?: string;
      }>;
      /** Further projects, each with the same fields as above. */
      projects?: Array<{
        projectId: string;
        apiEndpoint?: string;
        resourceManagerApiEndpoint?: string;
        clusters: Array<{
          name: string;
          location: string;
          gkeClusterName?: string;
          frequency?: string;
        }>;
      }>;
    };
  };
}
