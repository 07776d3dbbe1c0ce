import { LineCounter, parseAllDocuments } from 'yaml';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import type {
  AksDescriptor,
  CloudDescriptor,
  EksDescriptor,
  GkeDescriptor,
  ParseError,
} from './types';

/** A problem found while reading a cloud descriptor file (same shape as manifest errors). */
export type CloudParseError = ParseError;

export interface CloudParseResult {
  descriptor?: CloudDescriptor;
  errors: CloudParseError[];
}

/**
 * Facts collected apart from the cluster itself (by the cloud modules, or from further
 * CLI calls) and merged into a descriptor. A whole descriptor is also valid facts, so
 * contributions of several collectors can be merged one into the other.
 */
export interface CloudFacts {
  /** When given, must match the descriptor's provider. */
  provider?: Provider;
  /** Fields merged over the descriptor's cluster (e.g. ones another API call returned). */
  cluster?: Record<string, any>;
  nodegroups?: any[];
  addons?: any[];
  podIdentityAssociations?: any[];
  launchTemplates?: any[];
  accessEntries?: any[];
  account?: Record<string, unknown>;
}

const SOURCES: Record<Provider, string> = {
  eks: 'an EKS cluster (aws eks describe-cluster)',
  gke: 'a GKE cluster (gcloud container clusters describe)',
  aks: 'an AKS cluster (az aks show)',
};

const EXPECTED_INPUT =
  'expected the output of `aws eks describe-cluster`, ' +
  '`gcloud container clusters describe --format=json` (or YAML), ' +
  '`az aks show -o json`, or a descriptor with `provider` and `cluster`';

/** EKS-only list fields of a descriptor, with the key that identifies one entry. */
const EKS_LISTS: Record<
  | 'nodegroups'
  | 'addons'
  | 'podIdentityAssociations'
  | 'launchTemplates'
  | 'accessEntries',
  { wrapper?: string; key: (item: any) => unknown }
> = {
  nodegroups: { wrapper: 'nodegroup', key: item => item.nodegroupName },
  addons: { wrapper: 'addon', key: item => item.addonName },
  podIdentityAssociations: {
    wrapper: 'association',
    key: item =>
      item.associationId ??
      (item.namespace && item.serviceAccount
        ? `${item.namespace}/${item.serviceAccount}`
        : undefined),
  },
  launchTemplates: {
    key: item =>
      item.id ?? item.launchTemplateId ?? item.name ?? item.launchTemplateName,
  },
  accessEntries: { wrapper: 'accessEntry', key: item => item.principalArn },
};

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeEks(o: Record<string, any>): boolean {
  return (
    (typeof o.arn === 'string' && /^arn:aws[a-z-]*:eks:/.test(o.arn)) ||
    isObject(o.resourcesVpcConfig)
  );
}

function looksLikeAks(o: Record<string, any>): boolean {
  return (
    (typeof o.type === 'string' &&
      o.type.toLowerCase() === 'microsoft.containerservice/managedclusters') ||
    (typeof o.id === 'string' &&
      /\/providers\/microsoft\.containerservice\/managedclusters\//i.test(
        o.id,
      )) ||
    Array.isArray(o.agentPoolProfiles) ||
    (isObject(o.properties) && Array.isArray(o.properties.agentPoolProfiles))
  );
}

function looksLikeGke(o: Record<string, any>): boolean {
  return (
    (typeof o.selfLink === 'string' &&
      o.selfLink.includes('container.googleapis.com')) ||
    Array.isArray(o.nodePools) ||
    isObject(o.masterAuth) ||
    isObject(o.privateClusterConfig) ||
    typeof o.currentMasterVersion === 'string'
  );
}

/**
 * The ARM REST shape nests settings under `properties`; `az aks show` prints them
 * flattened. Checks read the flattened form, so the REST shape is flattened here.
 */
function flattenArm(o: Record<string, any>): Record<string, any> {
  if (!isObject(o.properties)) return o;
  const { properties, ...rest } = o;
  return { ...rest, ...properties };
}

/** Recognises a provider's own output (not a normalized descriptor). */
function fromProviderOutput(
  value: Record<string, any>,
): { provider: Provider; cluster: Record<string, any> } | undefined {
  // `aws eks describe-cluster` wraps the cluster; `--query cluster` does not.
  if (isObject(value.cluster) && looksLikeEks(value.cluster)) {
    return { provider: 'eks', cluster: value.cluster };
  }
  if (looksLikeEks(value)) return { provider: 'eks', cluster: value };
  if (looksLikeAks(value))
    return { provider: 'aks', cluster: flattenArm(value) };
  if (looksLikeGke(value)) return { provider: 'gke', cluster: value };
  return undefined;
}

