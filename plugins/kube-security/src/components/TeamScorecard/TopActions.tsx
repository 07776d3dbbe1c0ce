import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Fragment, useState } from 'react';
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  describeShare,
  type GrantRef,
  type TeamAction,
} from '@kube-security/plugin-kube-security-common';
import {
  formatAge,
  formatDateTime,
  pluralize,
  SeverityChip,
  StatusChip,
} from '../common';
import { useTableLayoutStyles } from '../common/tableLayout';
import { TableScroll } from '../common/TableScroll';
import { GroupedTeamAction, groupTeamActions } from './groupTeamActions';

/** Links to every entity a fix applies to. */
const EntityLinks = ({ action }: { action: GroupedTeamAction }) => (
  <>
    {action.entities.map(({ entityRef, entityTitle }, index) => (
      <Fragment key={entityRef}>
        {index > 0 && ', '}
        <EntityRefLink entityRef={entityRef} defaultKind="component">
          {entityTitle}
        </EntityRefLink>
      </Fragment>
    ))}
  </>
);

function grantName(grant: GrantRef): string {
  return grant.namespace
    ? `${grant.kind} '${grant.namespace}/${grant.name}'`
    : `${grant.kind} '${grant.name}'`;
}

/**
 * Who makes the fix when it is an RBAC binding on a cluster: the owners of the cluster's
 * Resource (or the Resource itself when it has none), and the bindings, per cluster.
 */
const FixBy = ({ action }: { action: GroupedTeamAction }) => {
  if (action.fixBy.length === 0) return null;
  const owners = [
    ...new Set(
      action.fixBy.flatMap(f =>
        f.ownerRefs.length > 0 ? f.ownerRefs : [f.entityRef],
      ),
    ),
  ];
  const bindings = action.fixBy
    .map(f => `${f.cluster}: ${f.grants.map(grantName).join(', ')}`)
    .join('; ');
  return (
    <Typography
      variant="caption"
      component="div"
      color="textSecondary"
      data-testid="fix-by"
    >
      Fix by:{' '}
      {owners.map((ref, index) => (
        <Fragment key={ref}>
          {index > 0 && ', '}
          <EntityRefLink entityRef={ref} defaultKind="group" />
        </Fragment>
      ))}{' '}
      ({bindings})
    </Typography>
  );
};

function reach(action: GroupedTeamAction): string {
  const affected =
    action.affected === 0 ? '' : pluralize(action.affected, 'resource');
  const exposed = action.exposed > 0 ? `${action.exposed} exposed` : '';
  const { share } = action;
  const passing = share && share.total > 0 ? describeShare(share) : '';
  return [[affected, exposed].filter(Boolean).join(', '), passing]
    .filter(Boolean)
    .join(' · ');
}

/** A narrow list for cards: one line per action, its entity and reach below. */
const CompactTopActions = ({ actions }: { actions: GroupedTeamAction[] }) => (
  <List dense disablePadding aria-label="Top actions">
    {actions.map((action, index) => (
      <ListItem key={action.item.itemId} disableGutters divider>
        <ListItemText
          primary={`${index + 1}. ${action.item.title}`}
          secondaryTypographyProps={{ component: 'div' }}
          secondary={
            <Box
              display="flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 8 }}
            >
              <span>
                <EntityLinks action={action} />
              </span>
              <StatusChip status={action.item.status} />
              {action.item.severity && (
                <SeverityChip severity={action.item.severity} />
              )}
              <span>{reach(action)}</span>
              <FixBy action={action} />
            </Box>
          }
        />
      </ListItem>
    ))}
  </List>
);

/** The team's most important open actions across its entities, in priority order. */
export const TopActions = ({
  actions,
  limit = 5,
  compact = false,
  total = actions.length,
  onLoadAll,
  loading = false,
}: {
  actions: TeamAction[];
  limit?: number;
  /** A list instead of a table, for narrow cards. */
  compact?: boolean;
  /** How many top actions the team has, when `actions` is only the first page of them. */
  total?: number;
  /** Fetches the actions not loaded yet; "Show all" calls it when some are missing. */
  onLoadAll?: () => Promise<void>;
  loading?: boolean;
}) => {
  const [showAll, setShowAll] = useState(false);
  const layout = useTableLayoutStyles();
  const grouped = groupTeamActions(actions);
  const missing = Boolean(onLoadAll) && total > actions.length;
  const toggle = async () => {
    if (!showAll && missing) await onLoadAll?.();
    setShowAll(!showAll);
  };
  if (grouped.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No open actions: every item of this team&apos;s entities passes.
      </Typography>
    );
  }
  if (compact) return <CompactTopActions actions={grouped.slice(0, limit)} />;
  const shown = showAll ? grouped : grouped.slice(0, limit);
  return (
    <>
      <TableScroll label="Top actions">
        <Table size="small" aria-label="Top actions" className={layout.table}>
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>Entities</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Affected</TableCell>
              <TableCell>Open since</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((action, index) => (
              <TableRow key={action.item.itemId}>
                <TableCell>{index + 1}</TableCell>
                <TableCell>
                  <EntityLinks action={action} />
                </TableCell>
                <TableCell>
                  {action.item.title}
                  <FixBy action={action} />
                </TableCell>
                <TableCell>
                  <StatusChip status={action.item.status} />
                </TableCell>
                <TableCell>
                  {action.item.severity ? (
                    <SeverityChip severity={action.item.severity} />
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>{reach(action) || '—'}</TableCell>
                <TableCell
                  className={layout.nowrap}
                  title={formatDateTime(action.oldestFindingAt)}
                >
                  {formatAge(action.oldestFindingAt) ?? '—'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableScroll>
      {(grouped.length > limit || missing) && (
        <Box mt={1}>
          <Button size="small" onClick={toggle} disabled={loading}>
            {showAll && 'Show fewer'}
            {!showAll && missing && 'Show all actions'}
            {!showAll && !missing && `Show all ${grouped.length} actions`}
          </Button>
        </Box>
      )}
    </>
  );
};
