import { listNames } from './helpers';
import { roleRuleCheck } from './rbac';
import { approvesCertificates } from './rbac-matchers';

/** Roles that approve CertificateSigningRequests (CIS 5.1.11): they can mint client certificates. */
export const csrApprovalCheck = roleRuleCheck({
  slug: 'csr-approval',
  severity: 'high',
  match: approvesCertificates,
  describe: found =>
    `can approve CertificateSigningRequests (${listNames(
      found,
    )}), so it can issue client certificates for other identities`,
});
