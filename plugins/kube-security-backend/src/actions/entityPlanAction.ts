import {
  isOpen,
  compactPlanItem,
  compactScore,
  planItemShape,
  scoreShape,
} from './shapes';
import { entityRefInput } from './refs';
import type { ActionDeps } from './types';

/** `get-entity-security-plan`: one entity's prioritized plan, cut down for an assistant. */
export function registerEntityPlanAction({
  actionsRegistry,
  access,
  plans,
}: ActionDeps) {
  actionsRegistry.register({
    name: 'get-entity-security-plan',
    title: 'Get the Kubernetes security plan of a catalog entity',
    description: [
      'Returns the Kubernetes security action plan of one catalog entity (a Component, or the',
      'Resource of kind kubernetes-cluster that stands for a cluster): its score and grade, the',
      'open practices ordered by priority (most important first), for each a few failing',
      "findings and the remediation steps for the entity's cloud provider (EKS, GKE or AKS).",
      'Passing practices are counted but not listed unless includePassing is true.',
      'Only entities the caller may see are answered; others give "not found" or "not allowed".',
      'Use list-open-findings to page through all findings of one practice.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'Entity ref, e.g. component:default/payments-api (namespace defaults to "default")',
            ),
          findingsPerItem: z
            .number()
            .int()
            .min(0)
            .max(20)
            .default(3)
            .describe(
              'Findings to list per practice (the total is always given)',
            ),
          includePassing: z
            .boolean()
            .default(false)
            .describe(
              'Also list practices that pass, are accepted or attested',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          provider: z.string().optional(),
          mapped: z
            .boolean()
            .describe(
              'False when no scanned workload or cluster maps to the entity',
            ),
          stale: z
            .boolean()
            .describe(
              'True when a cluster the data comes from failed its last scan',
            ),
          dataFrom: z
            .string()
            .optional()
            .describe('When the data shown was collected'),
          score: scoreShape(z),
          categories: z.array(
            z.object({
              category: z.string(),
              open: z.number(),
              total: z.number(),
            }),
          ),
          openItems: z.number(),
          items: z.array(planItemShape(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = entityRefInput(input.entityRef, 'entityRef');
      const scope = await access.scopeFor(credentials, { catalog: false });
      const entity = await access.readableEntity(credentials, scope, ref);
      const body = await plans.entityPlan(entity);
      const open = body.plan.items.filter(isOpen);
      return {
        output: {
          entityRef: body.entityRef,
          ...(body.provider ? { provider: body.provider } : {}),
          mapped: body.mapped,
          stale: body.stale,
          ...(body.dataFrom ? { dataFrom: body.dataFrom } : {}),
          score: compactScore(body.plan.score),
          categories: body.plan.categories.map(c => ({
            category: c.category,
            open: c.open,
            total: c.total,
          })),
          openItems: open.length,
          items: (input.includePassing ? body.plan.items : open).map(item =>
            compactPlanItem(item, input.findingsPerItem, body.provider),
          ),
        },
      };
    },
  });
}
