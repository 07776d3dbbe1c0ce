import type { Check } from '../../engine/check';
import { eksOf, isObject, list } from './descriptor';

/**
 * Human IAM users who can sign in to the console need a second factor. Only AWS exposes
 * per-user facts; Google and Microsoft Entra accounts are attested by the team.
 */
export const iamUsersMfaCheck: Check = {
  id: 'cloud-mfa-enforced/iam-users-mfa',
  itemId: 'cloud-mfa-enforced',
  run({ index, report }) {
    const users = eksOf(index)?.account?.iamUsers;
    if (!Array.isArray(users)) return false;
    list(users).forEach((user, i) => {
      if (!isObject(user)) return;
      if (user.hasConsolePassword === true && user.mfaEnabled !== true) {
        report({
          message:
            `IAM user "${user.userName}" can sign in to the AWS console with a password ` +
            'but has no MFA device.',
          resource: { kind: 'IAMUser', name: String(user.userName) },
          evidencePath: `account.iamUsers[${i}].mfaEnabled`,
        });
      }
    });
    return true;
  },
};
