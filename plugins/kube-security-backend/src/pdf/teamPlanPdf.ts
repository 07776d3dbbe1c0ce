import {
  ActionFixer,
  CATEGORIES,
  CATEGORY_TITLES,
  Provider,
  PROVIDERS,
  TeamAction,
  TeamScorecardResponse,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
import {
  formatAffected,
  formatCategoryCount,
  formatDateTime,
  formatPercent,
  formatScore,
  formatScoreValue,
  formatStatusCounts,
  formatTrend,
  formatTrendDelta,
  providerLabel,
  severityLabel,
  STATUS_LABELS,
} from './format';
import {
  bullet,
  Doc,
  documentTitle,
  itemHeading,
  labelled,
  note,
  paragraph,
  renderDocument,
  sectionHeading,
  table,
} from './layout';
import { fixOrderTable } from './fixOrderTable';
import type { PlanPdfOptions } from './planPdfOptions';
import { renderRemediation } from './remediation';

/** Steps shown per top action; the entity's own plan has the rest. */
export const STEPS_PER_ACTION = 2;
/** Most recent days of score history printed. */
const HISTORY_DAYS = 7;

function teamName(team: TeamSummary): string {
  return team.title ?? team.name;
}

function openItems(team: TeamSummary): number {
  return CATEGORIES.reduce(
    (sum, category) => sum + (team.openByCategory[category] ?? 0),
    0,
  );
}

function renderHeader(doc: Doc, scorecard: TeamScorecardResponse): void {
  const { team } = scorecard;
  documentTitle(doc, `Kubernetes security action plan: team ${teamName(team)}`);
  labelled(doc, 'Team', team.entityRef);
  if (team.parentRef) labelled(doc, 'Parent team', team.parentRef);
  labelled(doc, 'Generated', formatDateTime(new Date().toISOString()));
  if (team.lastScanAt) {
    labelled(doc, 'Last scan', formatDateTime(team.lastScanAt));
  }
  labelled(doc, 'Entities with findings', String(team.entityCount));
}

function renderSummary(doc: Doc, scorecard: TeamScorecardResponse): void {
  const { team } = scorecard;
  sectionHeading(doc, 'Summary');
  paragraph(doc, formatScore(team.score), { size: 12 });
  note(doc, formatStatusCounts(team.score.counts));
  labelled(doc, 'Trend', formatTrend(team.trend));
  const history = scorecard.history.slice(-HISTORY_DAYS);
  if (history.length > 0) {
    labelled(
      doc,
      'Score history',
      history
        .map(
          point =>
            `${point.day}: ${formatScoreValue(point.score)}${
              point.grade ? ` (${point.grade})` : ''
            }`,
        )
        .join(', '),
    );
  }
  if (team.topItem) {
    labelled(
      doc,
      'Most important open item',
      `${team.topItem.title} (${STATUS_LABELS[team.topItem.status]}${
        team.topItem.severity ? `, ${severityLabel(team.topItem.severity)}` : ''
      })`,
    );
  }
}

function renderCategories(doc: Doc, scorecard: TeamScorecardResponse): void {
  sectionHeading(doc, 'Open items by category');
  for (const category of scorecard.categories) {
    bullet(
      doc,
      `${formatCategoryCount(category)} \u00b7 score ${formatScoreValue(
        category.score,
      )}`,
    );
  }
}

/** The top actions in the order to fix them, one line each, on the summary page. */
function renderTopActionsSummary(
  doc: Doc,
  scorecard: TeamScorecardResponse,
): void {
  const actions = scorecard.topActions;
  if (actions.length === 0) return;
  sectionHeading(
    doc,
    `Top actions, in the order to fix them (${actions.length})`,
  );
  fixOrderTable(
    doc,
    { itemWidth: 0.38, detail: { header: 'Entity', width: 0.2 } },
    actions.map(action => ({
      ...action.item,
      detail: action.entityTitle ?? action.entityRef,
    })),
  );
}

function renderChildTeams(doc: Doc, scorecard: TeamScorecardResponse): void {
  sectionHeading(doc, `Child teams (${scorecard.children.length})`);
  if (scorecard.children.length === 0) {
    paragraph(doc, 'This team has no child teams.', { italic: true });
    return;
  }
  table(
    doc,
    [
      { header: 'Team', width: 0.4 },
      { header: 'Score', width: 0.1, align: 'right' },
      { header: 'Grade', width: 0.1 },
      { header: 'Coverage', width: 0.12, align: 'right' },
      { header: 'Open items', width: 0.12, align: 'right' },
      { header: 'Trend (7 days)', width: 0.16 },
    ],
    scorecard.children.map(child => [
      `${teamName(child)}\n${child.entityRef}`,
      formatScoreValue(child.score.value),
      child.score.grade ?? '-',
      formatPercent(child.score.coverage),
      String(openItems(child)),
      formatTrendDelta(child.trend),
    ]),
  );
}

function renderEntities(doc: Doc, scorecard: TeamScorecardResponse): void {
  sectionHeading(doc, `Entities, worst first (${scorecard.entities.length})`);
  if (scorecard.entities.length === 0) {
    paragraph(doc, 'No entity of this team has findings yet.', {
      italic: true,
    });
    return;
  }
  table(
    doc,
    [
      { header: 'Entity', width: 0.52 },
      { header: 'Score', width: 0.12, align: 'right' },
      { header: 'Grade', width: 0.12 },
      { header: 'Coverage', width: 0.12, align: 'right' },
      { header: 'Open', width: 0.12, align: 'right' },
    ],
    scorecard.entities.map(entity => [
      entity.title ? `${entity.title}\n${entity.entityRef}` : entity.entityRef,
      formatScoreValue(entity.score.value),
      entity.score.grade ?? '-',
      formatPercent(entity.score.coverage),
      String(entity.open),
    ]),
  );
}

/** The owners of the clusters whose bindings a fix is about, with the bindings. */
function fixByText(fixers: ActionFixer[]): string {
  const owners = [
    ...new Set(
      fixers.flatMap(f => (f.ownerRefs.length ? f.ownerRefs : [f.entityRef])),
    ),
  ];
  const bindings = fixers.map(
    f =>
      `${f.cluster}: ${f.grants
        .map(g =>
          g.namespace
            ? `${g.kind} '${g.namespace}/${g.name}'`
            : `${g.kind} '${g.name}'`,
        )
        .join(', ')}`,
  );
  return `${owners.join(', ')} (${bindings.join('; ')})`;
}

function renderAction(
  doc: Doc,
  action: TeamAction,
  position: number,
  chosen: Provider | undefined,
): void {
  const { item } = action;
  const provider = chosen ?? action.provider;
  itemHeading(doc, `${position}. ${item.title}`);
  labelled(
    doc,
    'Entity',
    action.entityTitle
      ? `${action.entityTitle} (${action.entityRef})`
      : action.entityRef,
  );
  if (action.affectedEntities) {
    labelled(
      doc,
      'Also for',
      action.affectedEntities
        .filter(e => e.entityRef !== action.entityRef)
        .map(e => (e.title ? `${e.title} (${e.entityRef})` : e.entityRef))
        .join(', '),
    );
  }
  if (action.fixBy?.length) labelled(doc, 'Fix by', fixByText(action.fixBy));
  note(
    doc,
    [
      `Status: ${STATUS_LABELS[item.status]}`,
      item.severity ? `Severity: ${severityLabel(item.severity)}` : undefined,
      `Affected: ${formatAffected(item.affected, item.exposed)}`,
      CATEGORY_TITLES[item.category],
      `Provider: ${providerLabel(action.provider)}`,
      chosen && chosen !== action.provider
        ? `Steps for ${providerLabel(chosen)}`
        : undefined,
    ]
      .filter(Boolean)
      .join(' \u00b7 '),
  );
  const standards = [
    ...new Set(item.findings.flatMap(finding => finding.standards ?? [])),
  ];
  if (standards.length > 0) note(doc, `Standards: ${standards.join(', ')}`);
  if (provider) {
    renderRemediation(doc, item.itemId, provider, {
      maxSteps: STEPS_PER_ACTION,
    });
  } else {
    // Without a provider, the first step on each one still gives a start.
    for (const each of PROVIDERS) {
      renderRemediation(doc, item.itemId, each, { maxSteps: 1 });
    }
  }
}

function renderTopActions(
  doc: Doc,
  scorecard: TeamScorecardResponse,
  options: PlanPdfOptions,
): void {
  if (scorecard.topActions.length === 0 || options.groupBy !== 'category') {
    sectionHeading(doc, `Top actions (${scorecard.topActions.length})`);
  }
  if (scorecard.topActions.length === 0) {
    paragraph(doc, 'No open actions.', { italic: true });
    return;
  }
  if (options.groupBy !== 'category') {
    scorecard.topActions.forEach((action, i) =>
      renderAction(doc, action, i + 1, options.provider),
    );
    return;
  }
  // Grouped as on the action plan page; every top action is open, in priority order.
  let position = 0;
  for (const category of CATEGORIES) {
    const actions = scorecard.topActions.filter(
      action => action.item.category === category,
    );
    if (actions.length === 0) continue;
    sectionHeading(
      doc,
      `Top actions: ${CATEGORY_TITLES[category]} (${actions.length} open)`,
    );
    for (const action of actions) {
      position += 1;
      renderAction(doc, action, position, options.provider);
    }
  }
}

/**
 * The printable scorecard of a team: a summary page (score and trend, categories, the top
 * actions in order), then child teams, entities and the first steps of each top action.
 */
export function renderTeamPlanPdf(
  scorecard: TeamScorecardResponse,
  options: PlanPdfOptions = {},
): Promise<Buffer> {
  const heading = `Kubernetes security action plan: team ${teamName(
    scorecard.team,
  )}`;
  return renderDocument({ title: heading, footer: heading }, doc => {
    renderHeader(doc, scorecard);
    renderSummary(doc, scorecard);
    renderCategories(doc, scorecard);
    renderTopActionsSummary(doc, scorecard);
    // The summary is the first page; the details follow.
    doc.addPage();
    renderChildTeams(doc, scorecard);
    renderEntities(doc, scorecard);
    renderTopActions(doc, scorecard, options);
  });
}
