import { ReactNode, useMemo, useState } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Typography } from '@material-ui/core';
import type {
  ActionItem,
  ActionItemId,
  Attestation,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kubeSecurityApiRef } from '../../api';
import {
  AttestDialog,
  formatExpiryDay,
  RevokeDialog,
  useDecisionPermissions,
} from '../decisions';
import { KubeSecurityErrorPanel } from '../common';
import { ActionPlanView } from './ActionPlanView';
import type { OwnedCluster } from './useOwnedClusters';

type Dialog =
  | { kind: 'attest'; item: ActionItem }
  | { kind: 'revoke'; item: ActionItem; attestation: Attestation };

/** The active (not revoked, not expired) attestation of each item. */
export function activeAttestations(
  attestations: readonly Attestation[],
  now: number = Date.now(),
): Map<ActionItemId, Attestation> {
  const active = new Map<ActionItemId, Attestation>();
  for (const attestation of attestations) {
    if (attestation.revokedAt) continue;
    if (Date.parse(attestation.expiresAt) <= now) continue;
    const previous = active.get(attestation.itemId);
    if (!previous || previous.expiresAt < attestation.expiresAt) {
      active.set(attestation.itemId, attestation);
    }
  }
  return active;
}

/**
 * The action plan with its ticks recorded as attestations on a cluster the user's team
 * owns: ticking opens the attestation form (statement, evidence, expiry), clearing a tick
 * revokes the attestation with a reason. They show on the cluster's Security tab and
 * count towards its score until they expire.
 */
export const ClusterAttestedPlan = ({
  cluster,
  items,
  provider,
  onProviderChange,
  recordPicker,
}: {
  cluster: OwnedCluster;
  items: readonly ActionItem[];
  provider: Provider;
  onProviderChange: (provider: Provider) => void;
  recordPicker: ReactNode;
}) => {
  const api = useApi(kubeSecurityApiRef);
  const { ref } = cluster;
  const decisions = useAsyncRetry(
    () => api.getEntityDecisions(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const { attest } = useDecisionPermissions(cluster.catalogRef);
  const [dialog, setDialog] = useState<Dialog | undefined>();

  const attested = useMemo(
    () => activeAttestations(decisions.value?.attestations ?? []),
    [decisions.value],
  );
  const doneLabels = useMemo(
    () =>
      new Map(
        [...attested].map(([id, a]) => [
          id,
          `Attested until ${formatExpiryDay(a.expiresAt)}`,
        ]),
      ),
    [attested],
  );

  if (decisions.loading && !decisions.value) return <Progress />;
  if (decisions.error || !decisions.value) {
    return (
      <KubeSecurityErrorPanel
        error={decisions.error ?? new Error('No answer')}
        title={`Could not load the attestations of ${cluster.title}`}
      />
    );
  }

  let tickDisabledReason: string | undefined;
  if (attest.loading) tickDisabledReason = 'Checking your permissions…';
  else if (!attest.allowed) {
    tickDisabledReason = `You may not attest on ${cluster.title}: the permission policy allows it only to some people, usually the owning team.`;
  }

  const open = (id: ActionItemId, done: boolean) => {
    const item = items.find(i => i.id === id);
    if (!item) return;
    const attestation = attested.get(id);
    if (done && !attestation) setDialog({ kind: 'attest', item });
    if (!done && attestation) setDialog({ kind: 'revoke', item, attestation });
  };
  const close = () => setDialog(undefined);

  return (
    <>
      <Box mb={2}>
        {tickDisabledReason && !attest.loading ? (
          <WarningPanel severity="info" title={tickDisabledReason} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            Ticks are recorded as attestations on{' '}
            <EntityRefLink entityRef={cluster.catalogRef} underline="always">
              {cluster.title}
            </EntityRefLink>
            : each needs a statement and a link to the evidence, shows on the
            cluster's Security tab and counts towards its score until it
            expires. A failing check still wins over a statement.
          </Typography>
        )}
      </Box>
      <ActionPlanView
        items={items}
        provider={provider}
        onProviderChange={onProviderChange}
        done={new Set(attested.keys())}
        onDoneChange={open}
        doneLabels={doneLabels}
        tickDisabledReason={tickDisabledReason}
        recordPicker={recordPicker}
      />
      {dialog?.kind === 'attest' && (
        <AttestDialog
          item={{ itemId: dialog.item.id, title: dialog.item.title }}
          maxDays={decisions.value.limits.maxAttestationDays}
          onClose={close}
          onSubmit={async request => {
            await api.createAttestation(ref, request);
            close();
            decisions.retry();
          }}
        />
      )}
      {dialog?.kind === 'revoke' && (
        <RevokeDialog
          target={{
            kind: 'attestation',
            id: dialog.attestation.id,
            itemTitle: dialog.item.title,
            description: `The attestation on ${cluster.title}, "${dialog.attestation.statement}"`,
          }}
          onClose={close}
          onSubmit={async reason => {
            await api.revokeAttestation(dialog.attestation.id, reason);
            close();
            decisions.retry();
          }}
        />
      )}
    </>
  );
};
