/** Tunables of the engine; every field has a sensible default (see DEFAULT_ENGINE_OPTIONS). */
export interface EngineOptions {
  /**
   * Registries (host or host/path prefixes) that count as trusted, besides the provider's
   * own registries (ECR, Artifact Registry / GCR, ACR) and well-known vendor registries
   * (registry.k8s.io, quay.io/cilium, mcr.microsoft.com, public.ecr.aws/eks…). Empty means
   * no allow-list: Docker Hub and shared public registries (ghcr.io, quay.io, …) are
   * flagged by image-trusted-registries, other hosts are assumed private and not judged.
   * Once set, every image outside the list and the built-in ones is flagged.
   */
  trustedRegistries: string[];
  /**
   * Approved base-image families (image repository name prefixes or substrings such as
   * `distroless`, `chainguard`, `alpine`). Images that are themselves a full OS
   * distribution (ubuntu, debian, centos, …) outside this list are flagged.
   */
  approvedBaseImages: string[];
  /** Namespaces treated as the platform's own (not flagged as shared by teams). */
  systemNamespaces: string[];
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  trustedRegistries: [],
  approvedBaseImages: [
    'distroless',
    'chainguard',
    'cgr.dev',
    'alpine',
    'scratch',
    'ubi-minimal',
    'ubi-micro',
    'wolfi',
    'busybox',
  ],
  systemNamespaces: [
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'gatekeeper-system',
    'kyverno',
    'falco',
    'cert-manager',
    'monitoring',
    'logging',
    'amazon-cloudwatch',
    'gke-managed-system',
    'gmp-system',
    'calico-system',
    'tigera-operator',
  ],
};
