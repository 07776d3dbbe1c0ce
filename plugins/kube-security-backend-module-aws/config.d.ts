export interface Config {
  kubeSecurity?: {
    /**
     * Live EKS posture through the AWS APIs (module `kube-security`/`aws`). Credentials come
     * from the SDK's default chain (environment, shared config and SSO, web identity / IRSA,
     * EKS Pod Identity, ECS or EC2 instance role), optionally used to assume a role per
     * account. See docs/cloud/aws.md for the least-privilege IAM policy.
     */
    aws?: {
      /** Attempts per AWS call, the first included; throttled calls are retried with backoff. Default 5. */
      maxAttempts?: number;
      /**
       * The SDK's retry mode. `standard` backs off only the throttled calls; `adaptive` also
       * rate-limits the client's later calls after throttling (slower, gentler). Default standard.
       */
      retryMode?: 'standard' | 'adaptive';
      /** One entry per AWS account and region. */
      accounts: Array<{
        /** The 12-digit account id; when set, a cluster found in another account fails the scan. */
        accountId?: string;
        /** The region of the clusters, e.g. eu-west-1 (CloudTrail and ECR are read there too). */
        region: string;
        /** A role to assume with STS for this account, e.g. arn:aws:iam::111122223333:role/kube-security-read. */
        roleArn?: string;
        /**
         * The external id the role's trust policy requires.
         * @visibility secret
         */
        externalId?: string;
        /** Overrides the endpoint of every AWS client (private endpoints, tests). */
        endpoint?: string;
        clusters: Array<{
          /** The cluster's name in Kube Security (the `kube-security.io/cluster` annotation). */
          name: string;
          /** The cluster's name in EKS, when it differs from `name`. */
          eksClusterName?: string;
          /** Time between scans of this cluster (ISO 8601 duration). */
          frequency?: string;
        }>;
      }>;
    };
  };
}
