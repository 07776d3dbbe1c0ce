/**
 * Container image references, parsed the way the container runtimes resolve them
 * (distribution/reference rules): `[host[:port]/]path[:tag][@digest]`, with Docker Hub
 * as the default registry and `library/` as its default namespace.
 */

export const DOCKER_HUB = 'docker.io';

/** Hostnames that all mean Docker Hub. */
const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

export interface ImageRef {
  /** The reference as written in the pod spec. */
  original: string;
  /** Lower-cased `host[:port]`; `docker.io` for Docker Hub. */
  registry: string;
  /** Path inside the registry, e.g. `library/nginx` or `team/api`. */
  repository: string;
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  digest?: string;
  dockerHub: boolean;
  /** Whether the reference names its registry rather than relying on the default. */
  explicitRegistry: boolean;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]{32,}$/;
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/;

/** Whether the first path component names a registry host rather than a namespace. */
function isRegistryHost(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

/** Parses an image reference; returns undefined when it is not a valid reference. */
export function parseImageRef(image: string): ImageRef | undefined {
  if (typeof image !== 'string') return undefined;
  const original = image.trim();
  if (!original || /\s/.test(original)) return undefined;

  let rest = original;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  let registry = DOCKER_HUB;
  let explicitRegistry = false;
  const slash = rest.indexOf('/');
  if (slash >= 0 && isRegistryHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash).toLowerCase();
    if (!HOST.test(registry)) return undefined;
    rest = rest.slice(slash + 1);
    explicitRegistry = true;
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }

  const components = rest.split('/');
  if (!components.every(c => PATH_COMPONENT.test(c))) return undefined;

  const dockerHub = DOCKER_HUB_ALIASES.has(registry);
  if (dockerHub) registry = DOCKER_HUB;
  const repository =
    dockerHub && components.length === 1 ? `library/${rest}` : rest;
  return {
    original,
    registry,
    repository,
    tag,
    digest,
    dockerHub,
    explicitRegistry,
  };
}

/** `registry/repository`, the fully qualified name without tag or digest. */
export function imageName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Last path component, e.g. `nginx` for `docker.io/library/nginx`. */
export function shortName(ref: ImageRef): string {
  return ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
}

/** Whether the image resolves to a movable tag: `:latest` or no tag and no digest. */
export function isMutableTag(ref: ImageRef): boolean {
  return !ref.digest && (ref.tag === undefined || ref.tag === 'latest');
}

/**
 * Whether a digest pins one image: one of the algorithms the OCI image specification
 * registers, with its exact encoding: `sha256:` or `blake3:` with 64, `sha512:` with 128
 * lower-case hex digits. A shorter or upper-case digest, or an unregistered algorithm,
 * cannot be verified and pins nothing.
 */
export function isPinningDigest(digest: string): boolean {
  return /^((sha256|blake3):[0-9a-f]{64}|sha512:[0-9a-f]{128})$/.test(digest);
}
