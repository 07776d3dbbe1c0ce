import { keepShape } from '../../util/keepShape';
import { DOCKER_HUB, ImageRef } from './imageRef';

/**
 * Private registries of the three providers. Each is per account, project or
 * subscription, so an image there was pushed by someone in an organisation's cloud.
 */
export const PROVIDER_REGISTRIES: readonly string[] = [
  '*.dkr.ecr.*.amazonaws.com', // Amazon ECR
  '*.dkr.ecr.*.amazonaws.com.cn',
  '*-docker.pkg.dev', // Artifact Registry
  'gcr.io', // Container Registry (and Artifact Registry gcr.io repositories)
  '*.gcr.io',
  '*.azurecr.io', // Azure Container Registry
];

/**
 * Registries or namespaces run by the Kubernetes project and by the providers and
 * vendors whose components clusters commonly run. Whole shared hosts such as quay.io,
 * ghcr.io or public.ecr.aws are not trusted: only the vendor's own namespace is.
 */
export const VENDOR_REGISTRIES: readonly string[] = [
  'registry.k8s.io',
  'mcr.microsoft.com',
  'public.ecr.aws/eks*', // eks, eks-distro, eks-anywhere…
  'public.ecr.aws/karpenter',
  'public.ecr.aws/aws-observability',
  'public.ecr.aws/aws-ec2',
  'quay.io/cilium',
  'quay.io/calico',
  'quay.io/tigera',
  'quay.io/jetstack',
  'quay.io/prometheus',
  'quay.io/prometheus-operator',
  'quay.io/argoproj',
  'ghcr.io/fluxcd',
  'ghcr.io/kyverno',
  'ghcr.io/open-telemetry',
  'ghcr.io/aquasecurity',
  'cgr.dev/chainguard',
  'registry.redhat.io',
  'registry.access.redhat.com',
  'docker.elastic.co',
  'nvcr.io/nvidia',
];

/**
 * Shared public registries where anyone can publish under their own namespace. Without an
 * allow-list, an image there (outside a known vendor's namespace) is a stranger's image,
 * like one from Docker Hub; an image from any other host is assumed to be the
 * organisation's own private registry and is not judged until an allow-list exists.
 */
export const PUBLIC_REGISTRIES: readonly string[] = [
  'docker.io',
  'ghcr.io',
  'docker.pkg.github.com',
  'quay.io',
  'public.ecr.aws',
  'registry.gitlab.com',
  'lscr.io',
  'codeberg.org',
];

/**
 * `trusted`: a configured, provider or vendor registry. `public`: Docker Hub or a shared
 * public registry. `unlisted`: any other host, e.g. a private registry of the organisation.
 */
export type RegistryVerdict = 'trusted' | 'public' | 'unlisted';

interface RegistryPattern {
  host: RegExp;
  /** Repository path prefix, when the pattern names a namespace. */
  path?: string;
  /** Whether `path` is a raw prefix (`eks*`) rather than whole components. */
  prefix: boolean;
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^$()|[\]{}\\]/g, '\\$&');
}

function looksLikeHost(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component.includes('*') ||
    component === 'localhost'
  );
}

/**
 * Compiles `host`, `*.host`, `host/namespace`, `host/name*`, or a bare Docker Hub
 * namespace (`bitnami`, `docker.io/bitnami`).
 */
export function compileRegistryPattern(
  pattern: string,
): RegistryPattern | undefined {
  const p = pattern
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '');
  if (!p) return undefined;
  const slash = p.indexOf('/');
  const first = slash >= 0 ? p.slice(0, slash) : p;
  let host: string;
  let path: string | undefined;
  if (looksLikeHost(first)) {
    host = first;
    path = slash >= 0 ? p.slice(slash + 1) : undefined;
  } else {
    host = DOCKER_HUB;
    path = p;
  }
  if (
    [
      'index.docker.io',
      'registry-1.docker.io',
      'registry.hub.docker.com',
    ].includes(host)
  ) {
    host = DOCKER_HUB;
  }
  const prefix = path?.endsWith('*') ?? false;
  const hostRegex = new RegExp(
    `^${host.split('*').map(escapeRegex).join('[^/]*')}$`,
  );
  return { host: hostRegex, path: prefix ? path!.slice(0, -1) : path, prefix };
}

