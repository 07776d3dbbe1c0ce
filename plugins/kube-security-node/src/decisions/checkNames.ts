import { CHECK_DEFINITIONS } from '@kube-security/plugin-kube-security-common';
import type { CatalogCheckDefinition } from '@kube-security/plugin-kube-security-common';

/** What an annotation's check name resolves to: one catalog check, or why it does not. */
export type CheckNameResolution =
  | { definition: CatalogCheckDefinition; error?: undefined }
  | { definition?: undefined; error: string };

/** The key form of a check id: annotation keys allow a single "/", so "/" becomes ".". */
export function checkIdKeyForm(checkId: string): string {
  return checkId.replace('/', '.');
}

function slugOf(definition: CatalogCheckDefinition): string {
  return definition.id.slice(definition.itemId.length + 1);
}

/**
 * Builds the lookup from the name written after `kube-security.io/accept.` to a check:
 * the check id with "." for "/" (`workload-admission-policy.privileged-container`), or the
 * slug alone (`privileged-container`) when exactly one check has it. The catalog is a
 * parameter so that tests can give one with ambiguous slugs.
 */
export function createCheckNameResolver(
  definitions: Readonly<
    Record<string, CatalogCheckDefinition>
  > = CHECK_DEFINITIONS,
): (name: string) => CheckNameResolution {
  const byKeyForm = new Map<string, CatalogCheckDefinition>();
  const bySlug = new Map<string, CatalogCheckDefinition[]>();
  for (const definition of Object.values(definitions)) {
    byKeyForm.set(checkIdKeyForm(definition.id), definition);
    const slug = slugOf(definition);
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), definition]);
  }

  return rawName => {
    // Check ids are lower case; a key written in another case still means the same check.
    const name = rawName.toLowerCase();
    if (name === '') {
      return {
        error:
          'names no check: write the check after the prefix, e.g. kube-security.io/accept.privileged-container',
      };
    }
    if (name.includes('/')) {
      return {
        error: `annotation keys allow a single "/": write the check as ${name.replace(
          /\//g,
          '.',
        )}`,
      };
    }
    const exact = byKeyForm.get(name);
    if (exact) return { definition: exact };
    const matches = bySlug.get(name) ?? [];
    if (matches.length === 1) return { definition: matches[0] };
    if (matches.length > 1) {
      const forms = matches.map(d => checkIdKeyForm(d.id)).sort();
      return {
        error: `"${name}" is ambiguous: it is the slug of ${
          matches.length
        } checks; write the full one instead (${forms.join(' or ')})`,
      };
    }
    return {
      error: `"${name}" names no Kube Security check: write a check id with "." instead of "/" (e.g. workload-admission-policy.privileged-container) or a check's slug (e.g. privileged-container)`,
    };
  };
}

/**
 * Why a check can never report on a Kubernetes object, or undefined when it can. Checks
 * judged only from the cloud provider's settings report on clusters, node groups and IAM
 * users, which carry no Kubernetes annotations.
 */
export function notAboutKubernetesObjects(
  definition: CatalogCheckDefinition,
): string | undefined {
  if (
    definition.evidence === 'cloud' &&
    !(definition.additionalEvidence ?? []).includes('kubernetes')
  ) {
    return `${definition.id} is judged from the cloud provider's settings, not from Kubernetes objects`;
  }
  if (definition.scope === 'cluster') {
    return `${definition.id} is about the whole cluster, not about one object`;
  }
  return undefined;
}
