import {
  CATEGORIES,
  CATEGORY_TITLES,
  EntityPlanResponse,
  Finding,
  fixTargetLabel,
  fixTargets,
  getActionItem,
  isActionableFinding,
  isOpenStatus,
  PlanItem,
  Provider,
  PROVIDERS,
  ResourceRef,
} from '@kube-security/plugin-kube-security-common';
import {
  describeExposure,
  describeResource,
  formatAffected,
  formatCategoryCount,
  formatDateTime,
  formatDay,
  formatScore,
  formatStatusCounts,
  providerLabel,
  severityLabel,
  STATUS_LABELS,
} from './format';
import {
  bullet,
  callout,
  codeBlock,
  Doc,
  documentTitle,
  itemHeading,
  labelled,
  note,
  paragraph,
  renderDocument,
  sectionHeading,
  subheading,
} from './layout';
import { fixOrderTable } from './fixOrderTable';
import { renderItemParts } from './itemParts';
import type { PlanPdfOptions } from './planPdfOptions';
import { renderRemediation } from './remediation';

/** Affected resources listed per item; the rest are counted. */
export const MAX_RESOURCES_PER_ITEM = 10;
/** Findings listed per resource; a workload with many containers stays short. */
const MAX_FINDINGS_PER_RESOURCE = 5;

function staleWarning(plan: EntityPlanResponse): string {
  const stale = plan.clusters.filter(cluster => cluster.stale);
  const since = plan.dataFrom
    ? ` The findings shown were collected on ${formatDateTime(plan.dataFrom)}.`
    : '';
  if (stale.length === 0) {
    return `Stale data: a recent scan of the clusters behind this plan did not complete, so it may be out of date.${since}`;
  }
  const reasons = stale
    .map(cluster =>
      cluster.staleReason
        ? `${cluster.name}: ${cluster.staleReason.replace(/[.\s]+$/, '')}`
        : cluster.name,
    )
    .join('; ');
  return `Stale data: the latest scan failed for ${reasons}.${since}`;
}

/** The providers the entity's clusters run on, each with its clusters, in cluster order. */
function providersInUse(
  plan: EntityPlanResponse,
): Array<{ provider: Provider; clusters: string[] }> {
  const used = new Map<Provider, string[]>();
  for (const cluster of plan.clusters) {
    if (!cluster.provider) continue;
    used.set(cluster.provider, [
      ...(used.get(cluster.provider) ?? []),
      cluster.name,
    ]);
  }
  if (used.size === 0 && plan.provider) used.set(plan.provider, []);
  return [...used.entries()].map(([provider, clusters]) => ({
    provider,
    clusters,
  }));
}

/** `Amazon EKS (eks-prod-eu), Azure AKS (aks-shared)`. */
function describeProviders(plan: EntityPlanResponse): string | undefined {
  const used = providersInUse(plan);
  if (used.length === 0) return undefined;
  return used
    .map(({ provider, clusters }) =>
      clusters.length > 0
        ? `${providerLabel(provider)} (${clusters.join(', ')})`
        : providerLabel(provider),
    )
    .join(', ');
}

function renderHeader(
  doc: Doc,
  plan: EntityPlanResponse,
  title: string,
  chosen: Provider | undefined,
): void {
  documentTitle(doc, `Kubernetes security action plan: ${title}`);
  labelled(doc, 'Entity', plan.entityRef);
  labelled(doc, 'Generated', formatDateTime(plan.generatedAt));
  const inUse = describeProviders(plan);
  let providerText =
    inUse ?? 'Not known, so the steps for every provider are shown';
  if (chosen) {
    const others = providersInUse(plan).filter(p => p.provider !== chosen);
    providerText =
      inUse && others.length > 0
        ? `${providerLabel(
            chosen,
          )} (chosen for this PDF; the plan's clusters run on ${inUse})`
        : providerLabel(chosen);
  }
  labelled(doc, 'Provider', providerText);
  if (plan.dataFrom) labelled(doc, 'Data from', formatDateTime(plan.dataFrom));
  if (plan.clusters.length > 0) {
    labelled(
      doc,
      'Clusters',
      plan.clusters
        .map(cluster =>
          cluster.provider
            ? `${cluster.name} (${providerLabel(cluster.provider)})`
            : cluster.name,
        )
        .join(', '),
    );
  }
  doc.moveDown(0.5);
  if (plan.stale) callout(doc, staleWarning(plan), 'warning');
  if (!plan.mapped) {
    callout(
      doc,
      'No workload or cluster of any scan maps to this entity yet, so no item could be verified. ' +
        'Check its backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation.',
      'info',
    );
  }
}

