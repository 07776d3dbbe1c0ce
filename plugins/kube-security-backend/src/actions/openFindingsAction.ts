import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ACTION_ITEM_IDS,
  ActionItemId,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { compactFinding, findingShape, severityEnum } from './shapes';
import { entityRefInput } from './refs';
import type { ActionDeps } from './types';

/** `list-open-findings`: a page of failing findings, filtered, most urgent first. */
export function registerOpenFindingsAction({
  actionsRegistry,
  access,
  plans,
}: ActionDeps) {
  actionsRegistry.register({
    name: 'list-open-findings',
    title: 'List open Kubernetes security findings',
    description: [
      'Lists the open Kubernetes security findings (failing or warning checks on a workload,',
      'a cluster or a cloud account) the caller may see, most severe and internet-exposed',
      'first. Filter by one entity (entityRef) or one team (team: the findings of every',
      'entity the team and its child teams own), by severity and by practice (itemId); with',
      'neither entityRef nor team, findings of every visible entity and unowned findings are',
      'listed. Findings whose risk a team accepted are left out unless includeAccepted is',
      'true. Results are paged: use offset and limit, and total to know how many there are.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .optional()
            .describe('Only this entity, e.g. component:default/payments-api'),
          team: z
            .string()
            .min(1)
            .optional()
            .describe('Only this team, e.g. group:default/payments'),
          severity: z
            .union([severityEnum(z), z.array(severityEnum(z)).min(1)])
            .optional()
            .describe('Only these severities, e.g. ["critical", "high"]'),
          itemId: z
            .enum(ACTION_ITEM_IDS as unknown as [string, ...string[]])
            .optional()
            .describe(
              'Only findings of this practice, e.g. workload-network-policies',
            ),
          includeAccepted: z.boolean().default(false),
          offset: z.number().int().min(0).default(0),
          limit: z.number().int().min(1).max(100).default(20),
        }),
      output: z =>
        z.object({
          findings: z.array(findingShape(z)),
          total: z.number().describe('Findings that match, in all'),
          offset: z.number(),
          limit: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      if (input.entityRef && input.team) {
        throw new InputError('Invalid input: give entityRef or team, not both');
      }
      const entityRef =
        input.entityRef && entityRefInput(input.entityRef, 'entityRef');
      const teamRef = input.team && entityRefInput(input.team, 'team', 'group');
      if (teamRef && parseEntityRef(teamRef).kind !== 'group') {
        throw new InputError(
          `Invalid team: ${input.team} is not a Group (group:namespace/name)`,
        );
      }
      const scope = await access.scopeFor(credentials, { catalog: true });
      // Each finding is checked against the scope: a hidden entity lists nothing, as one
      // that does not exist.
      const severities =
        input.severity === undefined
          ? undefined
          : ([] as string[]).concat(input.severity);
      const page = await plans.openFindings(
        {
          ...(entityRef ? { entityRef } : {}),
          ...(teamRef ? { teamRef } : {}),
          ...(severities ? { severities: severities as Severity[] } : {}),
          ...(input.itemId ? { itemId: input.itemId as ActionItemId } : {}),
          includeAccepted: input.includeAccepted,
          offset: input.offset,
          limit: input.limit,
        },
        scope,
      );
      return {
        output: {
          findings: page.findings.map(compactFinding),
          total: page.total,
          offset: page.offset,
          limit: page.limit,
        },
      };
    },
  });
}
