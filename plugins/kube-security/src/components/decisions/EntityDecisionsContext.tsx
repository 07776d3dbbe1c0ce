import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type {
  CreateAttestationRequest,
  CreateExceptionRequest,
  EntityDecisionsResponse,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { KubeSecurityEntityRef, kubeSecurityApiRef } from '../../api';
import { AcceptRiskDialog, AcceptRiskTarget } from './AcceptRiskDialog';
import { AttestDialog } from './AttestDialog';
import { formatExpiryDay } from './dates';
import { RevokeDialog, RevokeTarget } from './RevokeDialog';
import {
  DecisionPermission,
  useDecisionPermissions,
  useEntityDecisions,
} from './useEntityDecisions';

export interface EntityDecisionsContextValue {
  /** The entity's catalog ref, as permissions see it. */
  catalogRef: string;
  /** Active decisions and limits; undefined while loading or after an error. */
  decisions?: EntityDecisionsResponse;
  loading: boolean;
  loadError?: Error;
  retryLoad: () => void;
  accept: DecisionPermission;
  attest: DecisionPermission;
  /** Grows by one after every change, so views that depend on decisions reload. */
  version: number;
  openAcceptRisk: (target: AcceptRiskTarget) => void;
  openAttest: (item: PlanItem) => void;
  openRevoke: (target: RevokeTarget) => void;
}

const EntityDecisionsContext = createContext<
  EntityDecisionsContextValue | undefined
>(undefined);

/**
 * The decisions of the entity in view; undefined outside the entity tab, where plan
 * items show no decision controls.
 */
export function useEntityDecisionsContext():
  | EntityDecisionsContextValue
  | undefined {
  return useContext(EntityDecisionsContext);
}

/**
 * Loads the entity's decisions and the user's permissions, and hosts the three
 * dialogs, so that any plan item or finding row can open one. After every change the
 * decisions reload and `version` grows (the plan and the history reload on it).
 */
export const EntityDecisionsProvider = ({
  entity,
  catalogRef,
  children,
}: {
  entity: KubeSecurityEntityRef;
  catalogRef: string;
  children: ReactNode;
}) => {
  const api = useApi(kubeSecurityApiRef);
  const alertApi = useApi(alertApiRef);
  const decisions = useEntityDecisions(entity);
  const { accept, attest } = useDecisionPermissions(catalogRef);
  const [version, setVersion] = useState(0);
  const [acceptTarget, setAcceptTarget] = useState<AcceptRiskTarget>();
  const [attestItem, setAttestItem] = useState<PlanItem>();
  const [revokeTarget, setRevokeTarget] = useState<RevokeTarget>();

  const { retry } = decisions;
  const changed = useCallback(
    (message: string) => {
      retry();
      setVersion(v => v + 1);
      alertApi.post({ message, severity: 'success', display: 'transient' });
    },
    [retry, alertApi],
  );

  const value = useMemo<EntityDecisionsContextValue>(
    () => ({
      catalogRef,
      decisions: decisions.value,
      loading: decisions.loading,
      loadError: decisions.error,
      retryLoad: retry,
      accept,
      attest,
      version,
      openAcceptRisk: setAcceptTarget,
      openAttest: setAttestItem,
      openRevoke: setRevokeTarget,
    }),
    [
      catalogRef,
      decisions.value,
      decisions.loading,
      decisions.error,
      retry,
      accept,
      attest,
      version,
    ],
  );

  const limits = decisions.value?.limits;

  const createException = async (request: CreateExceptionRequest) => {
    const created = await api.createException(entity, request);
    setAcceptTarget(undefined);
    changed(`Risk accepted until ${formatExpiryDay(created.expiresAt)}.`);
  };
  const createAttestation = async (request: CreateAttestationRequest) => {
    const created = await api.createAttestation(entity, request);
    setAttestItem(undefined);
    changed(`Attested until ${formatExpiryDay(created.expiresAt)}.`);
  };
  const revoke = async (target: RevokeTarget, reason: string) => {
    if (target.kind === 'exception') {
      await api.revokeException(target.id, reason);
    } else {
      await api.revokeAttestation(target.id, reason);
    }
    setRevokeTarget(undefined);
    changed(
      target.kind === 'exception'
        ? 'Accepted risk revoked.'
        : 'Attestation revoked.',
    );
  };

  return (
    <EntityDecisionsContext.Provider value={value}>
      {children}
      {acceptTarget && limits && (
        <AcceptRiskDialog
          target={acceptTarget}
          maxDays={limits.maxExceptionDays}
          onClose={() => setAcceptTarget(undefined)}
          onSubmit={createException}
        />
      )}
      {attestItem && limits && (
        <AttestDialog
          item={attestItem}
          maxDays={limits.maxAttestationDays}
          onClose={() => setAttestItem(undefined)}
          onSubmit={createAttestation}
        />
      )}
      {revokeTarget && (
        <RevokeDialog
          target={revokeTarget}
          onClose={() => setRevokeTarget(undefined)}
          onSubmit={reason => revoke(revokeTarget, reason)}
        />
      )}
    </EntityDecisionsContext.Provider>
  );
};
