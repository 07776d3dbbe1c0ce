/**
 * Node library of Kube Security: the snapshot model and its parsers, the snapshot index,
 * the checks and the engine that evaluates them.
 *
 * @packageDocumentation
 */

import { ALL_CHECKS } from './checks';
import type { Check } from './engine/check';
import type { EvaluationResult } from '@kube-security/plugin-kube-security-common';
import { evaluate as evaluateChecks } from './engine/evaluate';
import type { EngineOptions } from './engine/options';
import type { Snapshot } from './snapshot/types';

export * from './snapshot/types';
export { parseManifestText, type ParseOptions } from './snapshot/parse';
export { parseYamlFast, type FastDocument } from './snapshot/fastYaml';
export {
  DEFAULT_MANIFEST_LIMITS,
  type ManifestLimits,
} from './snapshot/limits';
export {
  loadManifests,
  snapshotFromManifests,
  type SnapshotFromManifestsOptions,
} from './snapshot/load';
export { originLookup } from './snapshot/origins';
export {
  projectObject,
  projectSnapshot,
  stubFoldedWorkloads,
} from './snapshot/project';
export {
  parseCloudDescriptor,
  mergeCloudFacts,
  isAksDescriptor,
  isEksDescriptor,
  isGkeDescriptor,
  type CloudFacts,
  type CloudParseError,
  type CloudParseResult,
} from './snapshot/cloud';

export type { Check, CheckContext, RawFinding } from './engine/check';
export type {
  ContainerFacts,
  ContainerRef,
  SnapshotIndex,
  Workload,
  WorkloadFacts,
} from './engine/SnapshotIndex';
export { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './engine/options';
export { buildIndex, WORKLOAD_KINDS } from './engine/buildIndex';
export { findingId, resolveEngineOptions } from './engine/evaluate';
export { runChecks, type CheckRun } from './engine/runChecks';
export {
  ALL_CHECKS,
  cloudChecks,
  clusterChecks,
  imageChecks,
  workloadChecks,
} from './checks';

/**
 * Evaluates the registered checks (ALL_CHECKS, or the `checks` given) on one snapshot:
 * pure and synchronous. The engine takes its checks as an argument; the registry is bound
 * here, so that the engine does not depend on the checks.
 */
export function evaluate(
  snapshot: Snapshot,
  options: Partial<EngineOptions> = {},
  checks: readonly Check[] = ALL_CHECKS,
): EvaluationResult {
  return evaluateChecks(snapshot, options, checks);
}

// Exceptions as code: accept annotations on Kubernetes objects.
export {
  ACCEPT_ANNOTATION_PREFIX,
  readAnnotationExceptions,
  type AnnotationException,
  type AnnotationProblem,
  type ReadAnnotationOptions,
} from './decisions/annotations';
export {
  annotationAcceptance,
  annotationActor,
  applyAnnotationExceptions,
} from './decisions/applyAnnotationExceptions';

// Collection: the contract collectors implement and the extension point modules use.
export type {
  CollectOptions,
  CollectorCluster,
  CollectorContribution,
  KubeSecurityCollector,
} from './collect/types';
export {
  kubeSecurityCollectorsExtensionPoint,
  type KubeSecurityCollectorsExtensionPoint,
} from './extensions';
export * from './collect/kubernetes';
