import { useEffect, useState } from 'react';
import { Box, MenuItem, TextField } from '@material-ui/core';
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
import { TeamsTableState } from './teamsQueryState';

/** Typing waits this long before the backend is asked. */
export const SEARCH_DEBOUNCE_MS = 300;

const ALL = '';

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
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      data-ks-print="hide"
    >
      <TextField
        id="ks-teams-search"
        label="Search teams"
        variant="outlined"
        size="small"
        value={text}
        onChange={e => setText(e.target.value)}
        InputProps={{ startAdornment: <SearchIcon fontSize="small" /> }}
      />
      <TextField
        select
        id="ks-teams-category"
        label="Category"
        variant="outlined"
        size="small"
        style={{ minWidth: 180 }}
        value={state.category ?? ALL}
        onChange={e =>
          onChange({
            category: (e.target.value as Category | '') || undefined,
          })
        }
      >
        <MenuItem value={ALL}>All categories</MenuItem>
        {CATEGORIES.map(c => (
          <MenuItem key={c} value={c}>
            {CATEGORY_TITLES[c]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        id="ks-teams-provider"
        label="Provider"
        variant="outlined"
        size="small"
        style={{ minWidth: 160 }}
        value={state.provider ?? ALL}
        onChange={e =>
          onChange({
            provider: (e.target.value as Provider | '') || undefined,
          })
        }
      >
        <MenuItem value={ALL}>All providers</MenuItem>
        {PROVIDERS.map(p => (
          <MenuItem key={p} value={p}>
            {PROVIDER_TITLES[p]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        id="ks-teams-cluster"
        label="Cluster"
        variant="outlined"
        size="small"
        style={{ minWidth: 160 }}
        value={state.cluster ?? ALL}
        onChange={e => onChange({ cluster: e.target.value || undefined })}
      >
        <MenuItem value={ALL}>All clusters</MenuItem>
        {clusters.map(c => (
          <MenuItem key={c.name} value={c.name}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
};
