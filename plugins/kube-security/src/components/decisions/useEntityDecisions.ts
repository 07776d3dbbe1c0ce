import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kubeSecurityAttestationCreatePermission,
  kubeSecurityExceptionCreatePermission,
} from '@kube-security/plugin-kube-security-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { KubeSecurityEntityRef, kubeSecurityApiRef } from '../../api';

/**
 * The entity's active exceptions and attestations with the limits for new ones. The
 * previous value stays while a refetch runs, so the plan does not flicker after a change.
 */
export function useEntityDecisions(entity: KubeSecurityEntityRef) {
  const api = useApi(kubeSecurityApiRef);
  const { kind, namespace, name } = entity;
  return useAsyncRetry(
    () => api.getEntityDecisions({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}

export interface DecisionPermission {
  allowed: boolean;
  loading: boolean;
}

/**
 * Whether the user may accept risks and attest on this entity. The backend checks the
 * same permissions; asking first only spares the user a form they cannot send.
 */
export function useDecisionPermissions(catalogRef: string): {
  accept: DecisionPermission;
  attest: DecisionPermission;
} {
  const accept = usePermission({
    permission: kubeSecurityExceptionCreatePermission,
    resourceRef: catalogRef,
  });
  const attest = usePermission({
    permission: kubeSecurityAttestationCreatePermission,
    resourceRef: catalogRef,
  });
  return useMemo(
    () => ({
      accept: { allowed: accept.allowed, loading: accept.loading },
      attest: { allowed: attest.allowed, loading: attest.loading },
    }),
    [accept.allowed, accept.loading, attest.allowed, attest.loading],
  );
}
