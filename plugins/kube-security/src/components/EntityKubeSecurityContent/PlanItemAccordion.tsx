import { useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  CATEGORY_TITLES,
  ClusterStatus,
  describeShare,
  fixTargets,
  PlanItem,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import { findActionItem, pluralize, SeverityChip, StatusChip } from '../common';
import { ItemParts } from '../common/ItemParts';
import { ItemSection, WhyItMatters } from '../common/ItemSection';
import { ItemDecisionBadge, ItemDecisions } from '../decisions';
import { AffectedResources } from './AffectedResources';
import { RemediationTabs } from './RemediationTabs';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    width: '100%',
  },
  rank: {
    minWidth: theme.spacing(4),
    fontWeight: 700,
    color: theme.palette.text.secondary,
  },
  title: { flex: '1 1 320px', fontWeight: 500 },
  impact: { color: theme.palette.text.secondary },
  details: { display: 'block' },
  section: { marginBottom: theme.spacing(3) },
}));

function impactText(item: PlanItem): string | undefined {
  const parts: string[] = [];
  // The share the item's score credit comes from: "41 of 50 workloads pass".
  if (item.share && item.share.total > 0) parts.push(describeShare(item.share));
  if (item.affected > 0) {
    const affected = `${pluralize(item.affected, 'resource')} affected`;
    parts.push(
      item.exposed > 0
        ? `${affected}, ${item.exposed} internet-exposed`
        : affected,
    );
  }
  if (item.acceptedFindings) {
    parts.push(`${pluralize(item.acceptedFindings, 'finding')} accepted`);
  }
  return parts.length ? parts.join(' · ') : undefined;
}

const NoFindingsText = ({ item }: { item: PlanItem }) => {
  let text: string;
  switch (item.status) {
    case 'unknown':
      text =
        'No scan had the evidence to check this item (for example the cloud descriptor or the kinds it reads were not collected). Verify it by hand, or give the scanner access to that evidence.';
      break;
    case 'partial':
      text =
        'Part of the evidence for this item was missing, so it could only be verified in part.';
      break;
    case 'not-applicable':
      text = 'This practice does not apply here.';
      break;
    case 'attested':
      text =
        'No scan can verify this item; the team attested it (see the decision below).';
      break;
    case 'accepted':
      text = 'No open finding: the remaining risk is accepted.';
      break;
    default:
      text = 'Every check of this item passed.';
  }
  return (
    <Typography variant="body2" color="textSecondary">
      {text}
    </Typography>
  );
};

/**
 * One line of the plan: status, severity and reach at a glance; on opening, why it
 * matters, the affected resources, the fix for the providers of their clusters, what
 * rests on a statement, and only then the decisions (accept, attest).
 */
export const PlanItemAccordion = ({
  item,
  rank,
  provider,
  clusters = [],
  defaultExpanded = false,
  forceExpanded = false,
}: {
  item: PlanItem;
  /**
   * 1-based position among the plan's items that need work (not in the filtered
   * list); absent for items that need none.
   */
  rank?: number;
  provider?: Provider;
  /** The entity's clusters, whose providers say which steps each finding needs. */
  clusters?: ClusterStatus[];
  defaultExpanded?: boolean;
  /** Open regardless of the user's choice, e.g. while printing. */
  forceExpanded?: boolean;
}) => {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(defaultExpanded);
  const catalog = findActionItem(item.itemId);
  const failing = item.findings.filter(f => f.status !== 'pass');
  const impact = impactText(item);
  const id = `ks-item-${item.itemId}`;
  const targets =
    item.fixTargets ?? fixTargets(item.itemId, item.findings, clusters);
  return (
    <Accordion
      expanded={expanded || forceExpanded}
      onChange={(_, isExpanded) => setExpanded(isExpanded)}
      // Details mount on first open: a plan holds dozens of code blocks.
      TransitionProps={{ mountOnEnter: true }}
      data-item-id={item.itemId}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls={`${id}-content`}
        id={`${id}-header`}
      >
        <div className={classes.summary}>
          {rank !== undefined ? (
            <span className={classes.rank} aria-label={`Priority ${rank}`}>
              #{rank}
            </span>
          ) : (
            <span className={classes.rank} aria-hidden />
          )}
          <Typography className={classes.title} component="h3">
            {item.title}
          </Typography>
          <StatusChip status={item.status} />
          <ItemDecisionBadge item={item} />
          {item.severity && <SeverityChip severity={item.severity} />}
          <Typography variant="body2" className={classes.impact}>
            {CATEGORY_TITLES[item.category]}
            {impact ? ` · ${impact}` : ''}
          </Typography>
        </div>
      </AccordionSummary>
      <AccordionDetails className={classes.details} id={`${id}-content`}>
        {catalog && <WhyItMatters item={catalog} />}
        <ItemSection title="Affected resources">
          {failing.length > 0 ? (
            <AffectedResources item={item} findings={failing} />
          ) : (
            <NoFindingsText item={item} />
          )}
        </ItemSection>
        {catalog && item.status !== 'not-applicable' && (
          <ItemSection title="How to fix it">
            <RemediationTabs
              idPrefix={id}
              targets={targets}
              provider={provider}
              remediation={catalog.remediation}
            />
          </ItemSection>
        )}
        {catalog && item.status !== 'not-applicable' && (
          <ItemSection title="What is verified, and what rests on a statement">
            <ItemParts item={catalog} attestation={item.attestation ?? null} />
          </ItemSection>
        )}
        {/* Deciding comes after understanding and fixing. */}
        <ItemDecisions item={item} className={classes.section} />
      </AccordionDetails>
    </Accordion>
  );
};
