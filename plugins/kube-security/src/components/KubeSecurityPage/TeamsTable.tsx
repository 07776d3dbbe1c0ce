import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  LinearProgress,
  Paper,
  Table,
  TableBody,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import {
  CATEGORY_TITLES,
  ClusterStatus,
  TeamSortField,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import { KubeSecurityErrorPanel, ServerPagination } from '../common';
import { useTableLayoutStyles } from '../common/tableLayout';
import { TableScroll } from '../common/TableScroll';
import { TeamRow, TeamsHead } from './TeamRows';
import { TeamsTree } from './TeamsTree';
import { TreeTeamsState, useTreeTeams } from './useTreeTeams';
import {
  DEFAULT_ORDER,
  DEFAULT_STATE,
  hasFilters,
  PAGE_SIZES,
  teamsQueryOf,
  useTeamsTableState,
} from './teamsQueryState';
import { TeamsFilters } from './TeamsFilters';

const useStyles = makeStyles(theme => ({
  // Headers and team names never break mid-word.
  table: { '& th, & td:first-child': { whiteSpace: 'nowrap' } },
  // Reserve the progress bar's height so rows do not jump while paging.
  progress: { height: 4 },
  // Static classes rather than Box, which makes a style sheet per element.
  heading: { padding: theme.spacing(2) },
  note: { marginTop: theme.spacing(1) },
}));

/**
 * Every team with its score, searched and filtered by the backend: as a tree of
 * departments and teams (every matching team, siblings sorted), or as one flat
 * list paged and sorted by the backend, so a thousand teams cost no more than
 * twenty-five. With a category selected, scores and most important items count
 * that category only.
 */
export const TeamsTable = ({
  clusters,
  treeTeams: given,
}: {
  clusters: ClusterStatus[];
  /** The tree's teams when the page started loading them already (see OverviewPage). */
  treeTeams?: TreeTeamsState;
}) => {
  const classes = useStyles();
  const layout = useTableLayoutStyles();
  const api = useApi(kubeSecurityApiRef);
  const [state, update] = useTeamsTableState();
  const query = teamsQueryOf(state);
  const queryKey = JSON.stringify(query);
  const tree = state.view === 'tree';
  // The tree keeps what is open while only the order changes.
  const treeKey = JSON.stringify([
    state.q,
    state.category,
    state.provider,
    state.cluster,
  ]);
  // useAsync keeps the previous page while the next one loads.
  const list = useAsync(
    async () => (tree ? undefined : api.getTeams(query)),
    [api, queryKey, tree],
  );
  // The tree shows its top first, then every team (see useTreeTeams).
  const own = useTreeTeams(api, query, {
    enabled: tree && !given,
    filtered: hasFilters(state),
  });
  const treeTeams = given ?? own;
  const { loading, error } = tree ? treeTeams : list;
  const value = tree
    ? treeTeams.value && {
        teams: treeTeams.value.teams,
        total: treeTeams.value.teams.length,
      }
    : list.value;

  const onSort = (field: TeamSortField) => {
    if (state.sort === field) {
      update({ order: state.order === 'asc' ? 'desc' : 'asc' });
    } else {
      update({ sort: field, order: DEFAULT_ORDER[field] });
    }
  };

  const filters = (
    <TeamsFilters state={state} clusters={clusters} onChange={update} />
  );

  let body;
  if (error) {
    body = (
      <KubeSecurityErrorPanel error={error} title="Could not load teams" />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (value.total === 0 && !hasFilters(state)) {
    body = (
      <EmptyState
        missing="data"
        title="No teams yet"
        description="Teams appear here once the Components and cluster Resources that have findings name an owner group in spec.owner. Findings without an owner are listed under Unowned findings below."
      />
    );
  } else if (value.total === 0) {
    body = (
      <Box py={4} textAlign="center">
        <Typography variant="body1" gutterBottom>
          No team matches these filters.
        </Typography>
        <Button
          color="primary"
          onClick={() =>
            update({
              q: '',
              category: undefined,
              provider: undefined,
              cluster: undefined,
            })
          }
        >
          Clear filters
        </Button>
      </Box>
    );
  } else if (tree) {
    body = (
      <TeamsTree
        key={treeKey}
        teams={value.teams}
        complete={treeTeams.value?.complete}
        state={state}
        onSort={onSort}
        tableClassName={classes.table}
      />
    );
  } else {
    body = (
      <>
        <TableScroll label="Teams">
          <Table
            size="small"
            aria-label="Teams"
            className={`${layout.table} ${classes.table}`}
          >
            <TeamsHead state={state} onSort={onSort} />
            <TableBody>
              {value.teams.map(team => (
                <TeamRow key={team.entityRef} team={team} />
              ))}
            </TableBody>
          </Table>
        </TableScroll>
        <ServerPagination
          count={value.total}
          page={state.page}
          pageSize={state.pageSize}
          pageSizes={PAGE_SIZES}
          onPageChange={page => update({ page })}
          onPageSizeChange={pageSize =>
            update({ pageSize: pageSize || DEFAULT_STATE.pageSize })
          }
        />
      </>
    );
  }

  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby="ks-teams-title"
    >
      <div className={classes.heading}>
        <Typography
          variant="h6"
          component="h2"
          gutterBottom
          id="ks-teams-title"
        >
          Teams
        </Typography>
        {filters}
        {state.category && (
          <div className={classes.note}>
            <Typography variant="body2" color="textSecondary">
              Scores and most important items count{' '}
              {CATEGORY_TITLES[state.category]} items only.
            </Typography>
          </div>
        )}
      </div>
      <div className={classes.progress}>
        {loading && value && <LinearProgress aria-label="Loading teams" />}
      </div>
      {body}
    </Paper>
  );
};
