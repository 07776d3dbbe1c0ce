import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { TeamAction } from '@kube-security/plugin-kube-security-common';
import { pluralize, SeverityChip, StatusChip } from '../common';

/** The team's most important open actions across its entities, in priority order. */
export const TopActions = ({
  actions,
  limit = 5,
}: {
  actions: TeamAction[];
  limit?: number;
}) => {
  if (actions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No open actions: every item of this team&apos;s entities passes.
      </Typography>
    );
  }
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
            <TableCell>
              {action.item.affected === 0
                ? '—'
                : pluralize(action.item.affected, 'resource')}
              {action.item.exposed > 0 && `, ${action.item.exposed} exposed`}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
