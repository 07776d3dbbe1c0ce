import { useRef } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { ClustersResponse } from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import type { EarlyRequest } from '../KubeSecurityPage/earlyRequests';

/**
 * The clusters the backend knows, with their scan state; `retry` reloads them. `early` is a
 * request for them started before the page mounted: its answer is used instead of asking
 * again, and shown at once if it is in already.
 */
export function useClusters(early?: EarlyRequest<ClustersResponse>) {
  const api = useApi(kubeSecurityApiRef);
  const pending = useRef(early);
  const state = useAsyncRetry(() => {
    const request = pending.current;
    pending.current = undefined;
    return request ? request.promise : api.getClusters();
  }, [api]);
  const answered = early?.value;
  // Before the first load's own answer, the early answer that is in already.
  if (answered && state.loading && !state.value && !state.error) {
    return { ...state, loading: false, value: answered };
  }
  return state;
}
