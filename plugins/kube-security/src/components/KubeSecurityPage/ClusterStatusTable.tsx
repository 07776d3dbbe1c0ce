import { StatusError, StatusOK, StatusWarning, Table, TableColumn } from '@backstage/core-components';
import type { ClusterStatus } from '@kube-security/plugin-kube-security-common';

const PROVIDER_NAMES: Record<string, string> = {
  eks: 'Amazon EKS',
  gke: 'Google GKE',
  aks: 'Azure AKS',
};

function ScanState({ cluster }: { cluster: ClusterStatus }) {
  if (cluster.stale) {
    return <StatusError>Stale: {cluster.staleReason ?? 'last scan failed'}</StatusError>;
  }
  if (!cluster.lastScan) {
    return <StatusWarning>Not scanned yet</StatusWarning>;
  }
  if (cluster.lastScan.status === 'partial') {
    return <StatusWarning>Partial scan</StatusWarning>;
  }
  return <StatusOK>{cluster.lastScan.status}</StatusOK>;
}

const columns: TableColumn<ClusterStatus>[] = [
  { title: 'Cluster', field: 'name', highlight: true },
  {
    title: 'Provider',
    render: c => (c.provider ? PROVIDER_NAMES[c.provider] : 'Unknown'),
  },
  { title: 'Source', field: 'source' },
  { title: 'Scan', render: c => <ScanState cluster={c} /> },
  {
    title: 'Data from',
    render: c =>
      c.lastGoodScanAt ? new Date(c.lastGoodScanAt).toLocaleString() : '—',
  },
];

/** The clusters and the state of their scans. */
export const ClusterStatusTable = ({ clusters }: { clusters: ClusterStatus[] }) => (
  <Table
    title="Clusters"
    options={{ paging: false, search: false, padding: 'dense' }}
    columns={columns}
    data={clusters}
  />
);
