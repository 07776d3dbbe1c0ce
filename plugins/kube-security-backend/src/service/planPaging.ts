import {
  EntityPlanResponse,
  fixTargets,
} from '@kube-security/plugin-kube-security-common';

/** Which findings of an entity plan to send. */
export interface FindingsPage {
  /** Findings per item. */
  limit: number;
  /** Where the page of `itemId` starts (other items start at 0). */
  offset: number;
  itemId?: string;
}

/**
 * The plan with each item's findings cut to one page, and the item's total alongside;
 * scores and counts stay those of the whole plan, and so do the clusters and values its
 * fix steps are for (`fixTargets`).
 */
export function pageEntityPlan(
  body: EntityPlanResponse,
  page: FindingsPage,
): EntityPlanResponse {
  return {
    ...body,
    plan: {
      ...body.plan,
      items: body.plan.items.map(item => {
        const start = item.itemId === page.itemId ? page.offset : 0;
        return {
          ...item,
          findings: item.findings.slice(start, start + page.limit),
          findingsTotal: item.findings.length,
          fixTargets: fixTargets(item.itemId, item.findings, body.clusters),
        };
      }),
    },
  };
}