/** Names what a document is when it is not a cluster, so the error helps. */
function describeUnrecognised(value: unknown): string {
  if (Array.isArray(value)) {
    return `it is a list of ${value.length} entries; give one cluster per file`;
  }
  if (!isObject(value))
    return `it is a ${value === null ? 'null' : typeof value}`;
  if (isObject(value.nodegroup)) {
    return 'it is `aws eks describe-nodegroup` output; put node groups under `nodegroups` of an EKS descriptor';
  }
  if (isObject(value.addon)) {
    return 'it is `aws eks describe-addon` output; put add-ons under `addons` of an EKS descriptor';
  }
  if (typeof value.kind === 'string' && typeof value.apiVersion === 'string') {
    return `it is a Kubernetes ${value.kind} object, not a cloud descriptor`;
  }
  const keys = Object.keys(value).slice(0, 5);
  return keys.length
    ? `its top-level keys (${keys.join(', ')}) match no provider`
    : 'it is an empty object';
}

function unwrapList(list: any[], wrapper?: string): any[] {
  if (!wrapper) return list;
  return list.map(item =>
    isObject(item) && isObject(item[wrapper]) ? item[wrapper] : item,
  );
}

/** Validates and tidies a descriptor that already has `provider` and `cluster`. */
function fromNormalized(
  value: Record<string, any>,
  where: string,
): { descriptor?: CloudDescriptor; problems: string[] } {
  const problems: string[] = [];
  const provider = value.provider;
  if (provider !== 'eks' && provider !== 'gke' && provider !== 'aks') {
    return {
      problems: [
        `${where}: unknown provider '${String(
          provider,
        )}' (expected eks, gke or aks)`,
      ],
    };
  }
  if (!isObject(value.cluster)) {
    return { problems: [`${where}: \`cluster\` must be an object`] };
  }
  let cluster = value.cluster;
  // Tolerate the raw CLI output pasted under `cluster`.
  const inner = fromProviderOutput(cluster);
  if (inner) {
    if (inner.provider !== provider) {
      return {
        problems: [
          `${where}: \`provider\` says ${provider} but \`cluster\` looks like ${
            SOURCES[inner.provider]
          }`,
        ],
      };
    }
    cluster = inner.cluster;
  }
  const descriptor: Record<string, any> = { ...value, cluster };
  for (const [field, spec] of Object.entries(EKS_LISTS)) {
    if (descriptor[field] === undefined) continue;
    if (provider !== 'eks') {
      problems.push(`${where}: \`${field}\` only applies to EKS descriptors`);
    } else if (!Array.isArray(descriptor[field])) {
      problems.push(`${where}: \`${field}\` must be a list`);
    } else {
      descriptor[field] = unwrapList(descriptor[field], spec.wrapper);
    }
  }
  if (descriptor.account !== undefined && !isObject(descriptor.account)) {
    problems.push(`${where}: \`account\` must be an object`);
  }
  if (problems.length) return { problems };
  return { descriptor: descriptor as CloudDescriptor, problems };
}

/** Line (1-based) of a JSON.parse error, from the position Node reports. */
function jsonErrorLine(text: string, error: Error): number {
  const lineMatch = /\(line (\d+) column \d+\)/.exec(error.message);
  if (lineMatch) return Number(lineMatch[1]);
  const posMatch = /position (\d+)/.exec(error.message);
  const position = posMatch ? Number(posMatch[1]) : text.length;
  return text.slice(0, position).split('\n').length;
}

function readDocument(
  text: string,
  file: string | undefined,
): { value?: unknown; errors: CloudParseError[] } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { value: JSON.parse(text), errors: [] };
    } catch (e) {
      const error = e as Error;
      return {
        errors: [
          {
            file,
            line: jsonErrorLine(text, error),
            message: `invalid JSON: ${error.message}`,
          },
        ],
      };
    }
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const list = Array.isArray(documents) ? documents : [documents];
  const errors: CloudParseError[] = [];
  for (const doc of list) {
    for (const error of doc.errors) {
      errors.push({
        file,
        line: error.linePos?.[0]?.line,
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
      });
    }
  }
  if (errors.length) return { errors };
  const values = list
    .map(doc => doc.toJS())
    .filter(v => v !== null && v !== undefined);
  if (values.length > 1) {
    const second = list.filter(doc => doc.contents !== null)[1];
    return {
      errors: [
        {
          file,
          line: second?.range
            ? lineCounter.linePos(second.range[0]).line
            : undefined,
          message: `holds ${values.length} YAML documents; give one cluster per file`,
        },
      ],
    };
  }
  return { value: values[0], errors: [] };
}

