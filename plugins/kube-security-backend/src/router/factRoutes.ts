import type { EntityFactsResponse } from '@kube-security/plugin-kube-security-common';
import type { Router } from 'express';
import type { Access } from './access';
import type { PlanService } from '../service/PlanService';
import { entityFactsQuery, parse } from './schemas';

/**
 * Read-only facts for scorecards: the security facts of every entity and team the caller
 * may see (a backend service such as the Tech Insights fact retriever sees them all).
 */
export function addFactRoutes(
  router: Router,
  access: Access,
  options: { plans: PlanService },
) {
  router.get('/entity-facts', async (req, res) => {
    const q = parse(entityFactsQuery, req.query, 'query');
    const { scope } = await access.readScope(req, { catalog: true });
    const body: EntityFactsResponse = await options.plans.entityFacts(q, scope);
    res.json(body);
  });
}
