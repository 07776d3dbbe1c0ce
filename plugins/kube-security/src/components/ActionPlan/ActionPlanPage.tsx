import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  SupportButton,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import { Box } from '@material-ui/core';
import {
  Provider,
  PROVIDERS,
} from '@kube-security/plugin-kube-security-common';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kubeSecurityApiRef } from '../../api';
import { KubeSecurityErrorPanel, PrintStyles } from '../common';
import { SecurityTabs } from '../KubeSecurityPage/SecurityTabs';
import { ActionPlanView } from './ActionPlanView';
import { ClusterAttestedPlan } from './ClusterAttestedPlan';
import { RecordTicksPicker, TickTarget } from './RecordTicksPicker';
import { useDoneItems } from './useDoneItems';
import { useOwnedClusters } from './useOwnedClusters';

/** The provider in the address (`?provider=aks`), so a link opens the same plan. */
function useProvider(): [Provider, (provider: Provider) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('provider');
  const provider = PROVIDERS.find(p => p === asked) ?? 'eks';
  const setProvider = (next: Provider) => {
    const updated = new URLSearchParams(params);
    updated.set('provider', next);
    setParams(updated, { replace: true });
  };
  return [provider, setProvider];
}

/**
 * The action plan for anyone, at /kube-security/action-plan: every practice for the chosen
 * provider, whether or not a cluster was ever scanned. Items come from the backend's
 * catalog (GET /items), which needs no scan.
 */
export const ActionPlanPage = () => {
  const api = useApi(kubeSecurityApiRef);
  const items = useAsyncRetry(async () => (await api.getItems()).items, [api]);
  const doneItems = useDoneItems();
  const [provider, setProvider] = useProvider();
  // A failed ownership lookup only hides the choice: ticks stay in the browser.
  const owned = useOwnedClusters();
  const [target, setTarget] = useState<TickTarget>('');
  const clusters = owned.value ?? [];
  const cluster = clusters.find(c => c.catalogRef === target);
  const recordPicker =
    clusters.length > 0 ? (
      <RecordTicksPicker
        clusters={clusters}
        value={cluster ? target : ''}
        onChange={setTarget}
      />
    ) : undefined;

  let body;
  if (items.loading || doneItems.loading) {
    body = <Progress />;
  } else if (items.error) {
    body = (
      <KubeSecurityErrorPanel
        error={items.error}
        title="Could not load the action plan"
      />
    );
  } else if (!items.value || items.value.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="The action plan has no items"
        description="The Kube Security backend answered with an empty catalog of practices. Check that the backend plugin is up to date."
      />
    );
  } else if (cluster) {
    body = (
      <ClusterAttestedPlan
        key={cluster.catalogRef}
        cluster={cluster}
        items={items.value}
        provider={provider}
        onProviderChange={setProvider}
        recordPicker={recordPicker}
      />
    );
  } else {
    body = (
      <>
        {doneItems.error && (
          <Box mb={2}>
            <WarningPanel
              severity="info"
              title="Ticks are not remembered"
              message={`Your sign-in could not be read (${doneItems.error.message}), so the items you tick are kept only until you leave this page.`}
            />
          </Box>
        )}
        {!doneItems.saved && (
          <Box mb={2}>
            <WarningPanel
              severity="info"
              title="This browser did not store your last tick"
              message="Browser storage is full or turned off; the ticks stay until you leave this page."
            />
          </Box>
        )}
        <ActionPlanView
          items={items.value}
          provider={provider}
          onProviderChange={setProvider}
          done={doneItems.done}
          onDoneChange={doneItems.toggle}
          recordPicker={recordPicker}
        />
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Kubernetes security"
        subtitle="The security action plan of every team, most important first"
      />
      <Content>
        <SecurityTabs selected="action-plan" />
        <Box data-ks-print-root mt={2}>
          <PrintStyles />
          <ContentHeader title="Action plan">
            <SupportButton>
              The recommended practices for EKS, GKE and AKS clusters, in plan
              order. Tick what your team has done; the ticks stay in this
              browser, for your user only, or, when your team owns a cluster,
              are recorded as attestations on it.
            </SupportButton>
          </ContentHeader>
          {body}
        </Box>
      </Content>
    </Page>
  );
};
