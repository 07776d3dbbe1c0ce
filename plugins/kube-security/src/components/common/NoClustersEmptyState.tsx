import { EmptyState } from '@backstage/core-components';
import { ScrollableCode } from './ScrollableCode';

const EXAMPLE_CONFIG = `kubeSecurity:
  clusters:
    - name: prod-eu            # matches backstage.io/kubernetes-cluster / kube-security.io/cluster
      provider: eks            # eks | gke | aks: picks the remediation steps
      url: https://<api-server>
      serviceAccountToken: \${KUBE_SECURITY_PROD_EU_TOKEN}
  # or point at files exported with "kubectl get -A -o yaml":
  snapshots:
    - name: staging
      provider: gke
      directory: ./snapshots/staging`;

/** Shown while no cluster is configured: says exactly what to add to app-config.yaml. */
export const NoClustersEmptyState = () => (
  <EmptyState
    missing="data"
    title="No clusters are configured yet"
    description="Kube Security builds its action plans from the clusters it scans. Add at least one cluster (or a folder of exported manifests) under kubeSecurity in app-config.yaml; the first scan runs when the backend starts."
    action={
      <ScrollableCode
        language="yaml"
        text={EXAMPLE_CONFIG}
        label="Example configuration"
      />
    }
  />
);
