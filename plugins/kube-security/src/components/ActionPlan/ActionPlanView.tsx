import type { ReactNode } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Chip, Paper, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  ActionItem,
  ActionItemId,
  CATEGORIES,
  CATEGORY_TITLES,
  Provider,
  PROVIDER_TITLES,
  itemsByCategory,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import { DownloadButton, pluralize, usePrintMode } from '../common';
import { ActionPlanItem } from './ActionPlanItem';
import { ProviderPicker } from './ProviderPicker';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
  },
  counts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
  },
  count: { padding: theme.spacing(2) },
  category: { marginBottom: theme.spacing(4) },
  categoryHeading: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
}));

/** Open items first, then the ticked ones, each group in plan order. */
export function openItemsFirst(
  items: readonly ActionItem[],
  done: ReadonlySet<ActionItemId>,
): ActionItem[] {
  return [
    ...items.filter(item => !done.has(item.id)),
    ...items.filter(item => done.has(item.id)),
  ];
}

function countText(items: readonly ActionItem[], open: number): string {
  return `${pluralize(items.length, 'item')}, ${open} open`;
}

/**
 * The generic action plan: every practice under its category with counts, the steps for
 * the chosen provider, boxes to tick what is done, and the PDF of it all.
 */
export const ActionPlanView = ({
  items,
  provider,
  onProviderChange,
  done,
  onDoneChange,
  doneLabels,
  tickDisabledReason,
  recordPicker,
}: {
  items: readonly ActionItem[];
  provider: Provider;
  onProviderChange: (provider: Provider) => void;
  done: ReadonlySet<ActionItemId>;
  onDoneChange: (id: ActionItemId, done: boolean) => void;
  /** What "done" means per item, e.g. "Attested until …"; "Done" where absent. */
  doneLabels?: ReadonlyMap<ActionItemId, string>;
  /** Why no box can be ticked (e.g. no permission to attest on the cluster). */
  tickDisabledReason?: string;
  /** Where ticks are recorded (this browser, or a cluster's attestations). */
  recordPicker?: ReactNode;
}) => {
  const classes = useStyles();
  const api = useApi(kubeSecurityApiRef);
  const printing = usePrintMode();
  const grouped = itemsByCategory(items);
  const openOf = (list: readonly ActionItem[]) =>
    list.filter(item => !done.has(item.id)).length;
  const doneIds = items.filter(item => done.has(item.id)).map(item => item.id);

  return (
    <Box>
      <Box className={classes.toolbar}>
        <ProviderPicker provider={provider} onChange={onProviderChange} />
        {recordPicker}
        <Typography variant="body1" aria-live="polite">
          {doneIds.length} of {items.length} done on {PROVIDER_TITLES[provider]}
        </Typography>
        <Box flexGrow={1} />
        <DownloadButton
          label="Download PDF"
          fileName={`kubernetes-security-action-plan-${provider}.pdf`}
          fetchBlob={() => api.getActionPlanPdf({ provider, done: doneIds })}
        />
      </Box>
      <Box
        className={classes.counts}
        component="section"
        aria-label="Items by category"
      >
        {CATEGORIES.map(category => (
          <Paper key={category} variant="outlined" className={classes.count}>
            <Typography variant="subtitle2">
              {CATEGORY_TITLES[category]}
            </Typography>
            <Typography variant="h5" component="p">
              {pluralize(grouped[category].length, 'item')}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {openOf(grouped[category])} open
            </Typography>
          </Paper>
        ))}
      </Box>
      {CATEGORIES.filter(category => grouped[category].length > 0).map(
        category => (
          <Box
            key={category}
            className={classes.category}
            component="section"
            aria-labelledby={`ks-plan-category-${category}`}
          >
            <Box className={classes.categoryHeading}>
              <Typography
                variant="h5"
                component="h2"
                id={`ks-plan-category-${category}`}
              >
                {CATEGORY_TITLES[category]}
              </Typography>
              <Chip
                size="small"
                label={countText(grouped[category], openOf(grouped[category]))}
              />
            </Box>
            {openItemsFirst(grouped[category], done).map(item => (
              <ActionPlanItem
                key={item.id}
                item={item}
                provider={provider}
                done={done.has(item.id)}
                onDoneChange={isDone => onDoneChange(item.id, isDone)}
                doneLabel={doneLabels?.get(item.id)}
                tickDisabledReason={tickDisabledReason}
                forceExpanded={printing}
              />
            ))}
          </Box>
        ),
      )}
    </Box>
  );
};
