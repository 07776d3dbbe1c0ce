import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  EntityFactsResponse,
  EntitySecurityFacts,
  KUBE_SECURITY_PLUGIN_ID,
} from '@kube-security/plugin-kube-security-common';

/**
 * The retriever's id: the key of its schedule in `techInsights.factRetrievers` and of
 * checks' `factIds`.
 *
 * @public
 */
export const KUBE_SECURITY_FACT_RETRIEVER_ID = 'kubeSecurityFactRetriever';

/** Entities per request to the Kube Security backend. */
const PAGE_SIZE = 500;

/**
 * The facts, by name. A fact the Kube Security backend has no value for (an entity with
 * no evidence has no score nor grade) is left out, so checks that need it are skipped for
 * that entity rather than failed.
 *
 * @public
 */
export const kubeSecurityFactSchema = {
  score: {
    type: 'float',
    description:
      'Kube Security score, 0 to 100: the severity-weighted share of checked resources that pass',
  },
  grade: {
    type: 'string',
    description: 'Kube Security grade, A to F',
  },
  gradeRank: {
    type: 'integer',
    description:
      'The grade as a number a rule can compare: A = 5, B = 4, C = 3, D = 2, F = 1',
  },
  coverage: {
    type: 'float',
    description:
      'Share (0 to 1) of the applicable practices that had evidence in the last scans',
  },
  openItems: {
    type: 'integer',
    description: 'Practices that still need work, in all categories',
  },
  openCloudItems: {
    type: 'integer',
    description: 'Cloud account practices that still need work',
  },
  openClusterItems: {
    type: 'integer',
    description: 'Cluster practices that still need work',
  },
  openWorkloadItems: {
    type: 'integer',
    description: 'Workload practices that still need work',
  },
  openImageItems: {
    type: 'integer',
    description: 'Container image practices that still need work',
  },
  openCriticalFindings: {
    type: 'integer',
    description:
      'Open critical findings (failing or warning) that no active exception covers',
  },
  openHighFindings: {
    type: 'integer',
    description:
      'Open high-severity findings (failing or warning) that no active exception covers',
  },
  expiredExceptions: {
    type: 'integer',
    description:
      'Exceptions that ran out while a finding they covered is still open and nothing accepts it now',
  },
  exceptionsExpiringSoon: {
    type: 'integer',
    description: 'Active exceptions that expire within 30 days',
  },
} as const satisfies FactRetriever['schema'];

/** The Tech Insights fact values of one entity's security facts. @public */
export function toFactValues(
  facts: EntitySecurityFacts,
): TechInsightFact['facts'] {
  const open = facts.openByCategory;
  return {
    ...(facts.score !== null ? { score: facts.score } : {}),
    ...(facts.grade !== null ? { grade: facts.grade } : {}),
    ...(facts.gradeRank !== null ? { gradeRank: facts.gradeRank } : {}),
    coverage: facts.coverage,
    openItems: open.cloud + open.cluster + open.workload + open.image,
    openCloudItems: open.cloud,
    openClusterItems: open.cluster,
    openWorkloadItems: open.workload,
    openImageItems: open.image,
    openCriticalFindings: facts.openFindings.critical,
    openHighFindings: facts.openFindings.high,
    expiredExceptions: facts.exceptions.expired,
    exceptionsExpiringSoon: facts.exceptions.expiringSoon,
  };
}

/** Every page of `GET /api/kube-security/entity-facts`, asked as this backend service. */
async function readEntityFacts(
  ctx: FactRetrieverContext,
): Promise<EntitySecurityFacts[]> {
  const baseUrl = await ctx.discovery.getBaseUrl(KUBE_SECURITY_PLUGIN_ID);
  const { token } = await ctx.auth.getPluginRequestToken({
    onBehalfOf: await ctx.auth.getOwnServiceCredentials(),
    targetPluginId: KUBE_SECURITY_PLUGIN_ID,
  });
  const all: EntitySecurityFacts[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const url = `${baseUrl}/entity-facts?offset=${offset}&limit=${PAGE_SIZE}`;
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw new Error(
        `Kube Security answered ${res.status} ${res.statusText} for ${url}: ${(
          await res.text()
        ).slice(0, 500)}`,
      );
    }
    const page = (await res.json()) as EntityFactsResponse;
    all.push(...page.entities);
    if (!page.entities.length || offset + PAGE_SIZE >= page.total) return all;
  }
}

/**
 * A Tech Insights fact retriever fed by the Kube Security backend: for every Component,
 * Resource, System and team (Group) with Kubernetes security data, its score, grade,
 * coverage, open items per category, open critical and high findings, and expired or
 * soon-expiring exceptions.
 *
 * @public
 */
export function createKubeSecurityFactRetriever(): FactRetriever {
  return {
    id: KUBE_SECURITY_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Kubernetes security',
    description:
      'Score, grade, open practices and findings, and exceptions, from Kube Security',
    entityFilter: [{ kind: ['component', 'resource', 'system', 'group'] }],
    schema: kubeSecurityFactSchema,
    async handler(ctx) {
      const entities = await readEntityFacts(ctx);
      ctx.logger.info(
        `Read the Kubernetes security facts of ${entities.length} entities`,
      );
      return entities.map(facts => {
        const { kind, namespace, name } = parseEntityRef(facts.entityRef);
        return {
          entity: { kind, namespace, name },
          facts: toFactValues(facts),
        };
      });
    },
  };
}
