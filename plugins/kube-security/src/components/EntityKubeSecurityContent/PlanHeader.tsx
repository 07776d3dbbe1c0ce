import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { Box, Chip, Grid, Tooltip, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  EntityPlanResponse,
  isOpenStatus,
  Plan,
  PROVIDER_TITLES,
} from '@kube-security/plugin-kube-security-common';
import { formatAge, formatDateTime, pluralize, ScoreSummary } from '../common';

const useStyles = makeStyles(theme => ({
  staleChip: {
    borderColor: theme.palette.status.error,
    color: theme.palette.status.error,
  },
}));

/** "2 accepted risks, 1 attested item", or undefined when there is neither. */
function decisionsText(plan: Plan): string | undefined {
  const accepted = plan.items.filter(i => i.status === 'accepted').length;
  const attested = plan.items.filter(i => i.status === 'attested').length;
  const parts = [
    accepted ? `${pluralize(accepted, 'item')} with accepted risk` : '',
    attested ? `${pluralize(attested, 'item')} attested` : '',
  ].filter(Boolean);
  return parts.length ? `${parts.join(', ')}.` : undefined;
}

/** Score, grade, coverage and how fresh the data is, with the PDF download. */
export const PlanHeader = ({
  response,
  actions,
}: {
  response: EntityPlanResponse;
  actions?: ReactNode;
}) => {
  const classes = useStyles();
  const { plan, clusters, dataFrom } = response;
  const open = plan.items.filter(i => isOpenStatus(i.status)).length;
  const decided = decisionsText(plan);
  return (
    // On paper the plan's own print title replaces the card's title.
    <div data-ks-print="no-title">
      <InfoCard title="Security action plan" action={actions}>
        <Grid container spacing={3} alignItems="center">
          <Grid item xs={12} md={6}>
            <ScoreSummary score={plan.score} />
          </Grid>
          <Grid item xs={12} md={6}>
            <Typography variant="body1">
              {open === 0
                ? `Nothing left to do: every applicable item ${
                    decided ? 'passes or is decided' : 'passes'
                  }.`
                : `${pluralize(open, 'item')} of ${
                    plan.items.length
                  } need work, most important first.`}
            </Typography>
            {decided && (
              <Typography variant="body2" color="textSecondary">
                {decided}
              </Typography>
            )}
            <Tooltip title={formatDateTime(dataFrom) ?? ''}>
              <Typography variant="body2" color="textSecondary">
                {dataFrom
                  ? `Data from ${formatAge(dataFrom)} (${formatDateTime(
                      dataFrom,
                    )})`
                  : 'No completed scan yet'}
              </Typography>
            </Tooltip>
            {clusters.length > 0 && (
              <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
                {clusters.map(cluster => (
                  <Chip
                    key={cluster.name}
                    size="small"
                    variant="outlined"
                    label={`${cluster.name}${
                      cluster.provider
                        ? ` · ${PROVIDER_TITLES[cluster.provider]}`
                        : ''
                    }${cluster.stale ? ' · stale' : ''}`}
                    className={cluster.stale ? classes.staleChip : undefined}
                  />
                ))}
              </Box>
            )}
          </Grid>
        </Grid>
      </InfoCard>
    </div>
  );
};
