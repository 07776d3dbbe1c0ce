import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { kubeSecurityApiRef } from '../../api';

/** The clusters the backend knows, with their scan state. */
export function useClusters() {
  const api = useApi(kubeSecurityApiRef);
  return useAsync(() => api.getClusters(), [api]);
}
