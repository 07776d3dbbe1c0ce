import type { Check } from '../../engine/check';
import { admissionWebhooksCheck } from './admission-webhooks';
import { controlPlaneAuditLogsCheck } from './control-plane-audit-logs';
import { controlPlaneZonesCheck } from './control-plane-zones';
import { metadataProtectionCheck } from './metadata-protection';
import { networkPolicySupportCheck } from './network-policy-support';
import { nodeIdentityCheck } from './node-identity';
import { nodeZonesCheck } from './node-zones';
import { privateEndpointCheck } from './private-endpoint';
import { publicEndpointCheck } from './public-endpoint';
import { publicNodeIpsCheck } from './public-node-ips';
import { rbacEnabledCheck } from './rbac-enabled';
import { secretsEncryptionCheck } from './secrets-encryption';
import { workloadIdentityCheck } from './workload-identity';

/** Checks of the cluster category: the provider's cluster settings, plus Nodes and DaemonSets. */
export const clusterChecks: Check[] = [
  publicEndpointCheck,
  privateEndpointCheck,
  publicNodeIpsCheck,
  controlPlaneZonesCheck,
  nodeZonesCheck,
  controlPlaneAuditLogsCheck,
  rbacEnabledCheck,
  networkPolicySupportCheck,
  admissionWebhooksCheck,
  workloadIdentityCheck,
  secretsEncryptionCheck,
  metadataProtectionCheck,
  nodeIdentityCheck,
];
