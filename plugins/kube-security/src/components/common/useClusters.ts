import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kubeSecurityApiRef } from '../../api';

/** The clusters the backend knows, with their scan state; `retry` reloads them. */
export function useClusters() {
  const api = useApi(kubeSecurityApiRef);
  return useAsyncRetry(() => api.getClusters(), [api]);
}
