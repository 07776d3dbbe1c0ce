import { Link } from '@backstage/core-components';
import {
  Button,
  Table,
  TableBody,
  TableContainer,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import type {
  TeamSortField,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
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

// Static classes rather than Box, which makes a style sheet per element.
const useStyles = makeStyles(theme => ({
  intro: {
    padding: theme.spacing(0, 2, 1),
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: 8,
  },
  buttons: { display: 'flex', gap: 4 },
}));

/** Up to this many teams, the tree opens fully expanded; above it, at the top level. */
export const EXPAND_ALL_UP_TO = 100;

/**
 * Departments and teams nested by the catalog's group hierarchy, siblings sorted by the
 * chosen column; each parent opens and closes with a button (keyboard: Tab, Enter).
 * While only the top of the tree is there (`complete` false), it shows its roots closed,
 * as a large organisation opens, and keeps what the reader opens once every team is in.
 */
export const TeamsTree = ({
  teams,
  complete = true,
  state,
  onSort,
  tableClassName,
}: {
  teams: TeamSummary[];
  complete?: boolean;
  state: TeamsTableState;
  onSort: (field: TeamSortField) => void;
  tableClassName?: string;
}) => {
  const classes = useStyles();
  const roots = useMemo(
    () => buildTeamTree(teams, compareTeams(state.sort, state.order)),
    [teams, state.sort, state.order],
  );
  const parents = useMemo(() => parentRefs(roots), [roots]);
  // What the reader opened; until they do, the tree opens as its size says.
  const [chosen, setChosen] = useState<ReadonlySet<string>>();
  const expanded = useMemo(
    () =>
      chosen ??
      new Set(complete && teams.length <= EXPAND_ALL_UP_TO ? parents : []),
    [chosen, complete, teams.length, parents],
  );
  const toggle = (ref: string) => {
    const next = new Set(expanded);
    if (next.has(ref)) next.delete(ref);
    else next.add(ref);
    setChosen(next);
  };
  const rows = visibleRows(roots, expanded);

  return (
    <>
      <div className={classes.intro}>
        <Typography variant="body2" color="textSecondary" style={{ flex: 1 }}>
          A department&apos;s score counts the resources of every team below it
          together, as if they were one team: it is not an average of its
          teams&apos; scores.{' '}
          <Link to={PARENT_SCORE_DOCS_URL} underline="always">
            How scores are formed
          </Link>
        </Typography>
        {parents.length > 0 && (
          <div data-ks-print="hide" className={classes.buttons}>
            <Button
              size="small"
              disabled={!complete}
              onClick={() => setChosen(new Set(parents))}
            >
              Expand all
            </Button>
            <Button size="small" onClick={() => setChosen(new Set())}>
              Collapse all
            </Button>
          </div>
        )}
      </div>
      <TableContainer>
        <Table
          size="small"
          aria-label="Teams"
          aria-busy={!complete}
          className={tableClassName}
        >
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
