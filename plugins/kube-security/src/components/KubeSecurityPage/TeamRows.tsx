import { Link } from '@backstage/core-components';
import {
  IconButton,
  TableCell,
  TableHead,
  TableRow,
  TableSortLabel,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  CATEGORIES,
  CATEGORY_TITLES,
  TeamSortField,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
import {
  GradeBadge,
  SeverityChip,
  StatusChip,
  TrendIndicator,
} from '../common';
import { totalOpen, useTeamLink } from '../TeamScorecard';
import { DEFAULT_ORDER, TeamsTableState } from './teamsQueryState';

const useStyles = makeStyles(theme => ({
  topItem: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  parent: { display: 'block', color: theme.palette.text.secondary },
  // Static classes rather than Box, which makes a style sheet per element (per row).
  name: { display: 'flex', alignItems: 'center' },
  score: { display: 'flex', alignItems: 'center', gap: 8 },
  // Leaves line up with their siblings that have a toggle.
  toggleSpace: { width: 30, flexShrink: 0 },
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

/** The header row of the teams table, flat or tree. */
export const TeamsHead = ({
  state,
  onSort,
}: {
  state: TeamsTableState;
  onSort: (field: TeamSortField) => void;
}) => (
  <TableHead>
    <TableRow>
      <SortableHeader field="name" label="Team" state={state} onSort={onSort} />
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
    </TableRow>
  </TableHead>
);

function parentName(ref?: string): string | undefined {
  return ref?.replace(/^group:(default\/)?/, '');
}

/** Where a row sits in the tree, and its toggle. */
export interface TreePosition {
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  onToggle: () => void;
}

/** One team: flat (with its parent named below it) or as a node of the tree. */
export const TeamRow = ({
  team,
  tree,
}: {
  team: TeamSummary;
  tree?: TreePosition;
}) => {
  const classes = useStyles();
  const teamLink = useTeamLink();
  const link = teamLink(team.entityRef);
  const name = team.title ?? team.name;
  const title = link ? <Link to={link}>{name}</Link> : name;
  return (
    <TableRow
      hover
      data-team={team.entityRef}
      data-depth={tree ? tree.depth : undefined}
    >
      <TableCell>
        {tree ? (
          <div
            className={classes.name}
            style={{ paddingLeft: tree.depth * 24 }}
          >
            {tree.hasChildren ? (
              <IconButton
                size="small"
                aria-expanded={tree.expanded}
                aria-label={`${tree.expanded ? 'Collapse' : 'Expand'} ${name}`}
                onClick={tree.onToggle}
              >
                {tree.expanded ? (
                  <ExpandMoreIcon fontSize="small" />
                ) : (
                  <ChevronRightIcon fontSize="small" />
                )}
              </IconButton>
            ) : (
              <span className={classes.toggleSpace} />
            )}
            {title}
          </div>
        ) : (
          <>
            {title}
            {team.parentRef && (
              <Typography variant="caption" className={classes.parent}>
                in {parentName(team.parentRef)}
              </Typography>
            )}
          </>
        )}
      </TableCell>
      <TableCell>
        <div className={classes.score}>
          <GradeBadge grade={team.score.grade} size="small" />
          <span>{team.score.value ?? '—'}</span>
        </div>
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
    </TableRow>
  );
};
