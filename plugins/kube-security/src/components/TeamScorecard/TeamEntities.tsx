import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { TeamScorecardResponse } from '@kube-security/plugin-kube-security-common';
import { formatPercent, GradeBadge } from '../common';

/** The team's entities with their scores, worst first (as the backend sends them). */
export const TeamEntities = ({
  entities,
}: {
  entities: TeamScorecardResponse['entities'];
}) => {
  if (entities.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        None of this team&apos;s entities has findings yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Entities">
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>Grade</TableCell>
          <TableCell>Score</TableCell>
          <TableCell>Coverage</TableCell>
          <TableCell>Open items</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entities.map(entity => (
          <TableRow key={entity.entityRef}>
            <TableCell>
              <EntityRefLink
                entityRef={entity.entityRef}
                defaultKind="component"
              >
                {entity.title}
              </EntityRefLink>
            </TableCell>
            <TableCell>
              <GradeBadge grade={entity.score.grade} size="small" />
            </TableCell>
            <TableCell>{entity.score.value ?? '—'}</TableCell>
            <TableCell>{formatPercent(entity.score.coverage)}</TableCell>
            <TableCell>{entity.open}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
