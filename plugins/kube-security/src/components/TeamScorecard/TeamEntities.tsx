import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { TeamScorecardResponse } from '@kube-security/plugin-kube-security-common';
import { formatPercent, GradeBadge } from '../common';

/**
 * The team's entities with their scores, worst first (as the backend sends them). A large
 * team's come a page at a time: `total` says how many there are, `onLoadMore` asks for more.
 */
export const TeamEntities = ({
  entities,
  total = entities.length,
  onLoadMore,
  loading = false,
}: {
  entities: TeamScorecardResponse['entities'];
  total?: number;
  onLoadMore?: () => void;
  loading?: boolean;
}) => {
  if (entities.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        None of this team&apos;s entities has findings yet.
      </Typography>
    );
  }
  return (
    <>
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
      {total > entities.length && (
        <Box mt={1} display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="body2" color="textSecondary">
            Showing {entities.length} of {total} entities
          </Typography>
          {onLoadMore && (
            <Button size="small" onClick={onLoadMore} disabled={loading}>
              {loading ? 'Loading…' : 'Load more'}
            </Button>
          )}
        </Box>
      )}
    </>
  );
};