/**
 * The first page: score and grade, items by status and category, and the open items in
 * the order to fix them; the details start on the next page.
 */
function renderSummary(doc: Doc, plan: EntityPlanResponse): void {
  sectionHeading(doc, 'Summary');
  paragraph(doc, formatScore(plan.plan.score), { size: 12 });
  note(doc, formatStatusCounts(plan.plan.score.counts));
  subheading(doc, 'Open items by category');
  for (const summary of plan.plan.categories) {
    bullet(doc, formatCategoryCount(summary));
  }
  const open = plan.plan.items.filter(item => isOpenStatus(item.status));
  subheading(doc, `Open items, in the order to fix them (${open.length})`);
  if (open.length === 0) {
    paragraph(doc, 'Nothing needs work.', { italic: true });
  } else {
    fixOrderTable(
      doc,
      { itemWidth: 0.43, detail: { header: 'Status', width: 0.15 } },
      open.map(item => ({ ...item, detail: STATUS_LABELS[item.status] })),
    );
  }
  doc.addPage();
}

function resourceKey(resource: ResourceRef): string {
  return [resource.cluster, resource.kind, resource.namespace, resource.name]
    .map(part => part ?? '')
    .join('\u0000');
}

/** Actionable findings grouped by resource, keeping the plan's order. */
function groupByResource(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings.filter(isActionableFinding)) {
    const key = resourceKey(finding.resource);
    const group = groups.get(key) ?? [];
    group.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function renderFinding(doc: Doc, finding: Finding): void {
  const where = finding.resource.container
    ? `Container ${finding.resource.container}: `
    : '';
  bullet(
    doc,
    `${where}${finding.message} (${severityLabel(finding.severity)}${
      finding.status === 'warn' ? ', warning' : ''
    }${
      finding.accepted
        ? `, risk accepted until ${formatDay(finding.accepted.expiresAt)}`
        : ''
    })`,
    { indent: 1, size: 9 },
  );
  if (finding.evidencePath) codeBlock(doc, finding.evidencePath, { indent: 2 });
  if (finding.standards?.length) {
    note(doc, `Standards: ${finding.standards.join(', ')}`, 2);
  }
}

function renderAffectedResources(doc: Doc, item: PlanItem): void {
  const groups = groupByResource(item.findings);
  subheading(doc, `Affected resources (${groups.length})`);
  if (groups.length === 0) {
    paragraph(
      doc,
      item.status === 'unknown'
        ? 'No evidence was collected for this item, so it is not verified yet.'
        : 'Only part of the evidence for this item was available; nothing in it failed.',
      { italic: true, size: 9 },
    );
    return;
  }
  for (const findings of groups.slice(0, MAX_RESOURCES_PER_ITEM)) {
    const exposure = describeExposure(findings);
    bullet(
      doc,
      `${describeResource(findings[0].resource)}${
        exposure ? ` [${exposure}]` : ''
      }`,
      { size: 9.5 },
    );
    findings
      .slice(0, MAX_FINDINGS_PER_RESOURCE)
      .forEach(finding => renderFinding(doc, finding));
    if (findings.length > MAX_FINDINGS_PER_RESOURCE) {
      note(
        doc,
        `and ${
          findings.length - MAX_FINDINGS_PER_RESOURCE
        } more findings on this resource`,
        2,
      );
    }
  }
  if (groups.length > MAX_RESOURCES_PER_ITEM) {
    paragraph(
      doc,
      `and ${groups.length - MAX_RESOURCES_PER_ITEM} more affected resources`,
      { italic: true, size: 9 },
    );
  }
}

/**
 * The steps of an item: for the chosen provider when there is one; else for each
 * provider of the clusters where its findings are (named, with the findings' values
 * filled in); else, with no provider known, for every provider.
 */
function renderItemRemediation(
  doc: Doc,
  item: PlanItem,
  plan: EntityPlanResponse,
  chosen: Provider | undefined,
): void {
  const targets = fixTargets(item.itemId, item.findings, plan.clusters);
  if (chosen) {
    const target = targets.find(t => t.provider === chosen);
    renderRemediation(doc, item.itemId, chosen, {
      full: true,
      ...(target
        ? { label: fixTargetLabel(target), values: target.values }
        : {}),
    });
    return;
  }
  if (targets.length > 0) {
    for (const target of targets) {
      renderRemediation(doc, item.itemId, target.provider, {
        full: true,
        label: fixTargetLabel(target),
        values: target.values,
      });
    }
    return;
  }
  const providers = plan.provider ? [plan.provider] : PROVIDERS;
  for (const shown of providers) {
    renderRemediation(doc, item.itemId, shown, { full: true });
  }
}

function renderOpenItem(
  doc: Doc,
  plan: EntityPlanResponse,
  item: PlanItem,
  position: number,
  provider: Provider | undefined,
): void {
  const catalogItem = getActionItem(item.itemId);
  itemHeading(doc, `${position}. ${item.title}`);
  note(
    doc,
    [
      `Status: ${STATUS_LABELS[item.status]}`,
      item.severity ? `Severity: ${severityLabel(item.severity)}` : undefined,
      `Affected: ${formatAffected(item.affected, item.exposed)}`,
      CATEGORY_TITLES[item.category],
    ]
      .filter(Boolean)
      .join(' \u00b7 '),
  );
  subheading(doc, 'Why it matters');
  paragraph(doc, catalogItem.why);
  subheading(doc, 'What good looks like');
  paragraph(doc, catalogItem.whatGoodLooksLike);
  renderItemParts(doc, item.itemId, { attestation: item.attestation ?? null });
  renderAffectedResources(doc, item);
  renderItemRemediation(doc, item, plan, provider);
}

function renderOpenItems(
  doc: Doc,
  plan: EntityPlanResponse,
  provider: Provider | undefined,
): void {
  const open = plan.plan.items.filter(item => isOpenStatus(item.status));
  sectionHeading(doc, `Open items, most important first (${open.length})`);
  if (open.length === 0) {
    paragraph(doc, 'Every applicable item passes.', { italic: true });
    return;
  }
  open.forEach((item, i) => renderOpenItem(doc, plan, item, i + 1, provider));
}

/** One closed item in a category section: its status and the decision behind it. */
function renderClosedItemLine(doc: Doc, item: PlanItem): void {
  bullet(doc, `${item.title}: ${STATUS_LABELS[item.status]}`);
  if (item.attestation) {
    note(
      doc,
      `Stated by ${item.attestation.createdBy} until ${formatDay(
        item.attestation.expiresAt,
      )}: ${item.attestation.statement}`,
      1,
    );
  }
  const acceptance = item.acceptance;
  if (item.status === 'accepted' && acceptance) {
    note(
      doc,
      `Until ${formatDay(acceptance.expiresAt)}, by ${acceptance.createdBy}: ${
        acceptance.justification
      }`,
      1,
    );
  }
}

/**
 * The grouping of the action plan page: the four categories in plan order; in each, the
 * open items (most important first, numbered across the plan) and then the others.
 */
function renderByCategory(
  doc: Doc,
  plan: EntityPlanResponse,
  provider: Provider | undefined,
): void {
  let position = 0;
  for (const category of CATEGORIES) {
    const items = plan.plan.items.filter(item => item.category === category);
    const open = items.filter(item => isOpenStatus(item.status));
    const closed = items.filter(item => !isOpenStatus(item.status));
    sectionHeading(
      doc,
      `${CATEGORY_TITLES[category]} (${open.length} open of ${items.length})`,
    );
    if (open.length === 0) {
      paragraph(doc, 'No open item in this category.', { italic: true });
    }
    for (const item of open) {
      position += 1;
      renderOpenItem(doc, plan, item, position, provider);
    }
    if (closed.length > 0) {
      subheading(doc, `Done or decided (${closed.length})`);
      closed.forEach(item => renderClosedItemLine(doc, item));
    }
  }
}

/** Accepted and attested items: decisions a reviewer should see with their expiry. */
function renderDecidedItems(doc: Doc, plan: EntityPlanResponse): void {
  const decided = plan.plan.items.filter(
    item => item.status === 'accepted' || item.status === 'attested',
  );
  if (decided.length === 0) return;
  sectionHeading(doc, `Accepted risks and attestations (${decided.length})`);
  for (const item of decided) {
    bullet(doc, `${item.title}: ${STATUS_LABELS[item.status]}`);
    const acceptance =
      item.acceptance ?? item.findings.find(f => f.accepted)?.accepted;
    if (item.status === 'accepted' && acceptance) {
      note(
        doc,
        `Until ${formatDay(acceptance.expiresAt)}, by ${
          acceptance.createdBy
        }: ${acceptance.justification}`,
        1,
      );
    }
    if (item.status === 'attested' && item.attestation) {
      note(
        doc,
        `Until ${formatDay(item.attestation.expiresAt)}, by ${
          item.attestation.createdBy
        }: ${item.attestation.statement} (evidence: ${
          item.attestation.evidenceUrl
        })`,
        1,
      );
    }
  }
}

function renderClosedItems(doc: Doc, plan: EntityPlanResponse): void {
  renderDecidedItems(doc, plan);
  const passing = plan.plan.items.filter(item => item.status === 'pass');
  const notApplicable = plan.plan.items.filter(
    item => item.status === 'not-applicable',
  );
  sectionHeading(doc, `Passing items (${passing.length})`);
  if (passing.length === 0) {
    paragraph(doc, 'No item passes yet.', { italic: true });
  }
  for (const item of passing) {
    bullet(doc, `${item.title} (${CATEGORY_TITLES[item.category]})`);
  }
  if (notApplicable.length > 0) {
    subheading(doc, `Not applicable (${notApplicable.length})`);
    for (const item of notApplicable) {
      bullet(doc, `${item.title} (${CATEGORY_TITLES[item.category]})`);
    }
  }
}

/**
 * The printable action plan of one entity: a one-page summary (score, statuses, the open
 * items in the order to fix them), then every open item with its evidence, what its
 * checks verify and what rests on a statement, and the remediation for each provider its
 * findings' clusters run on (or the one asked for), then what already passes; or, grouped
 * by category, the open items first in each category.
 */
export function renderEntityPlanPdf(
  plan: EntityPlanResponse,
  title: string,
  options: PlanPdfOptions = {},
): Promise<Buffer> {
  const heading = `Kubernetes security action plan: ${title}`;
  const provider = options.provider;
  return renderDocument({ title: heading, footer: heading }, doc => {
    renderHeader(doc, plan, title, provider);
    renderSummary(doc, plan);
    if (options.groupBy === 'category') {
      renderByCategory(doc, plan, provider);
    } else {
      renderOpenItems(doc, plan, provider);
      renderClosedItems(doc, plan);
    }
  });
}