export function matchesRegistry(
  ref: ImageRef,
  pattern: RegistryPattern,
): boolean {
  return pattern.host.test(ref.registry) && matchesPath(ref, pattern);
}

/** The path part of matchesRegistry. */
function matchesPath(ref: ImageRef, pattern: RegistryPattern): boolean {
  if (pattern.path === undefined) return true;
  if (pattern.prefix) return ref.repository.startsWith(pattern.path);
  return (
    ref.repository === pattern.path ||
    ref.repository.startsWith(`${pattern.path}/`)
  );
}

/** Decides whether images come from trusted registries; build once per evaluation. */
export class RegistryTrust {
  private readonly builtIn: RegistryPattern[];
  private readonly configured: RegistryPattern[];
  private readonly publicHosts: Set<string>;

  constructor(trustedRegistries: readonly string[]) {
    const compile = (list: readonly string[]) =>
      list
        .map(compileRegistryPattern)
        .filter((p): p is RegistryPattern => Boolean(p));
    this.builtIn = compile([...PROVIDER_REGISTRIES, ...VENDOR_REGISTRIES]);
    this.configured = compile(trustedRegistries);
    this.publicHosts = new Set(PUBLIC_REGISTRIES);
  }

  /** Whether the organisation configured its own list of trusted registries. */
  get hasAllowList(): boolean {
    return this.configured.length > 0;
  }

  verdict(ref: ImageRef): RegistryVerdict {
    if (this.isTrusted(ref)) return 'trusted';
    return ref.dockerHub || this.publicHosts.has(ref.registry)
      ? 'public'
      : 'unlisted';
  }

  /**
   * Whether an image should be reported: Docker Hub and shared public registries always
   * (unless trusted), other hosts only once an allow-list exists.
   */
  isReported(ref: ImageRef): boolean {
    const verdict = this.verdict(ref);
    return (
      verdict === 'public' || (verdict === 'unlisted' && this.hasAllowList)
    );
  }

  /**
   * Docker Hub is trusted only where a configured entry names it (e.g. `docker.io/myorg`):
   * anyone can publish there, and official images too are rebuilt outside your control.
   */
  isTrusted(ref: ImageRef): boolean {
    if (matchesAny(ref, this.patternsOn(ref.registry, true))) return true;
    return this.isBuiltIn(ref);
  }

  /** Whether the image comes from a provider or vendor registry known out of the box. */
  isBuiltIn(ref: ImageRef): boolean {
    return !ref.dockerHub && matchesAny(ref, this.patternsOn(ref.registry));
  }

  /** The patterns whose host matches, by registry: a cluster pulls from few registries. */
  private readonly byHost = new Map<string, RegistryPattern[]>();
  private readonly configuredByHost = new Map<string, RegistryPattern[]>();

  private patternsOn(registry: string, configured = false): RegistryPattern[] {
    const cache = configured ? this.configuredByHost : this.byHost;
    let patterns = cache.get(registry);
    if (!patterns) {
      patterns = (configured ? this.configured : this.builtIn).filter(p =>
        p.host.test(registry),
      );
      cache.set(registry, patterns);
    }
    return patterns;
  }
}

/** matchesRegistry for patterns whose host is known to match the image's registry. */
function matchesAny(ref: ImageRef, patterns: RegistryPattern[]): boolean {
  for (let i = 0; i < patterns.length; i++) {
    if (matchesPath(ref, patterns[i])) return true;
  }
  return false;
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(new RegistryTrust([]));
