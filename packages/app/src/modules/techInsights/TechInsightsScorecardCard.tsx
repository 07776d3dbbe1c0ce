import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import { useEffect, useState } from 'react';

/** What the Tech Insights backend answers for one check (the fields the card shows). */
export interface CheckRunResult {
  check: { id: string; name: string; description: string };
  result: boolean;
}

type State =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'done'; results: CheckRunResult[] };

/**
 * Runs the Tech Insights checks on the current entity
 * (`POST /api/tech-insights/checks/run/:namespace/:kind/:name`) and lists each check's
 * name, description and verdict. A stand-in for the community Tech Insights frontend
 * plugin's scorecard, which the demo's registry does not carry.
 */
export function TechInsightsScorecardCard() {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [state, setState] = useState<State>({ status: 'loading' });
  const ref = stringifyEntityRef(entity);

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    (async () => {
      const base = await discoveryApi.getBaseUrl('tech-insights');
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      const res = await fetchApi.fetch(
        `${base}/checks/run/${encodeURIComponent(
          namespace,
        )}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        },
      );
      if (!res.ok) {
        throw new Error(
          `Tech Insights answered ${res.status} ${res.statusText} when running the checks of ${ref}`,
        );
      }
      return (await res.json()) as CheckRunResult[];
    })().then(
      results => !cancelled && setState({ status: 'done', results }),
      error => !cancelled && setState({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [discoveryApi, fetchApi, ref]);

  return (
    <InfoCard title="Tech Insights scorecard">
      {state.status === 'loading' && <Progress />}
      {state.status === 'error' && <ResponseErrorPanel error={state.error} />}
      {state.status === 'done' && state.results.length === 0 && (
        <EmptyState
          missing="data"
          title="No checks ran"
          description="Tech Insights has no facts for this entity yet: the fact retrievers run on a schedule."
        />
      )}
      {state.status === 'done' && state.results.length > 0 && (
        <>
          <Typography variant="body2" color="textSecondary">
            {state.results.filter(r => r.result).length} of{' '}
            {state.results.length} checks pass
          </Typography>
          <List dense aria-label="Checks">
            {state.results.map(({ check, result }) => (
              <ListItem key={check.id}>
                <ListItemIcon>
                  {result ? (
                    <CheckCircleIcon
                      style={{ color: '#2e7d32' }}
                      titleAccess="Passed"
                    />
                  ) : (
                    <CancelIcon color="error" titleAccess="Failed" />
                  )}
                </ListItemIcon>
                <ListItemText
                  primary={check.name}
                  secondary={check.description}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </InfoCard>
  );
}
