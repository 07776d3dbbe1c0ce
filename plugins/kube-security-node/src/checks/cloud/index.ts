import type { Check } from '../../engine/check';
import { cloudAuditTrailCheck } from './cloud-audit-trail';
import { clusterAdminsCheck } from './cluster-admins';
import { dedicatedNetworkCheck } from './dedicated-network';
import { iamUsersMfaCheck } from './iam-users-mfa';
import { policiesOnUsersCheck } from './policies-on-users';

/** Checks of the cloud category: account-level facts from the cloud descriptor. */
export const cloudChecks: Check[] = [
  dedicatedNetworkCheck,
  iamUsersMfaCheck,
  policiesOnUsersCheck,
  clusterAdminsCheck,
  cloudAuditTrailCheck,
];
