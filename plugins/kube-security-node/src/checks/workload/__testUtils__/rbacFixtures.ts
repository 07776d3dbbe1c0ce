/* Shared fixtures of the workload-rbac-least-privilege check tests. */
import type { Check } from '../../../engine/check';
import { parseManifestText } from '../../../snapshot/parse';
import type { KubeObject } from '../../../snapshot/types';
import { fixtureObjects, flagged, runOn } from './testing';

export const RBAC_ITEM = 'workload-rbac-least-privilege';

export const badObjects = () => fixtureObjects(RBAC_ITEM, 'bad.yaml');
export const goodObjects = () => fixtureObjects(RBAC_ITEM, 'good.yaml');

/** Objects of inline YAML; a parse error fails the test. */
export function yamlObjects(text: string): KubeObject[] {
  const parsed = parseManifestText(text);
  if (parsed.errors.length > 0) {
    throw new Error(`Test YAML has errors: ${JSON.stringify(parsed.errors)}`);
  }
  return parsed.objects;
}

/** Flagged lines of one check over some objects (manifest mode unless told). */
export function flaggedBy(
  check: Check,
  objects: KubeObject[],
  scope: 'manifests' | 'cluster' = 'manifests',
): string[] {
  return flagged(runOn([check], objects, { scope }));
}

/** Findings of one check, with their messages and standards. */
export function findingsOf(
  check: Check,
  objects: KubeObject[],
  scope: 'manifests' | 'cluster' = 'manifests',
) {
  return runOn([check], objects, { scope }).findings;
}
