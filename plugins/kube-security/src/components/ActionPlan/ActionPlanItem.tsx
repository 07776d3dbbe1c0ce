import { useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Checkbox,
  Chip,
  FormControlLabel,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type {
  ActionItem,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import { PROVIDER_TITLES } from '@kube-security/plugin-kube-security-common';
import { ItemParts } from '../common/ItemParts';
import { ItemSection, WhyItMatters } from '../common/ItemSection';
import { pluralize } from '../common';
import { RemediationPanel } from '../EntityKubeSecurityContent/RemediationTabs';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    width: '100%',
  },
  title: { flex: '1 1 320px', fontWeight: 500 },
  done: { textDecoration: 'line-through', color: theme.palette.text.secondary },
  details: { display: 'block' },
}));

/**
 * One practice of the generic plan: a box to tick it as done, and on opening why it
 * matters, what checks verify and what rests on a statement, and the provider's steps.
 */
export const ActionPlanItem = ({
  item,
  provider,
  done,
  onDoneChange,
  forceExpanded = false,
  doneLabel = 'Done',
  tickDisabledReason,
}: {
  item: ActionItem;
  provider: Provider;
  done: boolean;
  onDoneChange: (done: boolean) => void;
  /** Open regardless of the user's choice, e.g. while printing. */
  forceExpanded?: boolean;
  /** What "done" means here, e.g. "Attested until 5 Mar 2027" (default "Done"). */
  doneLabel?: string;
  /** Why the box cannot be ticked or cleared; undefined when it can. */
  tickDisabledReason?: string;
}) => {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const id = `ks-plan-${item.id}`;
  const stated = item.unverifiedParts?.length ?? 0;
  return (
    <Accordion
      expanded={expanded || forceExpanded}
      onChange={(_, isExpanded) => setExpanded(isExpanded)}
      TransitionProps={{ mountOnEnter: true }}
      data-item-id={item.id}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls={`${id}-content`}
        id={`${id}-header`}
      >
        <div className={classes.summary}>
          {/* Ticking must not open or close the item. */}
          <FormControlLabel
            onClick={event => event.stopPropagation()}
            onFocus={event => event.stopPropagation()}
            control={
              <Checkbox
                color="primary"
                checked={done}
                disabled={tickDisabledReason !== undefined}
                onChange={event => onDoneChange(event.target.checked)}
                inputProps={{
                  'aria-label': `Mark "${item.title}" as done`,
                  title: tickDisabledReason,
                }}
              />
            }
            label={`${item.order}.`}
          />
          <Typography
            className={`${classes.title} ${done ? classes.done : ''}`}
            component="h3"
          >
            {item.title}
          </Typography>
          {done && <Chip size="small" label={doneLabel} color="primary" />}
          <Chip
            size="small"
            variant="outlined"
            label={`${pluralize(item.checks.length, 'check')} · ${pluralize(
              stated,
              'stated part',
            )}`}
          />
        </div>
      </AccordionSummary>
      <AccordionDetails className={classes.details} id={`${id}-content`}>
        <WhyItMatters item={item} />
        <ItemSection title="What is verified, and what rests on a statement">
          <ItemParts item={item} />
        </ItemSection>
        <ItemSection title={`How to do it on ${PROVIDER_TITLES[provider]}`}>
          <RemediationPanel
            provider={provider}
            remediation={item.remediation[provider]}
          />
        </ItemSection>
      </AccordionDetails>
    </Accordion>
  );
};
