import {
  CATEGORIES,
  Finding,
  ITEM_STATUSES,
  PROVIDERS,
  PlanItem,
  Provider,
  SEVERITIES,
  Score,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import type { z as zod } from 'zod/v3';

/*
 * The compact shapes the actions answer with: what an assistant needs to reason about a
 * plan or a finding, without the manifests, evidence trees and history the portal shows.
 * Each shape is a schema (the registry checks outputs against it, and publishes it as JSON
 * Schema) and a function that cuts the API's objects down to it.
 */

type Z = typeof zod;

export const severityEnum = (z: Z) =>
  z.enum(SEVERITIES as unknown as [string, ...string[]]);

export const scoreShape = (z: Z) =>
  z.object({
    value: z
      .number()
      .nullable()
      .describe('0 to 100; null when no check had evidence'),
    grade: z.string().nullable().describe('A (best) to F, or null'),
    coverage: z
      .number()
      .describe('0 to 1: share of the applicable practices that had evidence'),
  });

export function compactScore(score: Score) {
  return {
    value: score.value,
    grade: score.grade,
    coverage: score.coverage,
  };
}

export const resourceShape = (z: Z) =>
  z.object({
    cluster: z.string().optional(),
    namespace: z.string().optional(),
    kind: z.string(),
    name: z.string(),
    container: z.string().optional(),
  });

export const findingShape = (z: Z) =>
  z.object({
    id: z.string().describe('Stable finding id'),
    checkId: z.string(),
    itemId: z.string().describe('The practice the check belongs to'),
    severity: severityEnum(z),
    status: z.enum(['fail', 'warn', 'pass']),
    message: z.string(),
    resource: resourceShape(z),
    entityRef: z
      .string()
      .optional()
      .describe('The catalog entity that owns it; absent when unowned'),
    internetExposed: z.boolean(),
    riskAccepted: z
      .boolean()
      .describe('True when an active exception accepts this risk'),
  });

export function compactFinding(
  finding: Finding & { entityRef?: string },
): zod.infer<ReturnType<typeof findingShape>> {
  const { cluster, namespace, kind, name, container } = finding.resource;
  return {
    id: finding.id,
    checkId: finding.checkId,
    itemId: finding.itemId,
    severity: finding.severity,
    status: finding.status,
    message: finding.message,
    resource: {
      ...(cluster ? { cluster } : {}),
      ...(namespace ? { namespace } : {}),
      kind,
      name,
      ...(container ? { container } : {}),
    },
    ...(finding.entityRef ? { entityRef: finding.entityRef } : {}),
    internetExposed: finding.exposure?.internet ?? false,
    riskAccepted: finding.accepted !== undefined,
  };
}

export const planItemShape = (z: Z) =>
  z.object({
    itemId: z.string(),
    title: z.string(),
    category: z.enum(CATEGORIES as unknown as [string, ...string[]]),
    status: z.enum(ITEM_STATUSES as unknown as [string, ...string[]]),
    severity: severityEnum(z).optional(),
    priority: z.number().describe('Higher comes first'),
    affected: z.number().describe('Resources that fail or warn'),
    exposed: z.number().describe('Of those, how many are internet-exposed'),
    findingsTotal: z.number(),
    findings: z.array(findingShape(z)),
    remediation: z
      .object({
        provider: z.enum(PROVIDERS as unknown as [string, ...string[]]),
        summary: z.string(),
        steps: z.array(
          z.object({
            text: z.string(),
            command: z.string().optional(),
            consolePath: z.string().optional(),
          }),
        ),
      })
      .optional()
      .describe("How to fix it on the entity's provider (open items only)"),
  });

/** Items that still need work. */
export const isOpen = (item: PlanItem) =>
  item.status === 'fail' ||
  item.status === 'partial' ||
  item.status === 'unknown';

function remediationFor(item: PlanItem, provider?: Provider) {
  if (!provider || !isOpen(item)) return {};
  const { summary, steps } = getActionItem(item.itemId).remediation[provider];
  return {
    remediation: {
      provider,
      summary,
      steps: steps.map(step => ({
        text: step.text,
        ...(step.command ? { command: step.command } : {}),
        ...(step.consolePath ? { consolePath: step.consolePath } : {}),
      })),
    },
  };
}

export function compactPlanItem(
  item: PlanItem,
  findingsPerItem: number,
  provider?: Provider,
) {
  return {
    itemId: item.itemId,
    title: item.title,
    category: item.category,
    status: item.status,
    ...(item.severity ? { severity: item.severity } : {}),
    priority: item.priority,
    affected: item.affected,
    exposed: item.exposed,
    findingsTotal: item.findingsTotal ?? item.findings.length,
    findings: item.findings.slice(0, findingsPerItem).map(compactFinding),
    ...remediationFor(item, provider),
  };
}

/** The title of a practice, for lists that carry only its id. */
export const itemTitle = (itemId: string) => getActionItem(itemId).title;
