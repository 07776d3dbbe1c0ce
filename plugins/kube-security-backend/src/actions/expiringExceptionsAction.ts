import { itemTitle, resourceShape } from './shapes';
import { entityRefInput } from './refs';
import type { ActionDeps } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `list-expiring-exceptions`: accepted risks that lapse soon, soonest first. */
export function registerExpiringExceptionsAction({
  actionsRegistry,
  access,
  plans,
}: ActionDeps) {
  actionsRegistry.register({
    name: 'list-expiring-exceptions',
    title: 'List Kubernetes security exceptions that expire soon',
    description: [
      'Lists the active exceptions (risks a team accepted on a practice, a check or a single',
      'finding, with a justification and an expiry) that expire within the given number of',
      'days, soonest first, on the entities the caller may see. When an exception expires,',
      'its findings count as failing again, so these are the decisions to renew or the fixes',
      'to plan. Optionally for one entity. Results are paged with offset and limit.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          withinDays: z
            .number()
            .int()
            .min(0)
            .max(3650)
            .default(30)
            .describe('Expiring within this many days from now'),
          entityRef: z
            .string()
            .min(1)
            .optional()
            .describe('Only this entity, e.g. component:default/payments-api'),
          offset: z.number().int().min(0).default(0),
          limit: z.number().int().min(1).max(100).default(20),
        }),
      output: z =>
        z.object({
          exceptions: z.array(
            z.object({
              id: z.number(),
              entityRef: z.string(),
              entityTitle: z.string().optional(),
              itemId: z.string(),
              itemTitle: z.string(),
              scope: z
                .enum(['item', 'check', 'finding'])
                .describe('What the exception covers'),
              checkId: z.string().optional(),
              findingId: z.string().optional(),
              resource: resourceShape(z).optional(),
              justification: z.string(),
              ticketUrl: z.string().optional(),
              createdBy: z.string(),
              source: z
                .string()
                .describe(
                  'user (made in the portal) or annotation (on the object)',
                ),
              expiresAt: z.string(),
              daysLeft: z.number().describe('Whole days until it expires'),
            }),
          ),
          total: z.number(),
          withinDays: z.number(),
          offset: z.number(),
          limit: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef =
        input.entityRef && entityRefInput(input.entityRef, 'entityRef');
      const scope = await access.scopeFor(credentials, { catalog: true });
      const page = await plans.expiringExceptions(
        {
          withinDays: input.withinDays,
          offset: input.offset,
          limit: input.limit,
          ...(entityRef ? { entityRef } : {}),
        },
        scope,
      );
      const now = Date.now();
      return {
        output: {
          exceptions: page.exceptions.map(e => ({
            id: e.id,
            entityRef: e.entityRef,
            ...(e.entityTitle ? { entityTitle: e.entityTitle } : {}),
            itemId: e.itemId,
            itemTitle: itemTitle(e.itemId),
            scope: e.scope,
            ...(e.checkId ? { checkId: e.checkId } : {}),
            ...(e.findingId ? { findingId: e.findingId } : {}),
            ...(e.resource ? { resource: e.resource } : {}),
            justification: e.justification,
            ...(e.ticketUrl ? { ticketUrl: e.ticketUrl } : {}),
            createdBy: e.createdBy,
            source: e.source,
            expiresAt: e.expiresAt,
            daysLeft: Math.max(
              0,
              Math.floor((new Date(e.expiresAt).getTime() - now) / DAY_MS),
            ),
          })),
          total: page.total,
          withinDays: input.withinDays,
          offset: input.offset,
          limit: input.limit,
        },
      };
    },
  });
}
