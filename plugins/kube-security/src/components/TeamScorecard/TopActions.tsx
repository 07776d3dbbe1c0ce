import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
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
  type TeamAction,
} from '@kube-security/plugin-kube-security-common';
import { pluralize, SeverityChip, StatusChip } from '../common';

function reach(action: TeamAction): string {
  const affected =
    action.item.affected === 0
      ? ''
      : pluralize(action.item.affected, 'resource');
  const exposed =
    action.item.exposed > 0 ? `${action.item.exposed} exposed` : '';
  const { share } = action.item;
  const passing = share && share.total > 0 ? describeShare(share) : '';
  return [[affected, exposed].filter(Boolean).join(', '), passing]
    .filter(Boolean)
    .join(' · ');
}

/** A narrow list for cards: one line per action, its entity and reach below. */
const CompactTopActions = ({ actions }: { actions: TeamAction[] }) => (
  <List dense disablePadding aria-label="Top actions">
    {actions.map((action, index) => (
      <ListItem
        key={`${action.entityRef}/${action.item.itemId}`}
        disableGutters
        divider
      >
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
              <EntityRefLink
                entityRef={action.entityRef}
                defaultKind="component"
              >
                {action.entityTitle}
              </EntityRefLink>
              <StatusChip status={action.item.status} />
              {action.item.severity && (
                <SeverityChip severity={action.item.severity} />
              )}
              <span>{reach(action)}</span>
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
}: {
  actions: TeamAction[];
  limit?: number;
  /** A list instead of a table, for narrow cards. */
  compact?: boolean;
}) => {
  if (actions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No open actions: every item of this team&apos;s entities passes.
      </Typography>
    );
  }
  if (compact) return <CompactTopActions actions={actions.slice(0, limit)} />;
  return (
    <Table size="small" aria-label="Top actions">
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>Entity</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell>Affected</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {actions.slice(0, limit).map((action, index) => (
          <TableRow key={`${action.entityRef}/${action.item.itemId}`}>
            <TableCell>{index + 1}</TableCell>
            <TableCell>
              <EntityRefLink
                entityRef={action.entityRef}
                defaultKind="component"
              >
                {action.entityTitle}
              </EntityRefLink>
            </TableCell>
            <TableCell>{action.item.title}</TableCell>
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
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
