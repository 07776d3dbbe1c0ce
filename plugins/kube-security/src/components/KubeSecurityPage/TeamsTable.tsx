import { EmptyState, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  LinearProgress,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import {
  CATEGORIES,
  CATEGORY_TITLES,
  ClusterStatus,
  TeamSortField,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  formatAge,
  formatDateTime,
  GradeBadge,
  KubeSecurityErrorPanel,
  ServerPagination,
  SeverityChip,
  StatusChip,
  TrendIndicator,
} from '../common';
import { totalOpen, useTeamLink } from '../TeamScorecard';
import {
  DEFAULT_ORDER,
  DEFAULT_STATE,
  hasFilters,
  PAGE_SIZES,
  teamsQueryOf,
  TeamsTableState,
  useTeamsTableState,
} from './teamsQueryState';
import { TeamsFilters } from './TeamsFilters';

const useStyles = makeStyles(theme => ({
  // Headers and team names never break mid-word.
  table: { '& th, & td:first-child': { whiteSpace: 'nowrap' } },
  topItem: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  parent: { display: 'block', color: theme.palette.text.secondary },
  // Reserve the progress bar's height so rows do not jump while paging.
  progress: { height: 4 },
}));

const SortableHeader = ({
  field,
  label,
  state,
  onSort,
  align,
}: {
  field: TeamSortField;
  label: string;
  state: TeamsTableState;
  onSort: (field: TeamSortField) => void;
  align?: 'right';
}) => {
  const active = state.sort === field;
  return (
    <TableCell align={align} sortDirection={active ? state.order : false}>
      <TableSortLabel
        active={active}
        direction={active ? state.order : DEFAULT_ORDER[field]}
        onClick={() => onSort(field)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
};

function parentName(ref?: string): string | undefined {
  return ref?.replace(/^group:(default\/)?/, '');
}

const TeamRow = ({ team }: { team: TeamSummary }) => {
  const classes = useStyles();
  const teamLink = useTeamLink();
  const link = teamLink(team.entityRef);
  const name = team.title ?? team.name;
  return (
    <TableRow hover data-team={team.entityRef}>
      <TableCell>
        {link ? <Link to={link}>{name}</Link> : name}
        {team.parentRef && (
          <Typography variant="caption" className={classes.parent}>
            in {parentName(team.parentRef)}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <GradeBadge grade={team.score.grade} size="small" />
          <span>{team.score.value ?? '—'}</span>
        </Box>
      </TableCell>
      <TableCell>
        <TrendIndicator trend={team.trend} />
      </TableCell>
      <TableCell align="right">{totalOpen(team)}</TableCell>
      {CATEGORIES.map(c => (
        <TableCell key={c} align="right">
          {team.openByCategory[c] ?? 0}
        </TableCell>
      ))}
      <TableCell>
        {team.topItem ? (
          <div className={classes.topItem}>
            <span>{team.topItem.title}</span>
            <StatusChip status={team.topItem.status} />
            {team.topItem.severity && (
              <SeverityChip severity={team.topItem.severity} />
            )}
          </div>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell title={formatDateTime(team.lastScanAt)}>
        {formatAge(team.lastScanAt) ?? 'never'}
      </TableCell>
    </TableRow>
  );
};

/**
 * Every team with its score, paged, sorted and searched by the backend, so a
 * thousand teams cost no more than twenty-five.
 */
export const TeamsTable = ({ clusters }: { clusters: ClusterStatus[] }) => {
  const classes = useStyles();
  const api = useApi(kubeSecurityApiRef);
  const [state, update] = useTeamsTableState();
  const query = teamsQueryOf(state);
  const queryKey = JSON.stringify(query);
  // useAsync keeps the previous page while the next one loads.
  const { value, loading, error } = useAsync(
    () => api.getTeams(query),
    [api, queryKey],
  );

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
  } else {
    body = (
      <>
        <TableContainer>
          <Table size="small" aria-label="Teams" className={classes.table}>
            <TableHead>
              <TableRow>
                <SortableHeader
                  field="name"
                  label="Team"
                  state={state}
                  onSort={onSort}
                />
                <SortableHeader
                  field="score"
                  label="Score"
                  state={state}
                  onSort={onSort}
                />
                <SortableHeader
                  field="trend"
                  label="Trend (7 days)"
                  state={state}
                  onSort={onSort}
                />
                <SortableHeader
                  field="open"
                  label="Open items"
                  state={state}
                  onSort={onSort}
                  align="right"
                />
                {CATEGORIES.map(c => (
                  <TableCell key={c} align="right">
                    <Tooltip title={`Open items in ${CATEGORY_TITLES[c]}`}>
                      <span>{CATEGORY_TITLES[c].replace(' security', '')}</span>
                    </Tooltip>
                  </TableCell>
                ))}
                <TableCell>Most important item</TableCell>
                <TableCell>Last scan</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.teams.map(team => (
                <TeamRow key={team.entityRef} team={team} />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
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
      <Box p={2}>
        <Typography
          variant="h6"
          component="h2"
          gutterBottom
          id="ks-teams-title"
        >
          Teams
        </Typography>
        {filters}
      </Box>
      <div className={classes.progress}>
        {loading && value && <LinearProgress aria-label="Loading teams" />}
      </div>
      {body}
    </Paper>
  );
};
