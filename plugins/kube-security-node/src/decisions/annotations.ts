import type {
  ActionItemId,
  CatalogCheckDefinition,
  ResourceRef,
} from '@kube-security/plugin-kube-security-common';
import type { KubeObject, ObjectOrigin, Snapshot } from '../snapshot/types';
import { parseAcceptValue } from './acceptValue';
import {
  createCheckNameResolver,
  notAboutKubernetesObjects,
} from './checkNames';

/**
 * Exceptions as code: a team accepts the risk of one check on one Kubernetes object by
 * annotating the object, e.g.
 *   kube-security.io/accept.privileged-container: "Needs raw sockets; expires=2027-01-31"
 */
export const ACCEPT_ANNOTATION_PREFIX = 'kube-security.io/accept.';

/** Keys meant as accept annotations, including mistyped ones such as `…/accept-<check>`. */
const ACCEPT_KEY = /^kube-security\.io\/accept([-_.]|$)/;

/** Kubernetes caps the name part of an annotation key (after the "/") at 63 characters. */
const MAX_KEY_NAME_LENGTH = 63;

/** An accept annotation that is valid: the CLI and the backend honour it. */
export interface AnnotationException {
  /** The annotated object: cluster, kind, namespace and name (every container). */
  resource: ResourceRef;
  /** A full check id of the catalog, e.g. `workload-admission-policy/privileged-container`. */
  checkId: string;
  itemId: ActionItemId;
  justification: string;
  /** ISO 8601: the last millisecond of the date given (valid through that date, UTC). */
  expiresAt: string;
  /** The annotation key, for messages. */
  annotation: string;
}

/** An accept annotation that is not honoured, and why. */
export interface AnnotationProblem {
  resource: ResourceRef;
  annotation: string;
  /** A whole sentence naming the object, the annotation and what is wrong. */
  message: string;
  /** Where the object was read from, when known (manifest file and line). */
  origin?: ObjectOrigin;
}

export interface ReadAnnotationOptions {
  /** Today, for expiry: annotations that expired before today's date (UTC) are problems. */
  now: Date;
  /** Longest allowed exception, in days from today. */
  maxDays: number;
}

/**
 * Kinds without a namespace. Other objects written without one are judged as if in
 * `default`, as the engine does, so that their annotations match the findings.
 */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'ClusterRole',
  'ClusterRoleBinding',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** The resource the engine's findings name for this object. */
function resourceOf(object: KubeObject, cluster: string): ResourceRef {
  const { kind } = object;
  const { name } = object.metadata;
  // Findings on a namespace carry its name as their namespace too (see pod-security-labels).
  if (kind === 'Namespace') return { cluster, kind, namespace: name, name };
  const namespace =
    object.metadata.namespace ??
    (CLUSTER_SCOPED_KINDS.has(kind) ? undefined : 'default');
  return namespace === undefined
    ? { cluster, kind, name }
    : { cluster, kind, namespace, name };
}

function describeObject(resource: ResourceRef): string {
  const namespaced =
    resource.namespace !== undefined && resource.kind !== 'Namespace';
  return `${resource.kind} ${namespaced ? `${resource.namespace}/` : ''}${
    resource.name
  }`;
}

function keyNameIssue(key: string): string | undefined {
  const keyName = key.slice(key.indexOf('/') + 1);
  if (keyName.length > MAX_KEY_NAME_LENGTH) {
    return `the key's name part "${keyName}" is ${keyName.length} characters long, over the ${MAX_KEY_NAME_LENGTH} Kubernetes allows: name the check by its slug alone`;
  }
  return undefined;
}

const resolveCheckName = createCheckNameResolver();

/**
 * What one accept annotation means: the check it names, and every reason not to honour it.
 * `resolve` is a parameter so that tests can use a catalog with ambiguous slugs.
 */
export function readAcceptAnnotation(
  key: string,
  value: unknown,
  resource: ResourceRef,
  options: ReadAnnotationOptions,
  resolve: (name: string) => {
    definition?: CatalogCheckDefinition;
    error?: string;
  } = resolveCheckName,
): { exception?: AnnotationException; issues: string[] } {
  const issues: string[] = [];
  let definition: CatalogCheckDefinition | undefined;
  if (key.startsWith(ACCEPT_ANNOTATION_PREFIX)) {
    const resolved = resolve(key.slice(ACCEPT_ANNOTATION_PREFIX.length));
    definition = resolved.definition;
    if (resolved.error !== undefined) issues.push(resolved.error);
  } else {
    // e.g. `kube-security.io/accept-privileged-container`: clearly meant as one.
    issues.push(
      `the key must have the form ${ACCEPT_ANNOTATION_PREFIX}<check>, e.g. ${ACCEPT_ANNOTATION_PREFIX}privileged-container`,
    );
  }
  if (definition) {
    const lengthIssue = keyNameIssue(key);
    if (lengthIssue) issues.push(lengthIssue);
    const kindIssue = notAboutKubernetesObjects(definition);
    if (kindIssue) {
      issues.push(
        `${kindIssue}, so an annotation on this ${resource.kind} cannot accept it`,
      );
    }
  }
  const parsed = parseAcceptValue(value, options);
  issues.push(...parsed.issues);
  if (
    issues.length > 0 ||
    !definition ||
    parsed.justification === undefined ||
    parsed.expiresAt === undefined
  ) {
    return { issues };
  }
  return {
    exception: {
      resource,
      checkId: definition.id,
      itemId: definition.itemId,
      justification: parsed.justification,
      expiresAt: parsed.expiresAt,
      annotation: key,
    },
    issues,
  };
}

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Reads the accept annotations of every object of a snapshot (the object's own
 * `metadata.annotations`, not its pod template's). Valid ones become exceptions; every
 * other one is a problem, reported and never honoured: an unreadable or expired
 * annotation must not hide a finding. Secrets are skipped whole, never read.
 */
export function readAnnotationExceptions(
  snapshot: Snapshot,
  options: ReadAnnotationOptions,
): { exceptions: AnnotationException[]; problems: AnnotationProblem[] } {
  const exceptions: AnnotationException[] = [];
  const problems: AnnotationProblem[] = [];
  snapshot.objects.forEach((object, index) => {
    if (!object || object.kind === 'Secret') return;
    const annotations = object.metadata?.annotations;
    if (
      typeof object.metadata?.name !== 'string' ||
      !annotations ||
      typeof annotations !== 'object'
    ) {
      return;
    }
    const keys = Object.keys(annotations)
      .filter(key => ACCEPT_KEY.test(key))
      .sort(compareKeys);
    if (keys.length === 0) return;
    const resource = resourceOf(object, snapshot.cluster);
    const origin = snapshot.origins?.[index];
    for (const key of keys) {
      const read = readAcceptAnnotation(
        key,
        annotations[key],
        resource,
        options,
      );
      if (read.exception) exceptions.push(read.exception);
      for (const issue of read.issues) {
        problems.push({
          resource,
          annotation: key,
          message: `${describeObject(
            resource,
          )}: annotation ${key} is not honoured: ${issue}`,
          ...(origin && (origin.file || origin.line)
            ? { origin: { ...origin } }
            : {}),
        });
      }
    }
  });
  return { exceptions, problems };
}
