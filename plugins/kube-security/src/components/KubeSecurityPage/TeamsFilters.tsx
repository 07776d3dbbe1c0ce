import { useEffect, useState } from 'react';
import { Button, ButtonGroup, MenuItem, TextField } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import useDebounce from 'react-use/esm/useDebounce';
import {
  CATEGORIES,
  CATEGORY_TITLES,
  Category,
  ClusterStatus,
  PROVIDERS,
  PROVIDER_TITLES,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import { TeamsTableState, TeamsView } from './teamsQueryState';

// A static class rather than Box, which makes a style sheet per element.
const useStyles = makeStyles({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: 16,
  },
});

/** Typing waits this long before the backend is asked. */
export const SEARCH_DEBOUNCE_MS = 300;

const ALL = '';

/** One filter: a select whose first option ("All …") means no filter. */
const FilterSelect = ({
  id,
  label,
  allLabel,
  minWidth = 160,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  allLabel: string;
  minWidth?: number;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
}) => (
  <TextField
    select
    id={id}
    label={label}
    variant="outlined"
    size="small"
    style={{ minWidth }}
    value={value ?? ALL}
    onChange={e => onChange(e.target.value || undefined)}
  >
    <MenuItem value={ALL}>{allLabel}</MenuItem>
    {options.map(option => (
      <MenuItem key={option.value} value={option.value}>
        {option.label}
      </MenuItem>
    ))}
  </TextField>
);

const VIEWS: Array<{ view: TeamsView; label: string }> = [
  { view: 'tree', label: 'Tree' },
  { view: 'list', label: 'List' },
];

/** Tree (departments and their teams) or a flat list sorted across all teams. */
const ViewToggle = ({
  view,
  onChange,
}: {
  view: TeamsView;
  onChange: (view: TeamsView) => void;
}) => (
  <ButtonGroup size="small" aria-label="Show teams as">
    {VIEWS.map(v => (
      <Button
        key={v.view}
        aria-pressed={view === v.view}
        variant={view === v.view ? 'contained' : 'outlined'}
        color={view === v.view ? 'primary' : 'default'}
        onClick={() => onChange(v.view)}
      >
        {v.label}
      </Button>
    ))}
  </ButtonGroup>
);

/** Search box and the category / provider / cluster filters of the teams table. */
export const TeamsFilters = ({
  state,
  clusters,
  onChange,
}: {
  state: TeamsTableState;
  clusters: ClusterStatus[];
  onChange: (patch: Partial<TeamsTableState>) => void;
}) => {
  const classes = useStyles();
  const [text, setText] = useState(state.q);
  // Follow outside changes (e.g. "Clear filters", browser back).
  useEffect(() => setText(state.q), [state.q]);
  useDebounce(
    () => {
      if (text !== state.q) onChange({ q: text });
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );

  return (
    <div className={classes.filters} data-ks-print="hide">
      <TextField
        id="ks-teams-search"
        label="Search teams"
        variant="outlined"
        size="small"
        value={text}
        onChange={e => setText(e.target.value)}
        InputProps={{ startAdornment: <SearchIcon fontSize="small" /> }}
      />
      <FilterSelect
        id="ks-teams-category"
        label="Category"
        allLabel="All categories"
        minWidth={180}
        value={state.category}
        options={CATEGORIES.map(c => ({ value: c, label: CATEGORY_TITLES[c] }))}
        onChange={value =>
          onChange({ category: value as Category | undefined })
        }
      />
      <FilterSelect
        id="ks-teams-provider"
        label="Provider"
        allLabel="All providers"
        value={state.provider}
        options={PROVIDERS.map(p => ({ value: p, label: PROVIDER_TITLES[p] }))}
        onChange={value =>
          onChange({ provider: value as Provider | undefined })
        }
      />
      <FilterSelect
        id="ks-teams-cluster"
        label="Cluster"
        allLabel="All clusters"
        value={state.cluster}
        options={clusters.map(c => ({ value: c.name, label: c.name }))}
        onChange={value => onChange({ cluster: value })}
      />
      <ViewToggle view={state.view} onChange={view => onChange({ view })} />
    </div>
  );
};
