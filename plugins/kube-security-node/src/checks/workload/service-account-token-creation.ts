import { roleRuleCheck } from './rbac';
import { createsTokens } from './rbac-matchers';

/** Roles that request tokens for service accounts (CIS 5.1.13). */
export const serviceAccountTokenCreationCheck = roleRuleCheck({
  slug: 'service-account-token-creation',
  severity: 'high',
  match: createsTokens,
  describe: () =>
    'can create serviceaccounts/token, so it can obtain tokens of other service accounts and act with their rights',
});
