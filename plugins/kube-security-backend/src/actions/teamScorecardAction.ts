import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { compactScore, scoreShape } from './shapes';
import { entityRefInput } from './refs';
import type { ActionDeps } from './types';

/** `get-team-security-scorecard`: a team's roll-up, its worst entities and top actions. */
export function registerTeamScorecardAction({
  actionsRegistry,
  access,
  plans,
}: ActionDeps) {
  actionsRegistry.register({
    name: 'get-team-security-scorecard',
    title: "Get a team's Kubernetes security scorecard",
    description: [
      'Returns the Kubernetes security scorecard of a team (a catalog Group), rolled up over',
      'the entities it and its child teams own: score and grade, the trend over the last 7',
      'days, open practices per category (cloud, cluster, workload, image), the most',
      'important open actions across its entities, its child teams and its entities worst',
      'first. Only what the caller may see is included; a team they may not see is "not found".',
      'Use get-entity-security-plan for the details of one entity.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          team: z
            .string()
            .min(1)
            .describe(
              'Group ref, e.g. group:default/payments, or just the group name',
            ),
          entitiesLimit: z
            .number()
            .int()
            .min(0)
            .max(50)
            .default(10)
            .describe('How many of its entities to list, worst first'),
          entitiesOffset: z
            .number()
            .int()
            .min(0)
            .max(1_000_000)
            .default(0)
            .describe(
              'How many of its entities (worst first) to skip: the next page starts at the previous offset plus entitiesLimit',
            ),
        }),
      output: z =>
        z.object({
          team: z.object({
            entityRef: z.string(),
            name: z.string(),
            title: z.string().optional(),
            score: scoreShape(z),
            trend: z
              .number()
              .nullable()
              .describe('Score change over the last 7 days'),
            openByCategory: z.record(z.number()),
            entityCount: z.number(),
            lastScanAt: z.string().optional(),
          }),
          topActions: z.array(
            z.object({
              entityRef: z.string(),
              itemId: z.string(),
              title: z.string(),
              status: z.string(),
              severity: z.string().optional(),
              affected: z.number(),
              fixedBy: z
                .array(z.string())
                .optional()
                .describe(
                  'Owners of the cluster whose RBAC bindings are behind the action: they make the fix',
                ),
              alsoFor: z
                .array(z.string())
                .optional()
                .describe(
                  'Other entities of the team this one action stands for (the same binding is behind their findings)',
                ),
            }),
          ),
          children: z.array(
            z.object({
              entityRef: z.string(),
              name: z.string(),
              score: scoreShape(z),
            }),
          ),
          entities: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().optional(),
              score: scoreShape(z),
              openItems: z.number(),
            }),
          ),
          entitiesTotal: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = parseEntityRef(entityRefInput(input.team, 'team', 'group'));
      if (ref.kind !== 'group') {
        throw new InputError(
          `Invalid team: ${input.team} is a ${ref.kind}; a team is a Group (group:namespace/name)`,
        );
      }
      const scope = await access.scopeFor(credentials, { catalog: true });
      const card = await plans.teamScorecard(ref.namespace, ref.name, scope, {
        entitiesOffset: input.entitiesOffset,
        entitiesLimit: input.entitiesLimit,
      });
      const { team } = card;
      return {
        output: {
          team: {
            entityRef: team.entityRef,
            name: team.name,
            ...(team.title ? { title: team.title } : {}),
            score: compactScore(team.score),
            trend: team.trend,
            openByCategory: team.openByCategory,
            entityCount: team.entityCount,
            ...(team.lastScanAt ? { lastScanAt: team.lastScanAt } : {}),
          },
          topActions: card.topActions.map(a => ({
            entityRef: a.entityRef,
            itemId: a.item.itemId,
            title: a.item.title,
            status: a.item.status,
            ...(a.item.severity ? { severity: a.item.severity } : {}),
            affected: a.item.affected,
            ...(a.fixBy?.length
              ? { fixedBy: [...new Set(a.fixBy.flatMap(f => f.ownerRefs))] }
              : {}),
            ...(a.affectedEntities
              ? {
                  alsoFor: a.affectedEntities
                    .map(e => e.entityRef)
                    .filter(other => other !== a.entityRef),
                }
              : {}),
          })),
          children: card.children.map(c => ({
            entityRef: c.entityRef,
            name: c.name,
            score: compactScore(c.score),
          })),
          entities: card.entities.map(e => ({
            entityRef: e.entityRef,
            ...(e.title ? { title: e.title } : {}),
            score: compactScore(e.score),
            openItems: e.open,
          })),
          entitiesTotal: card.entitiesPage.total,
        },
      };
    },
  });
}