/**
 * Reads a cloud descriptor from what the providers' CLIs print: `aws eks
 * describe-cluster`, `gcloud container clusters describe` (JSON or its default YAML),
 * `az aks show -o json` (or the ARM REST shape), or an already-normalized descriptor
 * (`{ provider, cluster, nodegroups?, addons?, account? … }`) as the cloud modules
 * produce. The provider is detected from the shape; `providerHint` makes a mismatch an
 * error instead of a silent surprise.
 */
export function parseCloudDescriptor(
  text: string,
  file?: string,
  providerHint?: Provider,
): CloudParseResult {
  const where = file ?? 'cloud descriptor';
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trim()) {
    return { errors: [{ file, message: `${where}: the file is empty` }] };
  }
  const read = readDocument(source, file);
  if (read.errors.length) {
    return {
      errors: read.errors.map(e => ({
        ...e,
        message: `${where}: ${e.message}`,
      })),
    };
  }
  let value = read.value;
  // `gcloud … list` / `az aks list` print a list; one entry is unambiguous.
  if (Array.isArray(value) && value.length === 1) value = value[0];

  let descriptor: CloudDescriptor | undefined;
  if (isObject(value) && typeof value.provider === 'string') {
    const normalized = fromNormalized(value, where);
    if (!normalized.descriptor) {
      return {
        errors: normalized.problems.map(message => ({ file, message })),
      };
    }
    descriptor = normalized.descriptor;
  } else {
    const raw = isObject(value) ? fromProviderOutput(value) : undefined;
    if (!raw) {
      return {
        errors: [
          {
            file,
            message: `${where}: not a recognised cloud descriptor: ${describeUnrecognised(
              value,
            )}; ${EXPECTED_INPUT}`,
          },
        ],
      };
    }
    descriptor = {
      provider: raw.provider,
      cluster: raw.cluster,
    } as CloudDescriptor;
  }

  if (providerHint && descriptor.provider !== providerHint) {
    return {
      errors: [
        {
          file,
          message: `${where}: expected ${SOURCES[providerHint]} but found ${
            SOURCES[descriptor.provider]
          }`,
        },
      ],
    };
  }
  return { descriptor, errors: [] };
}

function mergeList(
  existing: any[] | undefined,
  added: any[],
  key: (item: any) => unknown,
) {
  const result = [...(existing ?? [])];
  for (const item of added) {
    const k = isObject(item) ? key(item) : undefined;
    const at =
      k === undefined ? -1 : result.findIndex(e => isObject(e) && key(e) === k);
    if (at >= 0) result[at] = item;
    else result.push(item);
  }
  return result;
}

/**
 * Returns a copy of `descriptor` with extra facts merged in: list entries replace the
 * entry with the same identity (node group name, add-on name, principal ARN…) and are
 * appended otherwise; `cluster` and `account` fields replace the ones of the same name.
 * Raw CLI wrappers (`{ nodegroup: {…} }`, `{ addon: {…} }`) are unwrapped.
 */
export function mergeCloudFacts<D extends CloudDescriptor>(
  descriptor: D,
  facts: CloudFacts,
): D {
  if (facts.provider && facts.provider !== descriptor.provider) {
    throw new TypeError(
      `cannot merge ${facts.provider} facts into the ${descriptor.provider} descriptor`,
    );
  }
  const merged: Record<string, any> = { ...descriptor };
  if (isObject(facts.cluster)) {
    merged.cluster = { ...descriptor.cluster, ...facts.cluster };
  }
  for (const [field, spec] of Object.entries(EKS_LISTS)) {
    const added = (facts as Record<string, unknown>)[field];
    if (added === undefined) continue;
    if (descriptor.provider !== 'eks') {
      throw new TypeError(
        `${field} only apply to EKS descriptors, not ${descriptor.provider}`,
      );
    }
    if (!Array.isArray(added)) throw new TypeError(`${field} must be a list`);
    merged[field] = mergeList(
      merged[field],
      unwrapList(added, spec.wrapper),
      spec.key,
    );
  }
  if (facts.account) {
    merged.account = { ...(descriptor.account ?? {}), ...facts.account };
  }
  return merged as D;
}

/** Narrowing helpers for code that handles one provider. */
export function isEksDescriptor(
  d: CloudDescriptor | undefined,
): d is EksDescriptor {
  return d?.provider === 'eks';
}
export function isGkeDescriptor(
  d: CloudDescriptor | undefined,
): d is GkeDescriptor {
  return d?.provider === 'gke';
}
export function isAksDescriptor(
  d: CloudDescriptor | undefined,
): d is AksDescriptor {
  return d?.provider === 'aks';
}
