import { Link } from '@backstage/core-components';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableContainer,
  Typography,
} from '@material-ui/core';
import { useMemo, useState } from 'react';
import type {
  TeamSortField,
  TeamSummary,
  TeamsResponse,
} from '@kube-security/plugin-kube-security-common';
import type { KubeSecurityApi, TeamsQuery } from '../../api';
import { TeamRow, TeamsHead } from './TeamRows';
import {
  buildTeamTree,
  compareTeams,
  parentRefs,
  visibleRows,
} from './teamTree';
import type { TeamsTableState } from './teamsQueryState';

/** Where docs/scoring.md explains how a parent team's score is formed. */
export const PARENT_SCORE_DOCS_URL =
  'https://github.com/kube-security/kube-security/blob/main/docs/scoring.md#departments-and-parent-teams';

/** Up to this many teams, the tree opens fully expanded; above it, at the top level. */
export const EXPAND_ALL_UP_TO = 100;

/** The backend's largest page of teams. */
const TEAMS_PAGE = 500;

/** Every team matching the query's filters, read a page at a time. */
export async function loadAllTeams(
  api: Pick<KubeSecurityApi, 'getTeams'>,
  query: TeamsQuery,
): Promise<TeamsResponse> {
  const teams: TeamSummary[] = [];
  let total = 0;
  do {
    const page = await api.getTeams({
      ...query,
      offset: teams.length,
      limit: TEAMS_PAGE,
    });
    teams.push(...page.teams);
    total = page.total;
    if (page.teams.length === 0) break;
  } while (teams.length < total);
  return { teams, total, offset: 0, limit: teams.length };
}

/**
 * Departments and teams nested by the catalog's group hierarchy, siblings sorted by the
 * chosen column; each parent opens and closes with a button (keyboard: Tab, Enter).
 */
export const TeamsTree = ({
  teams,
  state,
  onSort,
  tableClassName,
}: {
  teams: TeamSummary[];
  state: TeamsTableState;
  onSort: (field: TeamSortField) => void;
  tableClassName?: string;
}) => {
  const roots = useMemo(
    () => buildTeamTree(teams, compareTeams(state.sort, state.order)),
    [teams, state.sort, state.order],
  );
  const parents = useMemo(() => parentRefs(roots), [roots]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(teams.length <= EXPAND_ALL_UP_TO ? parents : []),
  );
  const toggle = (ref: string) =>
    setExpanded(previous => {
      const next = new Set(previous);
      if (next.has(ref)) next.delete(ref);
      else next.add(ref);
      return next;
    });
  const rows = visibleRows(roots, expanded);

  return (
    <>
      <Box
        px={2}
        pb={1}
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
      >
        <Typography variant="body2" color="textSecondary" style={{ flex: 1 }}>
          A department&apos;s score counts the resources of every team below it
          together, as if they were one team: it is not an average of its
          teams&apos; scores.{' '}
          <Link to={PARENT_SCORE_DOCS_URL} underline="always">
            How scores are formed
          </Link>
        </Typography>
        {parents.length > 0 && (
          <Box data-ks-print="hide" display="flex" style={{ gap: 4 }}>
            <Button size="small" onClick={() => setExpanded(new Set(parents))}>
              Expand all
            </Button>
            <Button size="small" onClick={() => setExpanded(new Set())}>
              Collapse all
            </Button>
          </Box>
        )}
      </Box>
      <TableContainer>
        <Table size="small" aria-label="Teams" className={tableClassName}>
          <TeamsHead state={state} onSort={onSort} />
          <TableBody>
            {rows.map(row => (
              <TeamRow
                key={row.team.entityRef}
                team={row.team}
                tree={{
                  depth: row.depth,
                  hasChildren: row.hasChildren,
                  expanded: row.expanded,
                  onToggle: () => toggle(row.team.entityRef),
                }}
              />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
};
